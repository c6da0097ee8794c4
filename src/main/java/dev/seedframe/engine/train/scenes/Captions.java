package dev.seedframe.engine.train.scenes;

import java.util.List;
import java.util.SplittableRandom;

/**
 * English and Chinese captions of a {@link Scene}, with paraphrases: the same scene can be worded in
 * several ways ({@code "a red circle on a blue background, top left"}, {@code "蓝色背景上的红色圆形,在左上角"}).
 * The wording is chosen by the random source given, so a data set is reproducible from its seed.
 */
public final class Captions {

    private Captions() {}

    /** An English caption of {@code scene}, worded by {@code random}. */
    public static String english(Scene scene, SplittableRandom random) {
        String bg = englishBackground(scene);
        List<SceneObject> objects = scene.objects();
        if (objects.size() == 1) {
            SceneObject o = objects.get(0);
            String thing = englishThing(o);
            List<String> pos = o.placement().english();
            return switch (random.nextInt(4)) {
                case 0 -> thing + " on " + bg + ", " + pos.get(0);
                case 1 -> thing + " " + pos.get(1 + random.nextInt(pos.size() - 1)) + ", on " + bg;
                case 2 -> capitalised(bg) + " with " + thing + " " + pos.get(1 + random.nextInt(pos.size() - 1));
                default -> thing + " " + pos.get(1 + random.nextInt(pos.size() - 1)) + " of the picture, " + bg;
            };
        }
        SceneObject a = objects.get(0);
        SceneObject b = objects.get(1);
        String pa = a.placement().english().get(1);
        String pb = b.placement().english().get(1);
        return switch (random.nextInt(2)) {
            case 0 -> englishThing(a) + " " + pa + " and " + englishThing(b) + " " + pb + ", on " + bg;
            default -> capitalised(bg) + " with " + englishThing(a) + " " + pa + " and " + englishThing(b) + " " + pb;
        };
    }

    /** A Chinese caption of {@code scene}, worded by {@code random}. */
    public static String chinese(Scene scene, SplittableRandom random) {
        String bg = chineseBackground(scene);
        List<SceneObject> objects = scene.objects();
        if (objects.size() == 1) {
            SceneObject o = objects.get(0);
            String thing = chineseThing(o);
            String pos = pick(o.placement().chinese(), random);
            return switch (random.nextInt(3)) {
                case 0 -> bg + "上的" + thing + ",在" + pos;
                case 1 -> pos + "有一个" + thing + "," + bg;
                default -> bg + "," + pos + "是一个" + thing;
            };
        }
        SceneObject a = objects.get(0);
        SceneObject b = objects.get(1);
        String pa = pick(a.placement().chinese(), random);
        String pb = pick(b.placement().chinese(), random);
        return switch (random.nextInt(2)) {
            case 0 -> bg + "上," + pa + "是" + chineseThing(a) + "," + pb + "是" + chineseThing(b);
            default -> pa + "有一个" + chineseThing(a) + "," + pb + "有一个" + chineseThing(b) + "," + bg;
        };
    }

    /** "a red circle", "a small blue star", "an orange heart". */
    static String englishThing(SceneObject o) {
        String words = (o.size().english().isEmpty() ? "" : o.size().english() + " ") + o.colour().english() + " "
                + o.shape().english();
        return (startsWithVowel(words) ? "an " : "a ") + words;
    }

    /** "a blue background", "a blue gradient background". */
    static String englishBackground(Scene scene) {
        String words = scene.background().english() + (scene.gradient() ? " gradient" : "") + " background";
        return (startsWithVowel(words) ? "an " : "a ") + words;
    }

    /** "红色圆形", "红色的小星形". */
    static String chineseThing(SceneObject o) {
        String size = o.size().chinese();
        return size.isEmpty() ? o.colour().chinese() + o.shape().chinese()
                : o.colour().chinese() + "的" + size + o.shape().chinese();
    }

    /** "蓝色背景", "蓝色渐变背景". */
    static String chineseBackground(Scene scene) {
        return scene.background().chinese() + (scene.gradient() ? "渐变" : "") + "背景";
    }

    private static String pick(List<String> options, SplittableRandom random) {
        return options.get(random.nextInt(options.size()));
    }

    private static boolean startsWithVowel(String s) {
        return !s.isEmpty() && "aeiou".indexOf(s.charAt(0)) >= 0;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
