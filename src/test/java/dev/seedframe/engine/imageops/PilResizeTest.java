package dev.seedframe.engine.imageops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.testing.Golden;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Against resizes made by Pillow 12.3 itself (src/test/resources/pil/README.md). */
class PilResizeTest {

    static Path dir() {
        return Golden.dir().getParent().resolve("pil");
    }

    static RgbImage read(String name) throws Exception {
        BufferedImage bi = ImageIO.read(dir().resolve(name).toFile());
        byte[] px = new byte[bi.getWidth() * bi.getHeight() * 3];
        var r = bi.getRaster();
        int[] s = new int[r.getNumBands()];
        for (int y = 0; y < bi.getHeight(); y++) {
            for (int x = 0; x < bi.getWidth(); x++) {
                r.getPixel(x, y, s);
                int o = (y * bi.getWidth() + x) * 3;
                for (int c = 0; c < 3; c++) {
                    px[o + c] = (byte) s[s.length == 1 ? 0 : c];
                }
            }
        }
        return new RgbImage(bi.getWidth(), bi.getHeight(), px);
    }

    @Test
    void everyResizeIsPixelIdenticalToPillow() throws Exception {
        JsonObject cases = JsonParser.parseString(Golden.read(dir().resolve("cases.json"))).getAsJsonObject();
        RgbImage src = read("source.png");
        for (var el : cases.getAsJsonArray("cases")) {
            JsonObject c = el.getAsJsonObject();
            RgbImage expected = read(c.get("file").getAsString());
            PilResize.Filter f = PilResize.Filter.valueOf(c.get("filter").getAsString());
            int w = c.get("width").getAsInt();
            int h = c.get("height").getAsInt();
            if (c.has("source")) {
                RgbImage l = read(c.get("source").getAsString());
                Mask m = new Mask(l.width(), l.height(), grey(l));
                Mask got = PilResize.resize(m, w, h, f);
                assertEquals(new Mask(w, h, grey(expected)), got, c.get("file").getAsString());
            } else {
                assertEquals(expected, PilResize.resize(src, w, h, f), c.get("file").getAsString());
            }
        }
    }

    private static byte[] grey(RgbImage img) {
        byte[] rgb = img.rgb();
        byte[] g = new byte[img.width() * img.height()];
        for (int i = 0; i < g.length; i++) {
            g[i] = rgb[i * 3];
        }
        return g;
    }

    @Test
    void resizingToTheSameSizeReturnsTheImageUnchanged() throws Exception {
        RgbImage src = read("source.png");
        assertSame(src, PilResize.resize(src, src.width(), src.height(), PilResize.Filter.LANCZOS));
    }
}
