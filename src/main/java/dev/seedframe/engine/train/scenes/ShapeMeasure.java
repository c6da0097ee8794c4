package dev.seedframe.engine.train.scenes;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Two simple measures of a drawn shape, taken on its largest connected patch of pixels: the fill ratio of
 * its bounding box (square 1, circle π/4, triangle ½, star about 0.4) and the fill of the box's top-centre
 * strip (full for a circle or a square, empty at a heart's notch), which tells a heart from a circle of
 * nearly the same fill ratio. A shape is recognised as the one whose measures, taken the same way on this
 * project's own drawing of it, are nearest.
 *
 * @param fill pixels / bounding-box area
 * @param topCentre share of the top-centre strip (top fifth of the box, middle fifth of its width) covered
 * @param pixels pixels in the patch
 * @param width bounding-box width
 * @param height bounding-box height
 */
public record ShapeMeasure(double fill, double topCentre, int pixels, int width, int height) {

    /** Side of the pictures the reference measures are taken on. */
    static final int REFERENCE_SIDE = 128;

    private static final Map<ShapeKind, ShapeMeasure> REFERENCES = references();

    /** Measures the largest 4-connected patch of {@code mask} (row-major, {@code w × h}); null if it is empty. */
    public static ShapeMeasure of(boolean[] mask, int w, int h) {
        int[] label = new int[w * h];
        int best = 0;
        int bestSize = 0;
        int next = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < w * h; start++) {
            if (!mask[start] || label[start] != 0) {
                continue;
            }
            next++;
            int size = 0;
            label[start] = next;
            queue.add(start);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                size++;
                int x = p % w;
                int y = p / w;
                int[] nb = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
                for (int q : nb) {
                    if (q >= 0 && mask[q] && label[q] == 0) {
                        label[q] = next;
                        queue.add(q);
                    }
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = next;
            }
        }
        if (bestSize == 0) {
            return null;
        }
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int p = 0; p < w * h; p++) {
            if (label[p] == best) {
                int x = p % w;
                int y = p / w;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        int bw = x1 - x0 + 1;
        int bh = y1 - y0 + 1;
        int sx0 = x0 + (int) Math.floor(bw * 0.4);
        int sx1 = x0 + (int) Math.ceil(bw * 0.6);
        int sy1 = y0 + Math.max(1, (int) Math.round(bh * 0.2));
        int inStrip = 0;
        int stripArea = 0;
        for (int y = y0; y < sy1; y++) {
            for (int x = sx0; x < sx1; x++) {
                stripArea++;
                if (label[y * w + x] == best) {
                    inStrip++;
                }
            }
        }
        return new ShapeMeasure(bestSize / (double) (bw * bh), stripArea == 0 ? 0 : inStrip / (double) stripArea,
                bestSize, bw, bh);
    }

    /** The shape whose reference measures are nearest to these. */
    public ShapeKind classify() {
        ShapeKind best = null;
        double bestD = Double.MAX_VALUE;
        for (Map.Entry<ShapeKind, ShapeMeasure> e : REFERENCES.entrySet()) {
            double df = fill - e.getValue().fill;
            double dt = topCentre - e.getValue().topCentre;
            double d = df * df + dt * dt;
            if (d < bestD) {
                bestD = d;
                best = e.getKey();
            }
        }
        return best;
    }

    /** The reference measures of each shape, drawn medium-sized in the middle of a plain picture. */
    public static Map<ShapeKind, ShapeMeasure> references() {
        if (REFERENCES != null) {
            return REFERENCES;
        }
        Map<ShapeKind, ShapeMeasure> out = new EnumMap<>(ShapeKind.class);
        for (ShapeKind k : ShapeKind.values()) {
            Scene s = new Scene(NamedColour.WHITE, false,
                    List.of(SceneObject.centred(k, NamedColour.RED, Placement.CENTER, SizeWord.MEDIUM)));
            var img = SceneRasterizer.draw(s, REFERENCE_SIDE, REFERENCE_SIDE);
            boolean[] mask = new boolean[REFERENCE_SIDE * REFERENCE_SIDE];
            for (int y = 0; y < REFERENCE_SIDE; y++) {
                for (int x = 0; x < REFERENCE_SIDE; x++) {
                    mask[y * REFERENCE_SIDE + x] = NamedColour.nearest(img.channel(x, y, 0), img.channel(x, y, 1),
                            img.channel(x, y, 2)) == NamedColour.RED;
                }
            }
            out.put(k, of(mask, REFERENCE_SIDE, REFERENCE_SIDE));
        }
        return Map.copyOf(out);
    }
}
