package dev.seedframe.domain;

/**
 * Full-resolution editing: the part of the input image the model works on, and the size it works at. The
 * engine cuts the box out of the image, scales it to {@code workWidth × workHeight} (a size the model can
 * make: multiples of its size multiple, about its area budget), runs the pipeline there, scales the result
 * back to the box and pastes it into the image at its own size; an inpaint pastes through its feathered
 * mask, so every pixel outside the mask stays bit for bit. Recorded with the request, so a replay cuts,
 * scales and pastes exactly the same way.
 *
 * @param x left edge of the box in the input image (outpaint: in the extended canvas)
 * @param y top edge of the box
 * @param width box width in pixels
 * @param height box height in pixels
 * @param workWidth width the model works at
 * @param workHeight height the model works at
 */
public record ContextBox(int x, int y, int width, int height, int workWidth, int workHeight) {

    public ContextBox {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || workWidth <= 0 || workHeight <= 0) {
            throw new IllegalArgumentException("invalid context box " + x + "," + y + " " + width + "×" + height
                    + " worked at " + workWidth + "×" + workHeight);
        }
    }

    /** Whether the box lies inside an image of this size. */
    public boolean fitsIn(int imageWidth, int imageHeight) {
        return (long) x + width <= imageWidth && (long) y + height <= imageHeight;
    }

    /** Whether {@code (px, py)} is inside the box. */
    public boolean contains(int px, int py) {
        return px >= x && py >= y && px < x + width && py < y + height;
    }

    /** Whether the model works on the box at its own size (no scaling). */
    public boolean unscaled() {
        return workWidth == width && workHeight == height;
    }

    @Override
    public String toString() {
        return width + "×" + height + " at " + x + "," + y + " (worked at " + workWidth + "×" + workHeight + ")";
    }
}
