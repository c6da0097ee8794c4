package dev.seedframe.engine.imageops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.RgbImage;
import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskOpsTest {

    static Mask random(int w, int h, long seed, double density) {
        Random r = new Random(seed);
        byte[] v = new byte[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < density ? (byte) (1 + r.nextInt(255)) : 0;
        }
        return new Mask(w, h, v);
    }

    @Test
    void theDistanceTransformIsExactAgainstBruteForce() {
        Mask m = random(23, 17, 3, 0.85);
        float[] d = MaskOps.distanceToKept(m);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 23; x++) {
                double best = Double.MAX_VALUE;
                for (int yy = 0; yy < 17; yy++) {
                    for (int xx = 0; xx < 23; xx++) {
                        if (m.at(xx, yy) == 0) {
                            best = Math.min(best, Math.hypot(x - xx, y - yy));
                        }
                    }
                }
                assertEquals(best, d[y * 23 + x], 1e-5, "at " + x + "," + y);
            }
        }
    }

    @Test
    void theBinarisationFollowsDiffusersHalfThreshold() {
        byte[] v = {0, 127, (byte) 128, (byte) 255};
        assertArrayEquals(new float[] {0, 0, 1, 1}, MaskOps.binarize(new Mask(4, 1, v)));
    }

    @Test
    void nearestDownscalingTakesTheTopLeftSampleOfEachCell() {
        float[] src = new float[8 * 8];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        float[] out = MaskOps.nearest(src, 8, 8, 2, 2);
        assertArrayEquals(new float[] {0, 4, 32, 36}, out);
    }

    @Test
    void compositingCopiesEveryUnmaskedPixelAndProvesIt() {
        Random r = new Random(5);
        byte[] a = new byte[40 * 30 * 3];
        byte[] b = new byte[40 * 30 * 3];
        r.nextBytes(a);
        r.nextBytes(b);
        RgbImage src = new RgbImage(40, 30, a);
        RgbImage gen = new RgbImage(40, 30, b);
        Mask m = random(40, 30, 9, 0.5);
        MaskOps.Composite c = MaskOps.composite(src, gen, MaskOps.compositeAlpha(m, 3));
        long kept = 0;
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                if (m.at(x, y) == 0) {
                    assertEquals(src.rgbAt(x, y), c.image().rgbAt(x, y));
                    kept++;
                }
            }
        }
        assertEquals(kept, c.preservation().pixelsKept());
        assertTrue(c.preservation().identical());
    }

    @Test
    void theFeatherRampsFromTheMaskEdgeInwards() {
        byte[] v = new byte[21];
        for (int i = 5; i < 21; i++) {
            v[i] = (byte) 255;
        }
        float[] a = MaskOps.compositeAlpha(new Mask(21, 1, v), 4);
        assertEquals(0f, a[4]);
        assertEquals(0.25f, a[5], 1e-6);
        assertEquals(0.75f, a[7], 1e-6);
        assertEquals(1f, a[9]);
        assertEquals(1f, a[20]);
    }

    @Test
    void outpaintExtentsAreRoundedUpOnTheRequestedSide() {
        assertEquals(new Outpaint(0, 0, 37, 43), OutpaintPlan.roundedExtents(64, 40, new Outpaint(0, 0, 37, 37), 8));
        assertEquals(new Outpaint(20, 0, 0, 0), OutpaintPlan.roundedExtents(60, 64, new Outpaint(16, 0, 0, 0), 8));
        assertEquals(new Outpaint(0, 0, 37, 37), OutpaintPlan.toAspect(64, 40, 9, 16));
        assertEquals(new Outpaint(12, 12, 0, 0), OutpaintPlan.toAspect(40, 64, 1, 1));
    }

    @Test
    void theOutpaintCanvasKeepsTheSourceAndMasksTheNewArea() {
        Random r = new Random(2);
        byte[] px = new byte[32 * 48 * 3];
        r.nextBytes(px);
        RgbImage src = new RgbImage(32, 48, px);
        OutpaintPlan p = OutpaintPlan.of(src, new Outpaint(0, 0, 8, 8), 8, new ArrayList<>());
        assertEquals(32, p.canvas().width());
        assertEquals(64, p.canvas().height());
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(src.rgbAt(x, y), p.canvas().rgbAt(x, y + 8));
            }
        }
        assertEquals(255, p.mask().at(5, 2));
        assertEquals(0, p.mask().at(5, 8 + 24), "beyond the overlap band the source is kept");
        assertTrue(p.mask().at(5, 8) > 0, "the seam is repainted");
    }
}
