package dev.seedframe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.testing.Golden;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngTest {

    @TempDir
    Path tmp;

    static RgbImage randomImage(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new Random(seed).nextBytes(px);
        return new RgbImage(w, h, px);
    }

    @Test
    void encodedPixelsDecodeIdenticallyWithAnIndependentDecoder() throws Exception {
        RgbImage img = randomImage(37, 23, 1);
        byte[] png = Png.encode(img, Map.of());
        BufferedImage bi = ImageIO.read(new java.io.ByteArrayInputStream(png));
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                assertEquals(img.rgbAt(x, y), bi.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
        assertEquals(img, ImageFiles.decode(png, "t.png").image());
    }

    @Test
    void textChunksRoundTripIncludingChineseAsUtf8() throws Exception {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("parameters", "一只穿着唐装的熊猫坐在长城上喝咖啡\nSteps: 4, Seed: 0");
        text.put("Software", "Seedframe");
        byte[] png = Png.encode(randomImage(8, 8, 2), text);
        PngText read = ImageFiles.decode(png, "t.png").text();
        assertEquals(text, read.entries());
    }

    @Test
    void sameInputGivesSameBytes() {
        RgbImage img = randomImage(16, 16, 3);
        assertTrue(java.util.Arrays.equals(Png.encode(img, Map.of("a", "b")), Png.encode(img, Map.of("a", "b"))));
    }

    @Test
    void masksAreWrittenAsGreyscaleAndReadBackExactly() throws Exception {
        byte[] v = new byte[12 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i * 4);
        }
        Mask m = new Mask(12, 5, v);
        Path f = tmp.resolve("m.png");
        ImageFiles.writeAtomically(f, Png.encode(m, Map.of()));
        assertEquals(m, ImageFiles.readMask(f));
    }

    @Test
    void readsTheGoldenPngsWrittenByPil() throws Exception {
        ImageFiles.Decoded d = ImageFiles.read(Golden.caseDir("img2img").resolve("input.png"));
        assertEquals(64, d.image().width());
        assertFalse(d.hadAlpha());
    }

    @Test
    void rgbaInputHasItsAlphaDroppedAndSaysSo() throws Exception {
        BufferedImage bi = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        bi.setRGB(1, 2, 0x80102030);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(bi, "png", out);
        ImageFiles.Decoded d = ImageFiles.decode(out.toByteArray(), "a.png");
        assertTrue(d.hadAlpha());
        assertEquals(0x102030, d.image().rgbAt(1, 2));
    }

    @Test
    void aNonImageFileIsRefusedWithItsName() throws Exception {
        Path f = tmp.resolve("notes.txt");
        Files.writeString(f, "hello");
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFiles.read(f));
        assertTrue(e.getMessage().contains("notes.txt is not an image"), e.getMessage());
    }

    @Test
    void aTruncatedPngIsReportedAsDamaged() throws Exception {
        byte[] png = Png.encode(randomImage(32, 32, 4), Map.of());
        byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFiles.decode(cut, "cut.png"));
        assertTrue(e.getMessage().contains("cut.png"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesTheExistingFileAndNoTemporaryBehind() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ro"));
        Path target = dir.resolve("out.png");
        Files.write(target, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root ignores directory permissions: the case cannot be provoked that way there
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(dir), "running as root");
            assertThrows(java.io.IOException.class, () -> ImageFiles.writeAtomically(target, new byte[] {9}));
            assertEquals(3, Files.size(target));
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void writingIntoAMissingFolderSaysSo() {
        Path target = tmp.resolve("nope").resolve("out.png");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> ImageFiles.writeAtomically(target, new byte[] {1}));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
