package dev.seedframe.domain;

/**
 * One layer of a project's layer stack in the studio.
 *
 * @param id the layer's id
 * @param position its place in the stack, 0 at the bottom
 * @param generationId the generation whose output it shows, or null once that generation was deleted
 *     (the layer keeps its image)
 * @param imageSha256 the image it shows
 * @param visible whether it is shown
 * @param opacity 0 (transparent) .. 1 (opaque)
 */
public record Layer(long id, int position, Long generationId, String imageSha256, boolean visible, double opacity) {}
