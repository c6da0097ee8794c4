package dev.seedframe.ui.viewmodel;

/** What a drag on the canvas does to the mask in Inpaint mode (each adds, or with subtract takes away). */
public enum MaskTool {
    /** A round brush of a size and hardness, dab after dab along the drag. */
    BRUSH,
    /** A rectangle from corner to corner. */
    RECTANGLE,
    /** A freehand outline, closed when the button is released. */
    LASSO,
    /** A polygon, a corner per click, closed by a double click, Enter or a click on its first corner. */
    POLYGON
}
