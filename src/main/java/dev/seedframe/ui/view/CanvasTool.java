package dev.seedframe.ui.view;

import javafx.scene.Cursor;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;

/**
 * What a primary-button drag on the {@link ImageCanvas} does in Inpaint mode: one class per mask tool (and the
 * context box's handles). Points arrive in image coordinates; a tool changes the mask through the canvas's view
 * model when its gesture ends, and draws the shape it is making meanwhile.
 */
interface CanvasTool {

    void pressed(double ix, double iy, MouseEvent e);

    void dragged(double ix, double iy, MouseEvent e);

    void released(double ix, double iy, MouseEvent e);

    /** The pointer moved with no button down. */
    default void moved(double ix, double iy) {}

    /** Draws the shape being made, or the tool's cursor at view point {@code (px, py)} (negative: outside). */
    default void draw(GraphicsContext g, double px, double py) {}

    /** A key while the canvas has the focus; true when the tool used it. */
    default boolean key(KeyEvent e) {
        return false;
    }

    /** Drops a shape half made (another tool was chosen, the mode changed). */
    default void cancel() {}

    /** Whether a gesture is under way across several presses (a polygon being clicked). */
    default boolean busy() {
        return false;
    }

    default Cursor cursor() {
        return Cursor.CROSSHAIR;
    }

    /**
     * Whether a gesture takes away from the mask: the canvas's subtract mode, turned around while Alt is held (the
     * modifier image editors use).
     */
    static boolean inverted(MouseEvent e) {
        return e.isAltDown();
    }
}
