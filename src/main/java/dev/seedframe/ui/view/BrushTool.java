package dev.seedframe.ui.view;

import dev.seedframe.ui.viewmodel.CanvasViewModel;
import javafx.scene.Cursor;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;

/** The mask brush: round dabs of a size and hardness along the drag; erases in subtract mode (or with Alt). */
final class BrushTool implements CanvasTool {

    private final ImageCanvas canvas;
    private final CanvasViewModel vm;
    private double lastX;
    private double lastY;
    private boolean erase;
    private boolean painting;

    BrushTool(ImageCanvas canvas, CanvasViewModel vm) {
        this.canvas = canvas;
        this.vm = vm;
    }

    @Override
    public void pressed(double ix, double iy, MouseEvent e) {
        erase = vm.subtractProperty().get() != CanvasTool.inverted(e);
        painting = true;
        vm.mask().beginStroke();
        vm.mask().dab(ix, iy, vm.brushSizeProperty().get() / 2, vm.brushHardnessProperty().get(), erase);
        vm.maskChanged();
        lastX = ix;
        lastY = iy;
    }

    @Override
    public void dragged(double ix, double iy, MouseEvent e) {
        if (!painting) {
            return;
        }
        vm.mask().line(lastX, lastY, ix, iy, vm.brushSizeProperty().get() / 2, vm.brushHardnessProperty().get(),
                erase);
        vm.maskChanged();
        lastX = ix;
        lastY = iy;
    }

    @Override
    public void released(double ix, double iy, MouseEvent e) {
        painting = false;
    }

    @Override
    public void draw(GraphicsContext g, double px, double py) {
        if (px < 0) {
            return;
        }
        double r = vm.brushSizeProperty().get() / 2 * canvas.scale();
        g.setLineDashes();
        g.setLineWidth(1);
        g.setStroke(Color.web("#ffffff", 0.85));
        g.strokeOval(px - r, py - r, 2 * r, 2 * r);
        g.setStroke(Color.web("#000000", 0.5));
        g.strokeOval(px - r - 1, py - r - 1, 2 * r + 2, 2 * r + 2);
    }

    @Override
    public Cursor cursor() {
        return Cursor.DEFAULT;
    }
}
