package dev.seedframe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Layered OpenRaster files, read back by an independent reader (zip, XML parser, ImageIO). */
@Tag("unit")
class OpenRasterTest {

    @Test
    void aLayeredFileReadsBackWithItsLayersPlacesAlphaAndComposite() throws Exception {
        RgbImage base = ImageImportTest.pattern();
        RgbImage patch = RgbImage.filled(10, 6, 200, 10, 20);
        byte[] a = new byte[60];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (i * 4);
        }
        Mask alpha = new Mask(10, 6, a);
        RgbImage merged = Compositing.composite(base, List.of(new Compositing.Placed(
                new LayerPixels(20, 30, patch, alpha), 0.5)));
        byte[] ora = OpenRaster.write(64, 48, List.of(
                new OpenRaster.Layer("#1 imported", 0, 0, base, null, 1.0, true),
                new OpenRaster.Layer("#2 inpaint <&\"'>", 20, 30, patch, alpha, 0.5, true),
                new OpenRaster.Layer("#3 img2img", 0, 0, RgbImage.filled(64, 48, 1, 2, 3), null, 1.0, false)), merged);
        OraReader.Ora r = OraReader.read(ora);
        assertEquals(64, r.width());
        assertEquals(48, r.height());
        assertEquals(List.of("mimetype", "stack.xml", "data/layer0.png", "data/layer1.png", "data/layer2.png",
                "mergedimage.png", "Thumbnails/thumbnail.png"), r.entryNames());
        assertEquals(3, r.layers().size());
        OraReader.Layer top = r.layers().get(0);
        OraReader.Layer mid = r.layers().get(1);
        OraReader.Layer bottom = r.layers().get(2);
        assertEquals("#3 img2img", top.name(), "the uppermost layer comes first");
        assertEquals("hidden", top.visibility());
        assertEquals("#2 inpaint <&\"'>", mid.name(), "names are escaped and read back");
        assertEquals(20, mid.x());
        assertEquals(30, mid.y());
        assertEquals(0.5, mid.opacity(), 1e-9);
        assertEquals("visible", mid.visibility());
        assertEquals(10, mid.png().getWidth());
        assertTrue(mid.png().getColorModel().hasAlpha(), "an inpaint's layer carries its alpha");
        for (int i = 0; i < 60; i++) {
            int argb = mid.png().getRGB(i % 10, i / 10);
            assertEquals(i * 4, argb >>> 24, "alpha at " + i);
            assertEquals(0xC80A14, argb & 0xffffff);
        }
        assertEquals(64, bottom.png().getWidth());
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(base.rgbAt(x, y), bottom.png().getRGB(x, y) & 0xffffff);
                assertEquals(merged.rgbAt(x, y), r.merged().getRGB(x, y) & 0xffffff);
            }
        }
        assertEquals(64, r.thumbnail().getWidth(), "a small image is its own thumbnail, not enlarged");
    }

    @Test
    void aLargeImageGetsAThumbnailOfAtMost256KeepingItsAspect() throws Exception {
        RgbImage big = RgbImage.filled(1000, 400, 9, 99, 199);
        byte[] ora = OpenRaster.write(1000, 400, List.of(new OpenRaster.Layer("base", 0, 0, big, null, 1, true)), big);
        OraReader.Ora r = OraReader.read(ora);
        assertEquals(256, r.thumbnail().getWidth());
        assertEquals(102, r.thumbnail().getHeight());
        assertEquals(0x0963C7, r.thumbnail().getRGB(100, 50) & 0xffffff);
    }
}
