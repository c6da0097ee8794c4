package dev.seedframe.ui.view;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.ContextBoxModel;
import javafx.scene.Cursor;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;

/**
 * The inpaint's context box on the canvas: drawn dashed with its size and the size the model works at, and
 * resized by dragging its edges or corners (a press within a few screen pixels of them).
 */
final class ContextBoxHandles implements CanvasTool {

    /** How near an edge (screen pixels) a press grabs it. */
    static final double GRAB_PX = 6;

    private final ImageCanvas canvas;
    private final ContextBoxModel model;
    private final I18n i18n;
    /** Which edges the drag moves: left, top, right, bottom. */
    private boolean[] grabbed;
    private double[] start;

    ContextBoxHandles(ImageCanvas canvas, ContextBoxModel model, I18n i18n) {
        this.canvas = canvas;
        this.model = model;
        this.i18n = i18n;
    }

    /** The edges within reach of image point {@code (ix, iy)}, or null when none is. */
    boolean[] edgesAt(double ix, double iy) {
        ContextBox b = model.box();
        if (b == null) {
            return null;
        }
        double reach = GRAB_PX / canvas.scale();
        double x0 = b.x();
        double y0 = b.y();
        double x1 = b.x() + b.width();
        double y1 = b.y() + b.height();
        if (ix < x0 - reach || ix > x1 + reach || iy < y0 - reach || iy > y1 + reach) {
            return null;
        }
        boolean[] e = {Math.abs(ix - x0) <= reach, Math.abs(iy - y0) <= reach, Math.abs(ix - x1) <= reach,
            Math.abs(iy - y1) <= reach};
        return e[0] || e[1] || e[2] || e[3] ? e : null;
    }

    /** The resize cursor for the edges at {@code (ix, iy)}, or null when none is there. */
    Cursor cursorAt(double ix, double iy) {
        boolean[] e = edgesAt(ix, iy);
        if (e == null) {
            return null;
        }
        if ((e[0] && e[1]) || (e[2] && e[3])) {
            return Cursor.NW_RESIZE;
        }
        if ((e[2] && e[1]) || (e[0] && e[3])) {
            return Cursor.NE_RESIZE;
        }
        return e[0] || e[2] ? Cursor.H_RESIZE : Cursor.V_RESIZE;
    }

    @Override
    public void pressed(double ix, double iy, MouseEvent e) {
        grabbed = edgesAt(ix, iy);
        ContextBox b = model.box();
        start = b == null ? null : new double[] {b.x(), b.y(), b.x() + b.width(), b.y() + b.height()};
    }

    @Override
    public void dragged(double ix, double iy, MouseEvent e) {
        if (grabbed == null || start == null) {
            return;
        }
        double[] r = start.clone();
        if (grabbed[0]) {
            r[0] = ix;
        }
        if (grabbed[1]) {
            r[1] = iy;
        }
        if (grabbed[2]) {
            r[2] = ix;
        }
        if (grabbed[3]) {
            r[3] = iy;
        }
        model.drag(r[0], r[1], r[2], r[3]);
    }

    @Override
    public void released(double ix, double iy, MouseEvent e) {
        grabbed = null;
        start = null;
    }

    /** Whether a drag of the box is under way. */
    boolean dragging() {
        return grabbed != null;
    }

    @Override
    public void draw(GraphicsContext g, double px, double py) {
        ContextBox b = model.box();
        if (b == null) {
            return;
        }
        double[] a = canvas.toView(b.x(), b.y());
        double[] z = canvas.toView(b.x() + b.width(), b.y() + b.height());
        CanvasMarks.dashedRect(g, a[0], a[1], z[0] - a[0], z[1] - a[1]);
        for (double[] p : new double[][] {{a[0], a[1]}, {z[0], a[1]}, {a[0], z[1]}, {z[0], z[1]},
            {(a[0] + z[0]) / 2, a[1]}, {(a[0] + z[0]) / 2, z[1]}, {a[0], (a[1] + z[1]) / 2},
            {z[0], (a[1] + z[1]) / 2}}) {
            CanvasMarks.handle(g, p[0], p[1]);
        }
        CanvasMarks.caption(g, caption(b), a[0], a[1] - 6);
    }

    /** "Context 412×300 · the model works at 512×368" (or "at its own pixels"). */
    String caption(ContextBox b) {
        return b.unscaled() ? i18n.f("context.captionUnscaled", b.width(), b.height())
                : i18n.f("context.caption", b.width(), b.height(), b.workWidth(), b.workHeight());
    }

    @Override
    public Cursor cursor() {
        return Cursor.DEFAULT;
    }
}
