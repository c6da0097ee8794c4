package dev.seedframe.engine.train.scenes;

import java.util.List;

/**
 * A picture of the demo data set: a plain or gradient background and one or two shapes.
 *
 * @param background the background's colour
 * @param gradient whether the background shades from lighter (top) to darker (bottom)
 * @param objects one or two shapes, none in the background's colour
 */
public record Scene(NamedColour background, boolean gradient, List<SceneObject> objects) {

    public Scene {
        objects = List.copyOf(objects);
        if (!background.forBackgrounds()) {
            throw new IllegalArgumentException(background + " is not a background colour");
        }
        if (objects.isEmpty() || objects.size() > 2) {
            throw new IllegalArgumentException("a scene holds one or two objects, not " + objects.size());
        }
        for (SceneObject o : objects) {
            if (o.colour() == background) {
                throw new IllegalArgumentException("an object cannot take its background's colour " + background);
            }
        }
    }
}
