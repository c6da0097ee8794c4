package dev.seedframe.ui.view;

import dev.seedframe.ui.viewmodel.CanvasViewModel;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;

/**
 * The polygon lasso: a corner per click, closed by a double click, Enter, or a click on its first corner; Backspace
 * takes the last corner back, Esc drops it. Added to the mask (taken away in subtract mode, or with Alt held at the
 * first corner).
 */
final class PolygonTool implements CanvasTool {

    /** How near its first corner (screen pixels) a click closes the polygon. */
    static final double CLOSE_PX = 8;

    private final ImageCanvas canvas;
    private final CanvasViewModel vm;
    private final PointPath corners = new PointPath();
    private boolean inverted;
    private double pointerX = Double.NaN;
    private double pointerY;

    PolygonTool(ImageCanvas canvas, CanvasViewModel vm) {
        this.canvas = canvas;
        this.vm = vm;
    }

    @Override
    public void pressed(double ix, double iy, MouseEvent e) {
        if (corners.isEmpty()) {
            inverted = CanvasTool.inverted(e);
            corners.add(ix, iy);
        } else if (e.getClickCount() >= 2 || corners.size() >= 3
                && corners.distanceToFirst(ix, iy) * canvas.scale() <= CLOSE_PX) {
            close();
            return;
        } else {
            corners.add(ix, iy);
        }
        canvas.redraw();
    }

    @Override
    public void dragged(double ix, double iy, MouseEvent e) {
        moved(ix, iy);
    }

    @Override
    public void released(double ix, double iy, MouseEvent e) {}

    @Override
    public void moved(double ix, double iy) {
        pointerX = ix;
        pointerY = iy;
        if (!corners.isEmpty()) {
            canvas.redraw();
        }
    }

    private void close() {
        double[][] p = corners.toArrays();
        corners.clear();
        vm.lasso(p[0], p[1], inverted);
        canvas.redraw();
    }

    @Override
    public boolean key(KeyEvent e) {
        if (corners.isEmpty()) {
            return false;
        }
        if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown()) {
            close();
        } else if (e.getCode() == KeyCode.ESCAPE) {
            cancel();
        } else if (e.getCode() == KeyCode.BACK_SPACE) {
            corners.removeLast();
        } else {
            return false;
        }
        canvas.redraw();
        return true;
    }

    @Override
    public void draw(GraphicsContext g, double px, double py) {
        if (corners.isEmpty()) {
            return;
        }
        PointPath shown = corners.copy();
        if (!Double.isNaN(pointerX)) {
            shown.add(pointerX, pointerY);
        }
        CanvasMarks.path(g, canvas, shown, false);
        double[] first = canvas.toView(corners.x(0), corners.y(0));
        CanvasMarks.handle(g, first[0], first[1]);
    }

    @Override
    public void cancel() {
        corners.clear();
    }

    @Override
    public boolean busy() {
        return !corners.isEmpty();
    }
}
