package dev.seedframe.ui.view;

import dev.seedframe.ui.viewmodel.CanvasViewModel;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;

/**
 * The freehand lasso: the path dragged, closed when the button is released, added to the mask (taken away in
 * subtract mode, or with Alt).
 */
final class LassoTool implements CanvasTool {

    private final ImageCanvas canvas;
    private final CanvasViewModel vm;
    private final PointPath path = new PointPath();

    LassoTool(ImageCanvas canvas, CanvasViewModel vm) {
        this.canvas = canvas;
        this.vm = vm;
    }

    @Override
    public void pressed(double ix, double iy, MouseEvent e) {
        path.clear();
        path.add(ix, iy);
    }

    @Override
    public void dragged(double ix, double iy, MouseEvent e) {
        if (path.isEmpty()) {
            return;
        }
        // a point per screen pixel or so is as fine as the hand draws
        if (path.distanceToLast(ix, iy) * canvas.scale() >= 1) {
            path.add(ix, iy);
            canvas.redraw();
        }
    }

    @Override
    public void released(double ix, double iy, MouseEvent e) {
        if (path.isEmpty()) {
            return;
        }
        path.add(ix, iy);
        double[][] p = path.toArrays();
        path.clear();
        vm.lasso(p[0], p[1], CanvasTool.inverted(e));
    }

    @Override
    public void draw(GraphicsContext g, double px, double py) {
        CanvasMarks.path(g, canvas, path, true);
    }

    @Override
    public void cancel() {
        path.clear();
    }
}
