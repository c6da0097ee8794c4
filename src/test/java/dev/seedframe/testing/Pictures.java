package dev.seedframe.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import java.awt.image.BufferedImage;

/** Pictures for the tests of editing a designer's own pictures, and the check that an edit kept what it must. */
public final class Pictures {

    private Pictures() {}

    /** A photo-like picture: smooth gradients with fine texture, so every pixel has its own value. */
    public static BufferedImage photo(int w, int h) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + (x * y) % 7) & 0xff;
                int g = (y * 255 / h + (x + 3 * y) % 5) & 0xff;
                int b = ((x + y) * 255 / (w + h) + (x ^ y) % 9) & 0xff;
                bi.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return bi;
    }

    /**
     * Asserts that every pixel of {@code after} where {@code mask} is 0 is {@code before}'s, bit for bit, and that
     * the masked region was repainted (more than 100 of its pixels changed).
     */
    public static void assertKeptOutside(RgbImage before, RgbImage after, Mask mask) {
        int changed = 0;
        for (int y = 0; y < before.height(); y++) {
            for (int x = 0; x < before.width(); x++) {
                if (mask.at(x, y) == 0) {
                    if (before.rgbAt(x, y) != after.rgbAt(x, y)) {
                        throw new AssertionError("pixel " + x + "," + y + " outside the mask changed");
                    }
                } else if (before.rgbAt(x, y) != after.rgbAt(x, y)) {
                    changed++;
                }
            }
        }
        assertTrue(changed > 100, "the masked region was repainted: " + changed);
    }
}
