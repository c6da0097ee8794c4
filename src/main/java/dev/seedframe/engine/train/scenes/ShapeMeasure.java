package dev.seedframe.engine.train.scenes;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Simple measures of a drawn shape, taken on its largest connected patch of pixels: the fill ratio of its
 * bounding box (square 1, circle π/4, heart about 0.73, triangle ½, star about 0.4) and how much of the
 * box's width the patch covers in a band near its top and near its bottom (a triangle's apex and a
 * star's tip are narrow at the top; a heart's point is narrow at the bottom where a circle is still
 * wide; a star stands on two feet). A shape is recognised as the one whose measures, taken the same way
 * on this project's own drawing of it, are nearest.
 *
 * @param fill pixels / bounding-box area
 * @param top mean share of the box's width covered in the rows from 10 % to 20 % of its height
 * @param bottom the same from 80 % to 90 % of its height
 * @param pixels pixels in the patch
 * @param width bounding-box width
 * @param height bounding-box height
 */
public record ShapeMeasure(double fill, double top, double bottom, int pixels, int width, int height) {

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
        return new ShapeMeasure(bestSize / (double) (bw * bh), coverage(label, best, w, x0, bw, y0, bh, 0.1, 0.2),
                coverage(label, best, w, x0, bw, y0, bh, 0.8, 0.9), bestSize, bw, bh);
    }

    /** Mean share of the box's width covered by patch {@code id} in the rows from {@code from} to {@code to}. */
    private static double coverage(int[] label, int id, int w, int x0, int bw, int y0, int bh, double from, double to) {
        int r0 = y0 + (int) Math.floor(bh * from);
        int r1 = Math.max(r0 + 1, y0 + (int) Math.ceil(bh * to));
        long covered = 0;
        for (int y = r0; y < r1; y++) {
            for (int x = x0; x < x0 + bw; x++) {
                if (label[y * w + x] == id) {
                    covered++;
                }
            }
        }
        return covered / (double) ((long) (r1 - r0) * bw);
    }

    /** The shape whose reference measures are nearest to these. */
    public ShapeKind classify() {
        ShapeKind best = null;
        double bestD = Double.MAX_VALUE;
        for (Map.Entry<ShapeKind, ShapeMeasure> e : REFERENCES.entrySet()) {
            double df = fill - e.getValue().fill;
            double dt = top - e.getValue().top;
            double db = bottom - e.getValue().bottom;
            double d = df * df + dt * dt + db * db;
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
