package dev.seedframe.ui.view;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * How the canvas marks things over the picture: dashed outlines, light on dark so they show on any picture, square
 * handles and small captions on a dark plate.
 */
final class CanvasMarks {

    private static final Color LIGHT = Color.web("#ffffff", 0.95);
    private static final Color DARK = Color.web("#000000", 0.7);
    private static final double[] DASH = {6, 4};

    private CanvasMarks() {}

    /** A rectangle in view coordinates, dashed light over solid dark. */
    static void dashedRect(GraphicsContext g, double x, double y, double w, double h) {
        g.setLineWidth(1);
        g.setLineDashes();
        g.setStroke(DARK);
        g.strokeRect(x - 0.5, y - 0.5, w + 1, h + 1);
        g.setLineDashes(DASH);
        g.setStroke(LIGHT);
        g.strokeRect(x - 0.5, y - 0.5, w + 1, h + 1);
        g.setLineDashes();
    }

    /** The points of {@code p} (image coordinates) joined, and back to the first when {@code closed}. */
    static void path(GraphicsContext g, ImageCanvas canvas, PointPath p, boolean closed) {
        if (p.size() < 2) {
            return;
        }
        double[] xs = new double[p.size()];
        double[] ys = new double[p.size()];
        for (int i = 0; i < p.size(); i++) {
            double[] v = canvas.toView(p.x(i), p.y(i));
            xs[i] = v[0];
            ys[i] = v[1];
        }
        g.setLineWidth(1);
        for (Color c : new Color[] {DARK, LIGHT}) {
            g.setStroke(c);
            g.setLineDashes(c == LIGHT ? DASH : null);
            if (closed) {
                g.strokePolygon(xs, ys, xs.length);
            } else {
                g.strokePolyline(xs, ys, xs.length);
            }
        }
        g.setLineDashes();
    }

    /** A small square handle centred on a view point. */
    static void handle(GraphicsContext g, double x, double y) {
        g.setLineDashes();
        g.setFill(LIGHT);
        g.fillRect(x - 3.5, y - 3.5, 7, 7);
        g.setStroke(DARK);
        g.setLineWidth(1);
        g.strokeRect(x - 3.5, y - 3.5, 7, 7);
    }

    /** A caption on a dark plate, its bottom-left corner at view point {@code (x, y)}, kept inside the view. */
    static void caption(GraphicsContext g, String text, double x, double y) {
        Font f = Font.font(12);
        Text probe = new Text(text);
        probe.setFont(f);
        double w = probe.getLayoutBounds().getWidth() + 10;
        double h = probe.getLayoutBounds().getHeight() + 4;
        double cx = Math.max(2, Math.min(x, g.getCanvas().getWidth() - w - 2));
        double cy = Math.max(h + 2, Math.min(y, g.getCanvas().getHeight() - 2));
        g.setFill(Color.web("#000000", 0.72));
        g.fillRoundRect(cx, cy - h, w, h, 6, 6);
        g.setFill(Color.WHITE);
        g.setFont(f);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, cx + 5, cy - h / 2);
    }
}
