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
     * A photo-like landscape for looking at (the screenshots): a dusk sky over layered hills in haze, a lake that
     * mirrors them, a low sun, a red boat, and a fine grain; the same picture for the same size.
     */
    public static BufferedImage landscape(int w, int h) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.util.Random grain = new java.util.Random(7);
        double horizon = h * 0.58;
        double sunX = w * 0.68;
        double sunY = h * 0.40;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean water = y > horizon;
                double sy = water ? 2 * horizon - y : y; // the lake mirrors the sky and hills
                double t = sy / horizon;
                double r = 40 + 200 * t * t;
                double g = 60 + 120 * t * t;
                double b = 120 + 60 * (1 - t);
                double d = Math.hypot(x - sunX, sy - sunY) / h;
                double glow = Math.exp(-d * 9);
                r += 120 * glow;
                g += 90 * glow;
                b += 30 * glow;
                if (d < 0.035) {
                    r = 255;
                    g = 236;
                    b = 190;
                }
                for (int layer = 0; layer < 3; layer++) {
                    double top = horizon - h * (0.16 - 0.045 * layer)
                            + h * 0.035 * Math.sin(x * (0.004 + 0.003 * layer) + layer * 1.7)
                            + h * 0.015 * Math.sin(x * 0.021 + layer);
                    if (sy >= top) {
                        double haze = 0.55 - 0.22 * layer;
                        r = r * haze + (30 + 25 * layer) * (1 - haze);
                        g = g * haze + (45 + 35 * layer) * (1 - haze);
                        b = b * haze + (70 + 10 * layer) * (1 - haze);
                    }
                }
                if (water) {
                    double ripple = 0.82 + 0.08 * Math.sin(y * 0.9 + 3 * Math.sin(x * 0.013));
                    r *= ripple;
                    g *= ripple;
                    b = b * ripple + 12;
                }
                double bx = (x - w * 0.30) / (w * 0.05);
                double by = (y - (horizon + h * 0.12)) / (h * 0.02);
                if (Math.abs(bx) < 1 - Math.max(0, by) * 0.5 && by > -1 && by < 1) {
                    r = 190;
                    g = 40;
                    b = 35;
                }
                int n = (int) (grain.nextGaussian() * 4);
                bi.setRGB(x, y, clamp(r + n) << 16 | clamp(g + n) << 8 | clamp(b + n));
            }
        }
        return bi;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
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
