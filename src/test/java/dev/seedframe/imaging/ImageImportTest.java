package dev.seedframe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.RgbImage;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Importing a designer's pictures: every format and colour type turned into 8-bit sRGB with each conversion said,
 * and every file that cannot be imported refused with its reason. The pictures are made here (ImageIO writers and
 * byte surgery for the metadata) or are the small committed files of {@code src/test/resources/imaging}.
 */
@Tag("unit")
public class ImageImportTest {

    /** A 64×48 picture whose every pixel differs: (4x, 5y, 2(x+y)). */
    public static RgbImage pattern() {
        byte[] px = new byte[64 * 48 * 3];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int i = (y * 64 + x) * 3;
                px[i] = (byte) (4 * x);
                px[i + 1] = (byte) (5 * y);
                px[i + 2] = (byte) (2 * (x + y));
            }
        }
        return new RgbImage(64, 48, px);
    }

    public static BufferedImage buffered(RgbImage img) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                bi.setRGB(x, y, img.rgbAt(x, y));
            }
        }
        return bi;
    }

    public static byte[] write(BufferedImage bi, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(bi, format, out), "a writer for " + format);
        return out.toByteArray();
    }

    public static byte[] jpeg(BufferedImage bi, boolean progressive) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.95f);
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            w.write(null, new IIOImage(bi, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageImportTest.class.getResourceAsStream("/imaging/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /** A PNG chunk with its length and CRC. */
    static byte[] chunk(String type, byte[] data) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(o);
        d.writeInt(data.length);
        d.writeBytes(type);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        d.writeInt((int) crc.getValue());
        return o.toByteArray();
    }

    /** {@code png} with {@code chunk} inserted after its IHDR chunk. */
    static byte[] afterIhdr(byte[] png, byte[] chunk) {
        int at = 8 + 25;
        byte[] out = new byte[png.length + chunk.length];
        System.arraycopy(png, 0, out, 0, at);
        System.arraycopy(chunk, 0, out, at, chunk.length);
        System.arraycopy(png, at, out, at + chunk.length, png.length - at);
        return out;
    }

    /** {@code jpeg} with a segment inserted right after SOI. */
    public static byte[] afterSoi(byte[] jpeg, int marker, byte[] payload) {
        byte[] seg = new byte[4 + payload.length];
        seg[0] = (byte) 0xFF;
        seg[1] = (byte) marker;
        seg[2] = (byte) ((payload.length + 2) >> 8);
        seg[3] = (byte) (payload.length + 2);
        System.arraycopy(payload, 0, seg, 4, payload.length);
        byte[] out = new byte[jpeg.length + seg.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(seg, 0, out, 2, seg.length);
        System.arraycopy(jpeg, 2, out, 2 + seg.length, jpeg.length - 2);
        return out;
    }

    /** A little-endian TIFF block with one directory holding the orientation tag. */
    public static byte[] exifOrientation(int orientation) {
        return new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0,
            0, 0, 0, 0, 0};
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int maxDiff(RgbImage a, RgbImage b) {
        return dev.seedframe.service.ImageCompare.maxDiff(a, b);
    }

    @Test
    void anEightBitRgbPngComesInExactlyWithNothingToSay() throws Exception {
        ImageImport.Picture p = ImageImport.decode(write(buffered(pattern()), "png"), "p.png");
        assertEquals(pattern(), p.image());
        assertEquals(List.of(), p.notes());
        assertNull(p.alpha());
        assertEquals("png", p.format());
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void theExifOrientationOfAPngIsAppliedPixelForPixel(int orientation) throws Exception {
        RgbImage src = pattern();
        byte[] png = afterIhdr(write(buffered(src), "png"), chunk("eXIf", exifOrientation(orientation)));
        ImageImport.Picture p = ImageImport.decode(png, "turned.png");
        RgbImage up = p.image();
        boolean swap = orientation >= 5;
        assertEquals(swap ? 48 : 64, up.width());
        assertEquals(swap ? 64 : 48, up.height());
        // where each stored corner shows, by EXIF's definition of the eight orientations
        int[][] shownTopLeftFrom = {{0, 0}, {63, 0}, {63, 47}, {0, 47}, {0, 0}, {0, 47}, {63, 47}, {63, 0}};
        int[] from = shownTopLeftFrom[orientation - 1];
        assertEquals(src.rgbAt(from[0], from[1]), up.rgbAt(0, 0));
        // orientation 6: turned a quarter clockwise, the stored top row becomes the right column
        if (orientation == 6) {
            for (int x = 0; x < 64; x++) {
                assertEquals(src.rgbAt(x, 0), up.rgbAt(47, x));
            }
        }
        if (orientation == 1) {
            assertEquals(List.of(), p.notes());
        } else {
            assertEquals(List.of(Note.of(NoteCode.IMPORT_ORIENTED, orientation, 64, 48, up.width(),
                    up.height())), p.notes());
        }
    }

    @Test
    void aJpegWithExifRotationIsTurnedUpright() throws Exception {
        // left half red, right half blue, stored sideways: orientation 6 shows it turned a quarter clockwise
        BufferedImage bi = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 80; x++) {
                bi.setRGB(x, y, x < 40 ? 0xff0000 : 0x0000ff);
            }
        }
        byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exifOrientation(6));
        byte[] jpg = afterSoi(jpeg(bi, false), 0xE1, exif);
        ImageImport.Picture p = ImageImport.decode(jpg, "photo.jpg");
        assertEquals(40, p.image().width());
        assertEquals(80, p.image().height());
        int top = p.image().rgbAt(20, 10);
        int bottom = p.image().rgbAt(20, 70);
        assertTrue((top >> 16 & 0xff) > 200 && (top & 0xff) < 60, "the stored left (red) half is on top: "
                + Integer.toHexString(top));
        assertTrue((bottom & 0xff) > 200 && (bottom >> 16 & 0xff) < 60, "blue below: " + Integer.toHexString(bottom));
        assertEquals(List.of(Note.of(NoteCode.IMPORT_ORIENTED, 6, 80, 40, 40, 80)), p.notes());
    }

    @Test
    void aProgressiveJpegDecodesLikeABaselineOne() throws Exception {
        BufferedImage bi = buffered(pattern());
        ImageImport.Picture base = ImageImport.decode(jpeg(bi, false), "b.jpg");
        ImageImport.Picture prog = ImageImport.decode(jpeg(bi, true), "p.jpg");
        assertEquals("jpeg", prog.format());
        assertTrue(maxDiff(base.image(), prog.image()) <= 2, "progressive and baseline agree");
        assertTrue(maxDiff(pattern(), prog.image()) <= 24, "close to the source: " + maxDiff(pattern(), prog.image()));
        assertEquals(List.of(), prog.notes());
    }

    @Test
    void aCmykJpegIsConvertedToRgbAndSaysHow() throws Exception {
        ImageImport.Picture p = ImageImport.decode(resource("halves-cmyk.jpg"), "halves-cmyk.jpg");
        assertEquals(64, p.image().width());
        int left = p.image().rgbAt(10, 24);
        int right = p.image().rgbAt(54, 24);
        assertTrue((left >> 16 & 0xff) > 180 && (left & 0xff) < 80, "red: " + Integer.toHexString(left));
        assertTrue((right & 0xff) > 120 && (right >> 16 & 0xff) < 80, "blue: " + Integer.toHexString(right));
        assertEquals(List.of(Note.of(NoteCode.IMPORT_CMYK_GENERIC)), p.notes());
    }

    @Test
    void sixteenBitSamplesAreRoundedToEightBits() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(3, 1);
        r.setPixel(0, 0, new int[] {0xFFFF, 0x0000, 0x8080});
        r.setPixel(1, 0, new int[] {0x7F7F + 0x80, 0x0101 * 200, 0x0101 * 7 - 128});
        r.setPixel(2, 0, new int[] {65535 / 2, 1, 65534});
        byte[] png = write(new BufferedImage(cm, r, false, null), "png");
        assertEquals(16, png[24], "the test file is 16-bit");
        ImageImport.Picture p = ImageImport.decode(png, "deep.png");
        assertEquals(0xFF0080, p.image().rgbAt(0, 0));
        // 0x7FFF = 32767 → 127.498… → 127; 200·257 → 200; 7·257 − 128 = 1671 → 6.502… → 7
        assertEquals(0x7FC807, p.image().rgbAt(1, 0));
        assertEquals(0x7F00FF, p.image().rgbAt(2, 0), "32767 → 127.498… → 127, 1 → 0, 65534 → 254.996… → 255");
        assertEquals(List.of(Note.of(NoteCode.IMPORT_DEPTH_REDUCED, 16)), p.notes());
    }

    @Test
    void aPalettePngBecomesItsColours() throws Exception {
        byte[] reds = {(byte) 255, 0, 10};
        byte[] greens = {0, (byte) 128, 20};
        byte[] blues = {0, (byte) 255, 30};
        IndexColorModel icm = new IndexColorModel(2, 3, reds, greens, blues);
        BufferedImage bi = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_BINARY, icm);
        WritableRaster r = bi.getRaster();
        r.setSample(0, 0, 0, 0);
        r.setSample(1, 0, 0, 1);
        r.setSample(2, 0, 0, 2);
        r.setSample(0, 1, 0, 2);
        byte[] png = write(bi, "png");
        assertEquals(3, png[25], "the test file is a palette PNG");
        ImageImport.Picture p = ImageImport.decode(png, "pal.png");
        assertEquals(0xFF0000, p.image().rgbAt(0, 0));
        assertEquals(0x0080FF, p.image().rgbAt(1, 0));
        assertEquals(0x0A141E, p.image().rgbAt(2, 0));
        assertEquals(0x0A141E, p.image().rgbAt(0, 1));
        assertEquals(List.of(Note.of(NoteCode.IMPORT_PALETTE_TO_RGB)), p.notes());
    }

    @Test
    void aGreyscalePictureKeepsItsGreyLevels() throws Exception {
        BufferedImage bi = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        int[] levels = {0, 64, 128, 255};
        for (int x = 0; x < 4; x++) {
            bi.getRaster().setSample(x, 0, 0, levels[x]);
        }
        for (String format : new String[] {"png", "bmp", "tiff"}) {
            ImageImport.Picture p = ImageImport.decode(write(bi, format), "grey." + format);
            for (int x = 0; x < 4; x++) {
                int g = levels[x];
                assertEquals((g << 16) | (g << 8) | g, p.image().rgbAt(x, 0),
                        format + ": grey " + g + " is copied to R, G and B, not brightened as Java's linear grey would");
            }
            assertTrue(p.notes().contains(Note.of(NoteCode.IMPORT_GRAY_TO_RGB)), format + ": " + p.notes());
        }
    }

    @Test
    void webpTiffAndBmpComeInExactly() throws Exception {
        ImageImport.Picture webp = ImageImport.decode(resource("pattern-lossless.webp"), "pattern.webp");
        assertEquals("webp", webp.format());
        assertEquals(pattern(), webp.image(), "lossless WebP, pixel for pixel");
        ImageImport.Picture lossy = ImageImport.decode(resource("pattern-lossy.webp"), "lossy.webp");
        assertTrue(maxDiff(pattern(), lossy.image()) <= 40, "lossy WebP close: " + maxDiff(pattern(), lossy.image()));
        ImageImport.Picture tiff = ImageImport.decode(write(buffered(pattern()), "tiff"), "p.tif");
        assertEquals("tiff", tiff.format());
        assertEquals(pattern(), tiff.image());
        ImageImport.Picture bmp = ImageImport.decode(write(buffered(pattern()), "bmp"), "p.bmp");
        assertEquals("bmp", bmp.format());
        assertEquals(pattern(), bmp.image());
        for (ImageImport.Picture p : List.of(webp, tiff, bmp)) {
            assertEquals(List.of(), p.notes());
        }
    }

    /** Java's linear-light RGB profile ("linear sRGB"): a grey stored as 128 is 188 in sRGB. */
    static byte[] linearProfile() {
        return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    }

    @Test
    void anEmbeddedColourProfileIsConvertedToSrgbInPngAndJpeg() throws Exception {
        BufferedImage bi = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                bi.setRGB(x, y, 0x80786E);
            }
        }
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        z.write("linear".getBytes(StandardCharsets.ISO_8859_1));
        z.write(0);
        z.write(0);
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(linearProfile());
        }
        byte[] png = afterIhdr(write(bi, "png"), chunk("iCCP", z.toByteArray()));
        ByteArrayOutputStream app2 = new ByteArrayOutputStream();
        app2.write("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1));
        app2.write(1);
        app2.write(1);
        app2.write(linearProfile());
        byte[] jpg = afterSoi(jpeg(bi, false), 0xE2, app2.toByteArray());
        Note note = Note.of(NoteCode.IMPORT_PROFILE_CONVERTED, "linear sRGB");
        for (ImageImport.Picture p : List.of(ImageImport.decode(png, "lin.png"), ImageImport.decode(jpg, "lin.jpg"))) {
            int c = p.image().rgbAt(4, 4);
            assertTrue(Math.abs((c >> 16 & 0xff) - 188) <= 2 && Math.abs((c >> 8 & 0xff) - 182) <= 2
                    && Math.abs((c & 0xff) - 175) <= 2, p.format() + ": linear (128,120,110) is about sRGB (188,182,175),"
                    + " got " + Integer.toHexString(c));
            assertEquals(List.of(note), p.notes(), p.format());
        }
    }

    @Test
    void anSrgbProfileIsLeftAlone() throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        z.write("sRGB".getBytes(StandardCharsets.ISO_8859_1));
        z.write(0);
        z.write(0);
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        }
        byte[] png = afterIhdr(write(buffered(pattern()), "png"), chunk("iCCP", z.toByteArray()));
        ImageImport.Picture p = ImageImport.decode(png, "srgb.png");
        assertEquals(pattern(), p.image(), "no round trip through colour management");
        assertEquals(List.of(), p.notes());
    }

    @Test
    void anAlphaChannelIsSetAsideAsAMaskSource() throws Exception {
        BufferedImage bi = new BufferedImage(4, 2, BufferedImage.TYPE_INT_ARGB);
        bi.setRGB(0, 0, 0xFF112233);
        bi.setRGB(1, 0, 0x80445566);
        bi.setRGB(2, 0, 0x00778899);
        bi.setRGB(3, 0, 0xFFAABBCC);
        for (int x = 0; x < 4; x++) {
            bi.setRGB(x, 1, 0xFF000000);
        }
        ImageImport.Picture p = ImageImport.decode(write(bi, "png"), "cutout.png");
        assertNotNull(p.alpha());
        assertEquals(255, p.alpha().at(0, 0));
        assertEquals(0x80, p.alpha().at(1, 0));
        assertEquals(0, p.alpha().at(2, 0));
        assertEquals(0x112233, p.image().rgbAt(0, 0));
        assertEquals(0x445566, p.image().rgbAt(1, 0), "colours are kept as they are, not premultiplied");
        assertEquals(0x778899, p.image().rgbAt(2, 0));
        assertEquals(List.of(Note.of(NoteCode.IMPORT_ALPHA_KEPT, 2, 8)), p.notes());

        BufferedImage opaque = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        opaque.setRGB(0, 0, 0xFF010203);
        opaque.setRGB(1, 0, 0xFF010203);
        opaque.setRGB(0, 1, 0xFF010203);
        opaque.setRGB(1, 1, 0xFF010203);
        ImageImport.Picture o = ImageImport.decode(write(opaque, "png"), "opaque.png");
        assertNull(o.alpha(), "a fully opaque alpha channel holds no mask");
        assertEquals(List.of(Note.of(NoteCode.IMPORT_ALPHA_OPAQUE)), o.notes());
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void aTruncatedPngOrJpegIsRefusedAsCutShort() throws Exception {
        byte[] png = write(buffered(pattern()), "png");
        ImageFormatException p = assertThrows(ImageFormatException.class,
                () -> ImageImport.decode(Arrays.copyOf(png, png.length / 2), "half.png"));
        assertTrue(p.getMessage().startsWith("half.png is damaged or cut short"), p.getMessage());
        BufferedImage big = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        java.util.Random rnd = new java.util.Random(1);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                big.setRGB(x, y, rnd.nextInt());
            }
        }
        byte[] jpg = jpeg(big, false);
        ImageFormatException j = assertThrows(ImageFormatException.class,
                () -> ImageImport.decode(Arrays.copyOf(jpg, jpg.length / 2), "half.jpg"));
        assertTrue(j.getMessage().startsWith("half.jpg is damaged or cut short"), j.getMessage());
    }

    /** A PNG that is only a header saying {@code w × h}: decoding it would need {@code 3·w·h} bytes. */
    public static byte[] pngHeaderOnly(int w, int h) throws IOException {
        byte[] ihdr = new byte[13];
        ihdr[0] = (byte) (w >>> 24);
        ihdr[1] = (byte) (w >>> 16);
        ihdr[2] = (byte) (w >>> 8);
        ihdr[3] = (byte) w;
        ihdr[4] = (byte) (h >>> 24);
        ihdr[5] = (byte) (h >>> 16);
        ihdr[6] = (byte) (h >>> 8);
        ihdr[7] = (byte) h;
        ihdr[8] = 8;
        ihdr[9] = 2;
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        return concat(concat(sig, chunk("IHDR", ihdr)), chunk("IEND", new byte[0]));
    }

    @Test
    void aPictureOverOneHundredMegapixelsIsRefusedFromItsHeaderWithoutDecodingIt() throws Exception {
        // 60000² would be 10.8 GB of RGB: more than this JVM has, so a refusal proves nothing was allocated
        byte[] png = pngHeaderOnly(60000, 60000);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageImport.decode(png, "huge.png"));
        assertEquals("huge.png is 60000×60000 pixels (3600.0 megapixels); Seedframe imports pictures of up to 100"
                + " megapixels. Scale it down first.", e.getMessage());
        // just over the limit, in a JPEG header (SOF0 after the JDK writer's JFIF segment)
        byte[] jpg = jpeg(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), false);
        int sof = 2;
        while (!((jpg[sof] & 0xff) == 0xFF && (jpg[sof + 1] & 0xff) == 0xC0)) {
            sof++;
        }
        jpg[sof + 5] = (byte) (10001 >> 8);
        jpg[sof + 6] = (byte) (10001 & 0xff);
        jpg[sof + 7] = (byte) (10000 >> 8);
        jpg[sof + 8] = (byte) (10000 & 0xff);
        ImageFormatException j = assertThrows(ImageFormatException.class, () -> ImageImport.decode(jpg, "wide.jpg"));
        assertEquals("wide.jpg is 10000×10001 pixels (100.0 megapixels); Seedframe imports pictures of up to 100"
                + " megapixels. Scale it down first.", j.getMessage());
    }

    @Test
    void somethingThatIsNotAPictureIsRefused() {
        ImageFormatException text = assertThrows(ImageFormatException.class,
                () -> ImageImport.decode("these are my notes\n".getBytes(StandardCharsets.UTF_8), "notes.png"));
        assertEquals("notes.png is not an image Seedframe can read (it reads PNG, JPEG, WebP, TIFF, BMP and GIF files)",
                text.getMessage());
        ImageFormatException empty = assertThrows(ImageFormatException.class,
                () -> ImageImport.decode(new byte[0], "empty.jpg"));
        assertEquals("empty.jpg is empty (0 bytes): not an image", empty.getMessage());
    }
}
