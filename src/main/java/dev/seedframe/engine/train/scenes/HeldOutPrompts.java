package dev.seedframe.engine.train.scenes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The prompts the demo model is evaluated on and never trained on: {@value #COUNT} single-object scenes
 * (shape, colour, region and background), chosen once from a fixed seed among all combinations. The
 * training data contains no scene showing one of these shape–colour–region–background combinations,
 * whatever the size, the background's shading or a second object; each is asked in English and in
 * Chinese with the plainest wording.
 */
public final class HeldOutPrompts {

    /** How many held-out prompts the full evaluation uses. */
    public static final int COUNT = 40;

    /** The seed the held-out set is drawn from (fixed: the set is part of the data set's definition). */
    static final long SELECTION_SEED = 20260318L;

    private record Key(ShapeKind shape, NamedColour colour, Placement placement, NamedColour background) {}

    private final List<Scene> scenes;
    private final Set<Key> keys;

    private HeldOutPrompts(List<Scene> scenes) {
        this.scenes = List.copyOf(scenes);
        Set<Key> k = new HashSet<>();
        for (Scene s : scenes) {
            k.add(key(s.objects().get(0), s.background()));
        }
        this.keys = Set.copyOf(k);
    }

    /** The standard held-out set. */
    public static HeldOutPrompts standard() {
        SplittableRandom random = new SplittableRandom(SELECTION_SEED);
        NamedColour[] bgs = SceneSampler.backgrounds();
        NamedColour[] colours = SceneSampler.objectColours();
        List<Scene> out = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        while (out.size() < COUNT) {
            // cycle through the shapes and regions so that each is asked about several times
            ShapeKind shape = ShapeKind.values()[out.size() % ShapeKind.values().length];
            Placement place = Placement.values()[random.nextInt(Placement.values().length)];
            NamedColour bg = bgs[random.nextInt(bgs.length)];
            NamedColour colour = colours[random.nextInt(colours.length)];
            if (colour == bg) {
                continue;
            }
            SizeWord size = out.size() % 4 == 3 ? SizeWord.LARGE : SizeWord.MEDIUM;
            SceneObject o = SceneObject.centred(shape, colour, place, size);
            if (seen.add(key(o, bg))) {
                out.add(new Scene(bg, false, List.of(o)));
            }
        }
        return new HeldOutPrompts(out);
    }

    /** The held-out scenes, in a fixed order. */
    public List<Scene> scenes() {
        return scenes;
    }

    /** Whether {@code scene} shows a held-out combination (any of its objects against its background). */
    public boolean shows(Scene scene) {
        for (SceneObject o : scene.objects()) {
            if (keys.contains(key(o, scene.background()))) {
                return true;
            }
        }
        return false;
    }

    /** The plainest English prompt for held-out scene {@code s}: "a red circle on a blue background, top left". */
    public static String englishPrompt(Scene s) {
        SceneObject o = s.objects().get(0);
        return Captions.englishThing(o) + " on " + Captions.englishBackground(s) + ", " + o.placement().english().get(0);
    }

    /** The plainest Chinese prompt: "蓝色背景上的红色圆形,在左上角". */
    public static String chinesePrompt(Scene s) {
        SceneObject o = s.objects().get(0);
        return Captions.chineseBackground(s) + "上的" + Captions.chineseThing(o) + ",在" + o.placement().chinese().get(0);
    }

    private static Key key(SceneObject o, NamedColour background) {
        return new Key(o.shape(), o.colour(), o.placement(), background);
    }
}
