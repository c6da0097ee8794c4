package dev.seedframe.imaging;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reading image files of any common format, and writing PNG files atomically. */
public final class ImageFiles {

    /** Image files larger than this are refused before they are read (a 100-megapixel BMP is 286 MiB). */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private ImageFiles() {}

    /**
     * A decoded image.
     *
     * @param image its RGB pixels
     * @param hadAlpha true if the file had an alpha channel, which was dropped (as PIL's
     *     {@code convert("RGB")} does, which the reference pipelines use)
     * @param text PNG text chunks (empty for other formats)
     * @param format the format name ("png", "jpeg", ...)
     */
    public record Decoded(RgbImage image, boolean hadAlpha, PngText text, String format) {}

    /** Reads an image file. */
    public static Decoded read(Path file) throws ImageFormatException, IOException {
        return decode(readBounded(file), file.getFileName().toString());
    }

    /** The bytes of an image file, refusing one over {@link #MAX_FILE_BYTES} before reading it. */
    public static byte[] readBounded(Path file) throws ImageFormatException, IOException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ImageFormatException(file.getFileName() + " is " + (size >> 20) + " MiB; the largest image"
                        + " file Seedframe reads is " + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "file not found");
        }
    }

    /** Decodes image bytes; {@code name} is used in messages. */
    public static Decoded decode(byte[] bytes, String name) throws ImageFormatException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new ImageFormatException(
                        name + " is not an image Seedframe can read (supported: PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                // refused from the header, before decoding: the limit of picture imports
                ImageImport.checkSize(name, reader.getWidth(0), reader.getHeight(0));
                BufferedImage bi = reader.read(0);
                String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                PngText text = PngText.empty();
                if (Png.isPng(bytes)) {
                    try (InputStream in = new ByteArrayInputStream(bytes)) {
                        text = Png.readText(in);
                    }
                }
                return new Decoded(toRgb(bi), bi.getColorModel().hasAlpha(), text, format);
            } finally {
                reader.dispose();
            }
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageFormatException(name + " is damaged or not a readable image: " + e.getMessage(), e);
        }
    }

    /** Converts pixels exactly: 8-bit samples are taken as they are (no colour management). */
    static RgbImage toRgb(BufferedImage bi) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        byte[] px = new byte[w * h * 3];
        Raster r = bi.getRaster();
        int bands = r.getNumBands();
        boolean direct = !(bi.getColorModel() instanceof java.awt.image.IndexColorModel)
                && (bands == 1 || bands == 2 || bands == 3 || bands == 4);
        int bits = bi.getColorModel().getComponentSize(0);
        if (direct && (bits == 8 || bits == 16)) {
            int shift = bits == 16 ? 8 : 0;
            int[] row = new int[w * bands];
            for (int y = 0; y < h; y++) {
                r.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    if (bands <= 2) {
                        byte g = (byte) (row[x * bands] >>> shift);
                        px[o] = g;
                        px[o + 1] = g;
                        px[o + 2] = g;
                    } else {
                        px[o] = (byte) (row[x * bands] >>> shift);
                        px[o + 1] = (byte) (row[x * bands + 1] >>> shift);
                        px[o + 2] = (byte) (row[x * bands + 2] >>> shift);
                    }
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = bi.getRGB(x, y);
                    int o = (y * w + x) * 3;
                    px[o] = (byte) (argb >>> 16);
                    px[o + 1] = (byte) (argb >>> 8);
                    px[o + 2] = (byte) argb;
                }
            }
        }
        return new RgbImage(w, h, px);
    }

    /**
     * Reads a mask image: converted to greyscale as PIL's {@code convert("L")} does (ITU-R 601-2
     * luma, integer rounding), so white means repaint and black keep.
     */
    public static Mask readMask(Path file) throws ImageFormatException, IOException {
        return toMask(read(file).image());
    }

    public static Mask toMask(RgbImage img) {
        byte[] rgb = img.rgb();
        byte[] v = new byte[img.width() * img.height()];
        for (int i = 0; i < v.length; i++) {
            int r = rgb[3 * i] & 0xff;
            int g = rgb[3 * i + 1] & 0xff;
            int b = rgb[3 * i + 2] & 0xff;
            v[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16);
        }
        return new Mask(img.width(), img.height(), v);
    }

    /**
     * Writes bytes to {@code target} atomically: a temporary file beside it is written and synced,
     * then renamed over the target. A failure (full disk, no permission) leaves any existing file
     * untouched and no partial file behind.
     */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "the folder does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(target + " is a folder, not a file name");
        }
        // A temporary name beside the target, created with the default permissions (umask applies), so
        // the final file is as readable as any file the user creates.
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(dir.toString(), null, "no permission to write in this folder");
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
