package dev.seedframe.ui.view;

import dev.seedframe.ui.viewmodel.CanvasViewModel;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;

/** A rectangle from the press to the release, added to the mask (taken away in subtract mode, or with Alt). */
final class RectangleTool implements CanvasTool {

    private final ImageCanvas canvas;
    private final CanvasViewModel vm;
    private double[] anchor;
    private double[] corner;

    RectangleTool(ImageCanvas canvas, CanvasViewModel vm) {
        this.canvas = canvas;
        this.vm = vm;
    }

    @Override
    public void pressed(double ix, double iy, MouseEvent e) {
        anchor = new double[] {ix, iy};
        corner = anchor.clone();
    }

    @Override
    public void dragged(double ix, double iy, MouseEvent e) {
        if (anchor != null) {
            corner = new double[] {ix, iy};
            canvas.redraw();
        }
    }

    @Override
    public void released(double ix, double iy, MouseEvent e) {
        if (anchor == null) {
            return;
        }
        double[] a = anchor;
        anchor = null;
        vm.rectangle(a[0], a[1], ix, iy, CanvasTool.inverted(e));
    }

    @Override
    public void draw(GraphicsContext g, double px, double py) {
        if (anchor == null) {
            return;
        }
        double[] a = canvas.toView(Math.min(anchor[0], corner[0]), Math.min(anchor[1], corner[1]));
        double[] b = canvas.toView(Math.max(anchor[0], corner[0]), Math.max(anchor[1], corner[1]));
        CanvasMarks.dashedRect(g, a[0], a[1], b[0] - a[0], b[1] - a[1]);
    }

    @Override
    public void cancel() {
        anchor = null;
    }
}
