package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.Mask;
import dev.seedframe.imaging.MaskEdits;
import dev.seedframe.service.ContextBoxes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The inpainting mask as it is painted: one byte per image pixel (255 = repaint), at the image's
 * resolution whatever the zoom. Brush dabs have a radius and a hardness (1 = hard edge, 0 = soft all
 * the way from the centre); the eraser lowers values with the same profile. Rectangles and lassos add
 * to it or take from it with hard edges (the inpaint's feather softens them), and a whole mask can
 * replace it (a mask file, a picture's transparency). Every stroke, shape, invert, clear and
 * replacement can be undone and redone.
 */
public final class MaskModel {

    static final int UNDO_LIMIT = 40;

    private final int width;
    private final int height;
    private byte[] values;
    private final Deque<byte[]> undo = new ArrayDeque<>();
    private final Deque<byte[]> redo = new ArrayDeque<>();
    /** The region changed since {@link #takeChanged()} last ran, {x0, y0, x1, y1} (exclusive ends), or null. */
    private int[] changed;

    public MaskModel(int width, int height) {
        this.width = width;
        this.height = height;
        this.values = new byte[width * height];
        this.changed = new int[] {0, 0, width, height};
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 0..255 at {@code (x, y)}. */
    public int at(int x, int y) {
        return values[y * width + x] & 0xff;
    }

    /** Direct access for drawing the overlay; do not modify. */
    public byte[] raw() {
        return values;
    }

    public boolean isEmpty() {
        for (byte v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    public Mask toMask() {
        return new Mask(width, height, values);
    }

    /** Call before the first dab of a stroke: the state before it becomes one undo step. */
    public void beginStroke() {
        checkpoint();
    }

    private void checkpoint() {
        undo.push(values.clone());
        while (undo.size() > UNDO_LIMIT) {
            undo.removeLast();
        }
        redo.clear();
    }

    /**
     * One round dab centred at image coordinates {@code (cx, cy)}.
     *
     * @param radius in image pixels
     * @param hardness 0..1: the fraction of the radius painted at full strength
     * @param erase lower the mask instead of raising it
     */
    public void dab(double cx, double cy, double radius, double hardness, boolean erase) {
        int x0 = Math.max(0, (int) Math.floor(cx - radius));
        int x1 = Math.min(width - 1, (int) Math.ceil(cx + radius));
        int y0 = Math.max(0, (int) Math.floor(cy - radius));
        int y1 = Math.min(height - 1, (int) Math.ceil(cy + radius));
        double h = Math.max(0, Math.min(1, hardness));
        if (x1 >= x0 && y1 >= y0) {
            changed(x0, y0, x1 + 1, y1 + 1);
        }
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double d = Math.sqrt(dx * dx + dy * dy) / radius;
                if (d > 1) {
                    continue;
                }
                double a = d <= h ? 1 : (1 - d) / (1 - h);
                int amount = (int) Math.round(a * 255);
                int i = y * width + x;
                int v = values[i] & 0xff;
                values[i] = (byte) (erase ? Math.min(v, 255 - amount) : Math.max(v, amount));
            }
        }
    }

    /** Dabs along a segment, spaced a quarter of the radius apart. */
    public void line(double xa, double ya, double xb, double yb, double radius, double hardness, boolean erase) {
        double len = Math.hypot(xb - xa, yb - ya);
        int n = Math.max(1, (int) Math.ceil(len / Math.max(0.5, radius / 4)));
        for (int k = 1; k <= n; k++) {
            double t = k / (double) n;
            dab(xa + (xb - xa) * t, ya + (yb - ya) * t, radius, hardness, erase);
        }
    }

    /**
     * Adds the rectangle between two corners (image coordinates, in any order) to the mask, or takes it away; the
     * pixels whose centres lie inside it change. One undo step.
     */
    public void rectangle(double xa, double ya, double xb, double yb, boolean subtract) {
        int x0 = (int) Math.round(Math.min(xa, xb));
        int y0 = (int) Math.round(Math.min(ya, yb));
        int x1 = (int) Math.round(Math.max(xa, xb));
        int y1 = (int) Math.round(Math.max(ya, yb));
        checkpoint();
        changedAll();
        values = MaskEdits.rectangle(toMask(), x0, y0, x1 - x0, y1 - y0, op(subtract)).values();
    }

    /**
     * Adds the closed outline through the points {@code (xs[i], ys[i])} (image coordinates: a freehand lasso or a
     * polygon) to the mask, or takes it away. Fewer than three points enclose nothing and change nothing. One undo
     * step.
     */
    public void lasso(double[] xs, double[] ys, boolean subtract) {
        if (xs.length < 3) {
            return;
        }
        checkpoint();
        changedAll();
        values = MaskEdits.lasso(toMask(), xs, ys, op(subtract)).values();
    }

    private static MaskEdits.Op op(boolean subtract) {
        return subtract ? MaskEdits.Op.SUBTRACT : MaskEdits.Op.ADD;
    }

    /**
     * Replaces the whole mask with {@code m} (a mask file, a picture's transparency). One undo step.
     *
     * @throws IllegalArgumentException when {@code m} has another size
     */
    public void replace(Mask m) {
        if (m.width() != width || m.height() != height) {
            throw new IllegalArgumentException("a " + m.width() + "×" + m.height() + " mask for a " + width + "×"
                    + height + " image");
        }
        checkpoint();
        changedAll();
        values = m.values();
    }

    private void changed(int x0, int y0, int x1, int y1) {
        int[] c = changed;
        changed = c == null ? new int[] {x0, y0, x1, y1}
                : new int[] {Math.min(c[0], x0), Math.min(c[1], y0), Math.max(c[2], x1), Math.max(c[3], y1)};
    }

    private void changedAll() {
        changed = new int[] {0, 0, width, height};
    }

    /**
     * The region changed since the last call, {x0, y0, x1, y1} (exclusive ends), or null when nothing changed; the
     * canvas redraws only that much of its overlay (a brush dab on a large picture touches a few pixels).
     */
    public int[] takeChanged() {
        int[] c = changed;
        changed = null;
        return c;
    }

    /** The bounds {@code {x0, y0, x1, y1}} (exclusive ends) of the painted pixels, or null when none is. */
    public int[] bounds() {
        return ContextBoxes.bounds(values, width, height);
    }

    public void invert() {
        checkpoint();
        changedAll();
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (255 - (values[i] & 0xff));
        }
    }

    public void clear() {
        checkpoint();
        changedAll();
        values = new byte[width * height];
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    public void undo() {
        if (!undo.isEmpty()) {
            redo.push(values);
            values = undo.pop();
            changedAll();
        }
    }

    public void redo() {
        if (!redo.isEmpty()) {
            undo.push(values);
            values = redo.pop();
            changedAll();
        }
    }
}
