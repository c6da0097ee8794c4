package dev.seedframe.domain;

/**
 * One layer of a project: the pixels a generation put over the image it edited (see {@link LayerPixels}).
 * A layer made before layers held regions (and a whole-image edit's layer) covers its whole image, opaque.
 *
 * @param id the layer's id
 * @param position its place in the project's list of layers, 0 first
 * @param generationId the generation whose edit it holds, or null once that generation was deleted
 *     (the layer keeps its image)
 * @param imageSha256 the layer's pixels
 * @param visible whether it is shown
 * @param opacity 0 (transparent) .. 1 (opaque)
 * @param x left edge of its pixels in the image it lies over
 * @param y top edge of its pixels
 * @param alphaSha256 its coverage (a stored mask the size of its pixels), or null when it is opaque
 */
public record Layer(long id, int position, Long generationId, String imageSha256, boolean visible, double opacity,
        int x, int y, String alphaSha256) {

    /** A whole-image, opaque layer. */
    public Layer(long id, int position, Long generationId, String imageSha256, boolean visible, double opacity) {
        this(id, position, generationId, imageSha256, visible, opacity, 0, 0, null);
    }
}
