package dev.seedframe.ui.view;

import dev.seedframe.ui.viewmodel.MaskModel;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The mask as the canvas draws it over the picture: filled in the overlay colour (alpha = the mask's value, at the
 * image's resolution), or as its outline, two screen pixels wide (the colour inside, a dark line outside), so that
 * the picture under it shows; the outline is traced at the view's resolution, sharp at any zoom.
 */
final class MaskOverlay {

    private WritableImage fill;
    private int[] fillPixels;
    private int fillRgb;
    private WritableImage outline;
    private int[] outlinePixels;
    /** What the outline was traced for: mask version, colour, scale, offsets, view size. */
    private double[] outlineKey;

    /**
     * The mask filled in {@code rgb}: all of it for a new mask or colour, else only the region the mask changed since
     * the last call ({@link MaskModel#takeChanged()}), so a brush dab on a large picture costs what it touches.
     */
    WritableImage fill(MaskModel m, int rgb) {
        int[] region = m.takeChanged();
        if (fill == null || fill.getWidth() != m.width() || fill.getHeight() != m.height() || rgb != fillRgb) {
            fill = new WritableImage(m.width(), m.height());
            fillPixels = new int[m.width() * m.height()];
            fillRgb = rgb;
            region = new int[] {0, 0, m.width(), m.height()};
        }
        if (region == null) {
            return fill;
        }
        byte[] v = m.raw();
        int w = m.width();
        int colour = rgb & 0xffffff;
        for (int y = region[1]; y < region[3]; y++) {
            for (int i = y * w + region[0], end = y * w + region[2]; i < end; i++) {
                fillPixels[i] = ((v[i] & 0xff) << 24) | colour;
            }
        }
        fill.getPixelWriter().setPixels(region[0], region[1], region[2] - region[0], region[3] - region[1],
                PixelFormat.getIntArgbInstance(), fillPixels, region[1] * w + region[0], w);
        return fill;
    }

    /**
     * The mask's outline as seen in a {@code viewWidth × viewHeight} view where image pixel (x, y) lies at {@code
     * (offsetX + x·scale, offsetY + y·scale)}; a pixel counts as masked from half strength up.
     */
    WritableImage outline(MaskModel m, int version, int rgb, double scale, double offsetX, double offsetY,
            int viewWidth, int viewHeight) {
        double[] key = {version, rgb, scale, offsetX, offsetY, viewWidth, viewHeight, m.width(), m.height()};
        if (outline != null && java.util.Arrays.equals(key, outlineKey)) {
            return outline;
        }
        int w = Math.max(1, viewWidth);
        int h = Math.max(1, viewHeight);
        if (outline == null || outline.getWidth() != w || outline.getHeight() != h) {
            outline = new WritableImage(w, h);
            outlinePixels = new int[w * h];
        }
        boolean[] in = new boolean[w * h];
        for (int sy = 0; sy < h; sy++) {
            int iy = (int) Math.floor((sy + 0.5 - offsetY) / scale);
            if (iy < 0 || iy >= m.height()) {
                continue;
            }
            for (int sx = 0; sx < w; sx++) {
                int ix = (int) Math.floor((sx + 0.5 - offsetX) / scale);
                in[sy * w + sx] = ix >= 0 && ix < m.width() && m.at(ix, iy) >= 128;
            }
        }
        int inside = 0xff000000 | (rgb & 0xffffff);
        int outside = 0xc0000000;
        java.util.Arrays.fill(outlinePixels, 0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                boolean here = in[i];
                boolean left = x > 0 && in[i - 1];
                boolean right = x < w - 1 && in[i + 1];
                boolean up = y > 0 && in[i - w];
                boolean down = y < h - 1 && in[i + w];
                if (here && !(left && right && up && down)) {
                    outlinePixels[i] = inside;
                } else if (!here && (left || right || up || down)) {
                    outlinePixels[i] = outside;
                }
            }
        }
        outline.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), outlinePixels, 0, w);
        outlineKey = key;
        return outline;
    }
}
