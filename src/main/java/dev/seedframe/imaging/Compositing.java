package dev.seedframe.imaging;

import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.RgbImage;
import java.util.List;

/**
 * Layers over an opaque base, "normal" blending (Porter-Duff source-over): each layer's pixel, with weight
 * {@code a = alpha/255 · opacity}, gives {@code round(below·(1−a) + layer·a)} per channel, in float as the
 * engine's own composite does; a weight of 0 leaves the pixel below as it is, bit for bit, and a weight of 1
 * takes the layer's. Layers reaching outside the base are clipped to it.
 */
public final class Compositing {

    /** A layer with how much of it shows. */
    public record Placed(LayerPixels layer, double opacity) {

        public Placed {
            if (!(opacity >= 0 && opacity <= 1)) {
                throw new IllegalArgumentException("opacity must be between 0 and 1, not " + opacity);
            }
        }
    }

    private Compositing() {}

    /** {@code layers}, bottom first, over {@code base}. */
    public static RgbImage composite(RgbImage base, List<Placed> layers) {
        if (layers.isEmpty()) {
            return base;
        }
        int w = base.width();
        int h = base.height();
        byte[] out = base.rgb();
        for (Placed p : layers) {
            if (p.opacity() == 0) {
                continue;
            }
            LayerPixels l = p.layer();
            byte[] px = l.pixels().rgb();
            byte[] alpha = l.alpha() == null ? null : l.alpha().values();
            float opacity = (float) p.opacity();
            int lw = l.width();
            int x1 = Math.min(w, l.x() + lw);
            int y1 = Math.min(h, l.y() + l.height());
            for (int y = l.y(); y < y1; y++) {
                for (int x = l.x(); x < x1; x++) {
                    int li = (y - l.y()) * lw + (x - l.x());
                    float a = (alpha == null ? 1f : (alpha[li] & 0xff) / 255f) * opacity;
                    if (a == 0f) {
                        continue;
                    }
                    int o = (y * w + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        out[o + c] = a == 1f ? px[li * 3 + c]
                                : (byte) Math.round((out[o + c] & 0xff) * (1f - a) + (px[li * 3 + c] & 0xff) * a);
                    }
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
