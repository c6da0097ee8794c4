package dev.seedframe.engine.train.scenes;

/**
 * One shape in a scene.
 *
 * @param shape what is drawn
 * @param colour its colour
 * @param placement the named region it is centred in
 * @param size its size word
 * @param dx horizontal offset of its centre from the region's nominal centre, as a fraction of the width
 * @param dy vertical offset likewise
 */
public record SceneObject(ShapeKind shape, NamedColour colour, Placement placement, SizeWord size, double dx,
        double dy) {

    public SceneObject {
        if (!colour.forObjects()) {
            throw new IllegalArgumentException(colour + " is not an object colour");
        }
    }

    /** The same object at the nominal centre of its region. */
    public static SceneObject centred(ShapeKind shape, NamedColour colour, Placement placement, SizeWord size) {
        return new SceneObject(shape, colour, placement, size, 0, 0);
    }
}
