package dev.seedframe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Normal blending of layers over a base, pixel by pixel. */
@Tag("unit")
class CompositingTest {

    @Test
    void layersBlendByAlphaTimesOpacityAndLeaveEverythingElseBitForBit() {
        RgbImage base = ImageImportTest.pattern();
        // an opaque 4×2 layer at 10,5 and a half-covered 3×3 layer at 11,5 on top of it
        RgbImage red = RgbImage.filled(4, 2, 255, 0, 0);
        RgbImage blue = RgbImage.filled(3, 3, 0, 0, 255);
        byte[] a = new byte[9];
        java.util.Arrays.fill(a, (byte) 128);
        a[0] = 0;
        LayerPixels l1 = new LayerPixels(10, 5, red, null);
        LayerPixels l2 = new LayerPixels(11, 5, blue, new Mask(3, 3, a));
        RgbImage out = Compositing.composite(base, List.of(new Compositing.Placed(l1, 1.0),
                new Compositing.Placed(l2, 1.0)));
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                boolean in1 = x >= 10 && x < 14 && y >= 5 && y < 7;
                boolean in2 = x >= 11 && x < 14 && y >= 5 && y < 8 && !(x == 11 && y == 5);
                if (!in1 && !in2) {
                    assertEquals(base.rgbAt(x, y), out.rgbAt(x, y), "outside every layer: the base, at " + x + "," + y);
                }
            }
        }
        assertEquals(0xFF0000, out.rgbAt(10, 5), "the opaque layer");
        assertEquals(0xFF0000, out.rgbAt(11, 5), "under the top layer's transparent pixel");
        float w = 128 / 255f;
        int r = Math.round(255 * (1 - w));
        int b = Math.round(255 * w);
        assertEquals((r << 16) | b, out.rgbAt(12, 5), "half blue over red");
        int under = base.rgbAt(12, 7);
        int expected = (Math.round((under >> 16 & 0xff) * (1 - w)) << 16)
                | (Math.round((under >> 8 & 0xff) * (1 - w)) << 8) | Math.round((under & 0xff) * (1 - w) + 255 * w);
        assertEquals(expected, out.rgbAt(12, 7), "half blue over the base");
    }

    @Test
    void opacityScalesALayerAndZeroOrNoLayersLeaveTheBase() {
        RgbImage base = RgbImage.filled(4, 4, 100, 100, 100);
        LayerPixels white = new LayerPixels(0, 0, RgbImage.filled(2, 2, 255, 255, 255), null);
        RgbImage quarter = Compositing.composite(base, List.of(new Compositing.Placed(white, 0.25)));
        int v = Math.round(100 * 0.75f + 255 * 0.25f);
        assertEquals((v << 16) | (v << 8) | v, quarter.rgbAt(1, 1));
        assertEquals(0x646464, quarter.rgbAt(2, 2));
        assertEquals(base, Compositing.composite(base, List.of(new Compositing.Placed(white, 0.0))));
        assertSame(base, Compositing.composite(base, List.of()));
    }

    @Test
    void aLayerReachingBeyondTheBaseIsClipped() {
        RgbImage base = RgbImage.filled(4, 4, 0, 0, 0);
        RgbImage out = Compositing.composite(base, List.of(new Compositing.Placed(
                new LayerPixels(3, 3, RgbImage.filled(5, 5, 9, 9, 9), null), 1)));
        assertEquals(0x090909, out.rgbAt(3, 3));
        assertEquals(0, out.rgbAt(2, 3));
    }
}
