package dev.seedframe.ui.view;

import dev.seedframe.domain.Outpaint;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The canvas an outpaint will make, drawn around the image before it runs: the added area tinted and hatched, the
 * new canvas's outline dashed, with its size.
 */
final class OutpaintFrame {

    private static final Color TINT = Color.web("#4da3ff", 0.22);
    private static final Color HATCH = Color.web("#4da3ff", 0.35);

    private OutpaintFrame() {}

    /**
     * Draws the frame for amounts {@code o} around an {@code imageWidth × imageHeight} image, with {@code caption}
     * over its top-left corner.
     */
    static void draw(GraphicsContext g, ImageCanvas canvas, Outpaint o, double imageWidth, double imageHeight,
            String caption) {
        double[] a = canvas.toView(-o.left(), -o.top());
        double[] z = canvas.toView(imageWidth + o.right(), imageHeight + o.bottom());
        double[] i0 = canvas.toView(0, 0);
        double[] i1 = canvas.toView(imageWidth, imageHeight);
        g.save();
        // the added area: the new canvas less the image
        g.beginPath();
        g.rect(a[0], a[1], z[0] - a[0], z[1] - a[1]);
        g.rect(i0[0], i0[1], i1[0] - i0[0], i1[1] - i0[1]);
        g.setFillRule(javafx.scene.shape.FillRule.EVEN_ODD);
        g.clip();
        g.setFill(TINT);
        g.fillRect(a[0], a[1], z[0] - a[0], z[1] - a[1]);
        g.setStroke(HATCH);
        g.setLineWidth(1);
        double span = (z[0] - a[0]) + (z[1] - a[1]);
        for (double d = 0; d < span; d += 12) {
            g.strokeLine(a[0] + d, a[1], a[0] + d - (z[1] - a[1]), z[1]);
        }
        g.restore();
        CanvasMarks.dashedRect(g, a[0], a[1], z[0] - a[0], z[1] - a[1]);
        CanvasMarks.caption(g, caption, a[0], a[1] - 6);
    }
}
