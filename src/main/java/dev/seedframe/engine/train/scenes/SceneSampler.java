package dev.seedframe.engine.train.scenes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo data set: scene {@code i} of seed {@code s} is drawn from its own random stream, so any
 * example can be regenerated on its own, in any order, on any machine. Scenes hold one object (most
 * often) or two in distinct, non-neighbouring regions and of distinct colours. Scenes that show a
 * {@link HeldOutPrompts held-out} combination are never produced, so the evaluation asks for pictures the
 * model has not seen.
 */
public final class SceneSampler {

    /** Share of scenes with two objects. */
    static final double TWO_OBJECTS = 0.35;

    /** Share of gradient backgrounds. */
    static final double GRADIENT = 0.3;

    /** Largest offset of an object's centre from its region's nominal centre, as a fraction of a side. */
    static final double JITTER = 0.035;

    private static final NamedColour[] BACKGROUNDS =
            Arrays.stream(NamedColour.values()).filter(NamedColour::forBackgrounds).toArray(NamedColour[]::new);
    private static final NamedColour[] OBJECT_COLOURS =
            Arrays.stream(NamedColour.values()).filter(NamedColour::forObjects).toArray(NamedColour[]::new);

    private final long seed;
    private final HeldOutPrompts heldOut;

    public SceneSampler(long seed, HeldOutPrompts heldOut) {
        this.seed = seed;
        this.heldOut = heldOut;
    }

    /** The random stream of example {@code index}: the same for the same seed and index, everywhere. */
    public SplittableRandom random(long index) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
    }

    /** Scene {@code index} of this data set. */
    public Scene scene(long index) {
        SplittableRandom random = random(index);
        while (true) {
            Scene s = draw(random);
            if (!heldOut.shows(s)) {
                return s;
            }
        }
    }

    private static Scene draw(SplittableRandom random) {
        NamedColour bg = BACKGROUNDS[random.nextInt(BACKGROUNDS.length)];
        boolean gradient = random.nextDouble() < GRADIENT;
        List<SceneObject> objects = new ArrayList<>();
        if (random.nextDouble() < TWO_OBJECTS) {
            SceneObject a = object(random, bg, null, null, new SizeWord[] {SizeWord.SMALL, SizeWord.MEDIUM}, true);
            SceneObject b = object(random, bg, a.colour(), a.placement(),
                    new SizeWord[] {SizeWord.SMALL, SizeWord.MEDIUM}, false);
            objects.add(a);
            objects.add(b);
        } else {
            objects.add(object(random, bg, null, null, SizeWord.values(), false));
        }
        return new Scene(bg, gradient, objects);
    }

    private static SceneObject object(SplittableRandom random, NamedColour bg, NamedColour otherColour,
            Placement otherPlace, SizeWord[] sizes, boolean pairing) {
        ShapeKind shape = ShapeKind.values()[random.nextInt(ShapeKind.values().length)];
        NamedColour colour;
        do {
            colour = OBJECT_COLOURS[random.nextInt(OBJECT_COLOURS.length)];
        } while (colour == bg || colour == otherColour);
        Placement place;
        do {
            place = Placement.values()[random.nextInt(Placement.values().length)];
        } while (pairedWithNothingApart(place, pairing) || (otherPlace != null && place.distance(otherPlace) < 2));
        SizeWord size = sizes[random.nextInt(sizes.length)];
        double dx = (random.nextDouble() * 2 - 1) * JITTER;
        double dy = (random.nextDouble() * 2 - 1) * JITTER;
        return new SceneObject(shape, colour, place, size, dx, dy);
    }

    /**
     * Whether {@code place} cannot start a pair: the second object must be two regions away, and the centre
     * is next to every region.
     */
    private static boolean pairedWithNothingApart(Placement place, boolean pairing) {
        return pairing && place == Placement.CENTER;
    }

    /** SplitMix64's finaliser: neighbouring indices get unrelated streams. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static NamedColour[] backgrounds() {
        return BACKGROUNDS.clone();
    }

    static NamedColour[] objectColours() {
        return OBJECT_COLOURS.clone();
    }
}
