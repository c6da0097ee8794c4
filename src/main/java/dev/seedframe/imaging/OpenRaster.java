package dev.seedframe.imaging;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes layered OpenRaster files ({@code .ora}: Krita, GIMP, MyPaint and others open them), as the OpenRaster
 * baseline file layout and layer stack specifications describe: a Zip whose first entry is {@code mimetype},
 * stored uncompressed and holding {@code image/openraster}; {@code stack.xml} (the layer stack, uppermost layer
 * first, each layer at its {@code x}, {@code y} with its opacity and visibility); one PNG per layer under {@code
 * data/}; {@code mergedimage.png}, the composite; {@code Thumbnails/thumbnail.png}, at most 256×256.
 */
public final class OpenRaster {

    /** The content of the {@code mimetype} entry. */
    public static final String MIME_TYPE = "image/openraster";

    /** The specification version the stack says it follows. */
    static final String VERSION = "0.0.5";

    /** Largest side of the thumbnail. */
    public static final int THUMBNAIL_SIDE = 256;

    /**
     * One layer.
     *
     * @param name its name
     * @param x left edge in the image
     * @param y top edge
     * @param pixels its colours
     * @param alpha its coverage (255 opaque), or null when opaque
     * @param opacity 0..1
     * @param visible whether it shows
     */
    public record Layer(String name, int x, int y, RgbImage pixels, Mask alpha, double opacity, boolean visible) {}

    private OpenRaster() {}

    /**
     * The bytes of an OpenRaster file.
     *
     * @param width the image's width
     * @param height the image's height
     * @param layersBottomFirst the layers, the lowest first (the stack lists them the other way round)
     * @param merged the composite of the visible layers, {@code width × height}
     */
    public static byte[] write(int width, int height, List<Layer> layersBottomFirst, RgbImage merged) {
        if (merged.width() != width || merged.height() != height) {
            throw new IllegalArgumentException("the merged image is " + merged.width() + "x" + merged.height()
                    + ", not " + width + "x" + height);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            byte[] mime = MIME_TYPE.getBytes(StandardCharsets.US_ASCII);
            ZipEntry m = new ZipEntry("mimetype");
            m.setMethod(ZipEntry.STORED);
            m.setSize(mime.length);
            m.setCompressedSize(mime.length);
            CRC32 crc = new CRC32();
            crc.update(mime);
            m.setCrc(crc.getValue());
            zip.putNextEntry(m);
            zip.write(mime);
            zip.closeEntry();

            StringBuilder xml = new StringBuilder();
            xml.append("<?xml version='1.0' encoding='UTF-8'?>\n");
            xml.append("<image version=\"").append(VERSION).append("\" w=\"").append(width).append("\" h=\"")
                    .append(height).append("\">\n  <stack>\n");
            for (int i = layersBottomFirst.size() - 1; i >= 0; i--) {
                Layer l = layersBottomFirst.get(i);
                xml.append(String.format(Locale.ROOT, "    <layer name=\"%s\" src=\"data/layer%d.png\" x=\"%d\" y=\"%d\""
                        + " opacity=\"%s\" visibility=\"%s\" composite-op=\"svg:src-over\"/>%n", escape(l.name()), i,
                        l.x(), l.y(), opacityText(l.opacity()), l.visible() ? "visible" : "hidden"));
            }
            xml.append("  </stack>\n</image>\n");
            deflated(zip, "stack.xml", xml.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < layersBottomFirst.size(); i++) {
                Layer l = layersBottomFirst.get(i);
                byte[] png = l.alpha() == null ? Png.encode(l.pixels(), Map.of())
                        : Png.encodeRgba(l.pixels(), l.alpha(), Map.of());
                deflated(zip, "data/layer" + i + ".png", png);
            }
            deflated(zip, "mergedimage.png", Png.encode(merged, Map.of()));
            deflated(zip, "Thumbnails/thumbnail.png", Png.encode(thumbnail(merged), Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return bytes.toByteArray();
    }

    private static void deflated(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    /** The image scaled to fit {@link #THUMBNAIL_SIDE} (box-averaged), never enlarged. */
    static RgbImage thumbnail(RgbImage img) {
        int w = img.width();
        int h = img.height();
        double scale = Math.min(1.0, (double) THUMBNAIL_SIDE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        if (tw == w && th == h) {
            return img;
        }
        byte[] src = img.rgb();
        byte[] out = new byte[tw * th * 3];
        for (int ty = 0; ty < th; ty++) {
            int y0 = (int) ((long) ty * h / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (ty + 1) * h / th));
            for (int tx = 0; tx < tw; tx++) {
                int x0 = (int) ((long) tx * w / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (tx + 1) * w / tw));
                long[] sum = new long[3];
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        for (int c = 0; c < 3; c++) {
                            sum[c] += src[(y * w + x) * 3 + c] & 0xff;
                        }
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0);
                for (int c = 0; c < 3; c++) {
                    out[(ty * tw + tx) * 3 + c] = (byte) ((sum[c] + n / 2) / n);
                }
            }
        }
        return new RgbImage(tw, th, out);
    }

    private static String opacityText(double opacity) {
        return String.format(Locale.ROOT, "%.3f", opacity);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
