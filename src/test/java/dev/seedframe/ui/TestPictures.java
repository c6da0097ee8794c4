package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageImportTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The pictures the studio's import tests bring in, made here: an 8-bit PNG whose every pixel differs, a JPEG stored
 * sideways with EXIF orientation 6, a 16-bit greyscale PNG; and what each must become.
 */
final class TestPictures {

    private TestPictures() {}

    /** 64×48, every pixel different. */
    static RgbImage pattern() {
        return ImageImportTest.pattern();
    }

    static byte[] png() throws IOException {
        return ImageImportTest.write(ImageImportTest.buffered(pattern()), "png");
    }

    /** Stored 48×32, red on the left and blue on the right, to be turned 90° clockwise: 32×48, red above blue. */
    static byte[] jpegTurned() throws IOException {
        BufferedImage bi = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                bi.setRGB(x, y, x < 24 ? 0xE01010 : 0x1010E0);
            }
        }
        byte[] exif = ImageImportTest.concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1),
                ImageImportTest.exifOrientation(6));
        return ImageImportTest.afterSoi(ImageImportTest.jpeg(bi, false), 0xE1, exif);
    }

    /** Asserts the upright JPEG: 32×48, red in the top half, blue in the bottom half (JPEG's losses allowed). */
    static void assertTurnedUpright(RgbImage img) {
        assertEquals(32, img.width(), "turned: the width is the stored height");
        assertEquals(48, img.height());
        for (int y = 2; y < 46; y += 4) {
            for (int x = 2; x < 30; x += 4) {
                int r = img.channel(x, y, 0);
                int b = img.channel(x, y, 2);
                if (y < 22) {
                    assertTrue(r > 180 && b < 60, "red above at " + x + "," + y + ": " + r + "/" + b);
                } else if (y > 26) {
                    assertTrue(b > 180 && r < 60, "blue below at " + x + "," + y + ": " + r + "/" + b);
                }
            }
        }
    }

    /** 40×30 of 16-bit grey, {@code (5x + y) · 257}: each sample rounds to the 8-bit grey {@code 5x + y}. */
    static byte[] png16() throws IOException {
        BufferedImage bi = new BufferedImage(40, 30, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                bi.getRaster().setSample(x, y, 0, (5 * x + y) * 257);
            }
        }
        return ImageImportTest.write(bi, "png");
    }

    /** What {@link #png16} becomes: 8-bit RGB, each grey level copied to red, green and blue. */
    static RgbImage grey16Expected() {
        byte[] px = new byte[40 * 30 * 3];
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                int i = (y * 40 + x) * 3;
                px[i] = px[i + 1] = px[i + 2] = (byte) (5 * x + y);
            }
        }
        return new RgbImage(40, 30, px);
    }
}
