package dev.seedframe.domain;

import java.util.Objects;

/**
 * The pixels of one layer: a rectangle placed at {@code (x, y)} over the image below it, with its own
 * coverage. An inpaint's layer holds only the region it changed: the model's pixels there and its
 * feathered mask as alpha, so that the layer over its base gives the edit again (within one level: the
 * alpha is kept in 8 bits), and hiding it or lowering its opacity shows what is below.
 *
 * @param x left edge in the base image
 * @param y top edge in the base image
 * @param pixels the layer's colours
 * @param alpha coverage per pixel, 255 opaque and 0 transparent, the size of {@code pixels}; null for an
 *     opaque layer
 */
public record LayerPixels(int x, int y, RgbImage pixels, Mask alpha) {

    public LayerPixels {
        Objects.requireNonNull(pixels, "pixels");
        if (x < 0 || y < 0) {
            throw new IllegalArgumentException("a layer starts inside its image, not at " + x + "," + y);
        }
        if (alpha != null && (alpha.width() != pixels.width() || alpha.height() != pixels.height())) {
            throw new IllegalArgumentException("a layer's alpha is " + alpha.width() + "×" + alpha.height()
                    + " but its pixels are " + pixels.width() + "×" + pixels.height());
        }
    }

    /** A whole image as an opaque layer. */
    public static LayerPixels opaque(RgbImage image) {
        return new LayerPixels(0, 0, image, null);
    }

    public int width() {
        return pixels.width();
    }

    public int height() {
        return pixels.height();
    }

    /** Coverage at {@code (px, py)} in the layer's own coordinates, 0..255. */
    public int alphaAt(int px, int py) {
        return alpha == null ? 255 : alpha.at(px, py);
    }
}
