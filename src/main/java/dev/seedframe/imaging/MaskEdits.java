package dev.seedframe.imaging;

import dev.seedframe.domain.Mask;
import java.util.Arrays;

/**
 * Quick masks at image resolution, besides the brush: a rectangle or a lasso (a freehand path or a polygon, both a
 * closed list of points) added to or taken from a mask, and a mask made from a picture's alpha channel. A pixel is
 * inside a shape when its centre is (even-odd rule for a lasso that crosses itself); edges are hard, the inpaint's
 * feather softens them.
 */
public final class MaskEdits {

    /** Whether a shape paints (repaint) or erases (keep). */
    public enum Op {
        ADD,
        SUBTRACT
    }

    private MaskEdits() {}

    /** {@code mask} with the rectangle {@code (x, y, w, h)} (clipped to the mask) added or taken away. */
    public static Mask rectangle(Mask mask, int x, int y, int w, int h, Op op) {
        int mw = mask.width();
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = (int) Math.min(mw, (long) x + Math.max(0, w));
        int y1 = (int) Math.min(mask.height(), (long) y + Math.max(0, h));
        byte[] v = mask.values();
        byte value = op == Op.ADD ? (byte) 255 : 0;
        for (int row = y0; row < y1; row++) {
            if (x1 > x0) {
                Arrays.fill(v, row * mw + x0, row * mw + x1, value);
            }
        }
        return new Mask(mw, mask.height(), v);
    }

    /**
     * {@code mask} with the closed lasso through the points {@code (xs[i], ys[i])}, in image pixels, added or taken
     * away. Fewer than three points enclose nothing.
     */
    public static Mask lasso(Mask mask, double[] xs, double[] ys, Op op) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("a lasso has as many x as y coordinates, not " + xs.length + " and "
                    + ys.length);
        }
        int mw = mask.width();
        int mh = mask.height();
        byte[] v = mask.values();
        int n = xs.length;
        if (n < 3) {
            return mask;
        }
        byte value = op == Op.ADD ? (byte) 255 : 0;
        double[] crossings = new double[n];
        double top = Arrays.stream(ys).min().orElse(0);
        double bottom = Arrays.stream(ys).max().orElse(0);
        int rowFrom = Math.max(0, (int) Math.floor(top));
        int rowTo = Math.min(mh - 1, (int) Math.ceil(bottom));
        for (int row = rowFrom; row <= rowTo; row++) {
            double cy = row + 0.5;
            int k = 0;
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                double ya = ys[i];
                double yb = ys[j];
                if ((ya <= cy && yb > cy) || (yb <= cy && ya > cy)) { // half-open: a vertex is counted once
                    crossings[k++] = xs[i] + (cy - ya) * (xs[j] - xs[i]) / (yb - ya);
                }
            }
            Arrays.sort(crossings, 0, k);
            for (int c = 0; c + 1 < k; c += 2) {
                // pixels whose centre x + 0.5 lies in [left, right)
                int from = Math.max(0, (int) Math.ceil(crossings[c] - 0.5));
                int to = Math.min(mw, (int) Math.ceil(crossings[c + 1] - 0.5));
                if (to > from) {
                    Arrays.fill(v, row * mw + from, row * mw + to, value);
                }
            }
        }
        return new Mask(mw, mh, v);
    }

    /**
     * A mask from a picture's alpha channel (255 opaque): with {@code repaintTransparent} the transparent parts are
     * repainted (white) and the opaque ones kept, grey where partly transparent; otherwise the opaque parts are.
     */
    public static Mask fromAlpha(Mask alpha, boolean repaintTransparent) {
        if (!repaintTransparent) {
            return alpha;
        }
        byte[] v = alpha.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (255 - (v[i] & 0xff));
        }
        return new Mask(alpha.width(), alpha.height(), v);
    }
}
