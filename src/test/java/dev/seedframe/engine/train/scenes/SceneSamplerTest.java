package dev.seedframe.engine.train.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SceneSamplerTest {

    private final HeldOutPrompts heldOut = HeldOutPrompts.standard();

    @Test
    void aSceneIsTheSameForTheSameSeedAndIndexAndDiffersOtherwise() {
        SceneSampler a = new SceneSampler(3, heldOut);
        SceneSampler b = new SceneSampler(3, heldOut);
        SceneSampler c = new SceneSampler(4, heldOut);
        int differ = 0;
        for (int i = 0; i < 200; i++) {
            assertEquals(a.scene(i), b.scene(i));
            if (!a.scene(i).equals(c.scene(i))) {
                differ++;
            }
        }
        assertTrue(differ > 190, "another seed draws other scenes: " + differ);
        assertEquals(Captions.english(a.scene(9), a.random(9)), Captions.english(b.scene(9), b.random(9)));
    }

    @Test
    void noTrainingSceneShowsAHeldOutCombinationAndTwoObjectScenesAreApart() {
        SceneSampler s = new SceneSampler(11, heldOut);
        int two = 0;
        Set<Placement> centres = new HashSet<>();
        for (int i = 0; i < 20000; i++) {
            Scene scene = s.scene(i);
            assertFalse(heldOut.shows(scene), scene.toString());
            if (scene.objects().size() == 2) {
                two++;
                SceneObject a = scene.objects().get(0);
                SceneObject b = scene.objects().get(1);
                assertTrue(a.placement().distance(b.placement()) >= 2, scene.toString());
                assertNotEquals(a.colour(), b.colour());
            } else {
                centres.add(scene.objects().get(0).placement());
            }
        }
        assertTrue(two > 6000 && two < 8000, "about a third have two objects: " + two);
        assertEquals(9, centres.size(), "single objects appear in every region");
    }

    @Test
    void theHeldOutSetHasFortyDistinctSingleObjectScenesCoveringEveryShape() {
        assertEquals(HeldOutPrompts.COUNT, heldOut.scenes().size());
        Set<ShapeKind> shapes = new HashSet<>();
        for (Scene s : heldOut.scenes()) {
            assertEquals(1, s.objects().size());
            assertTrue(heldOut.shows(s));
            shapes.add(s.objects().get(0).shape());
        }
        assertEquals(ShapeKind.values().length, shapes.size());
        assertEquals(HeldOutPrompts.COUNT, new HashSet<>(heldOut.scenes()).size());
    }

    @Test
    void captionsNameColourShapeRegionAndBackgroundInBothLanguages() {
        Scene s = new Scene(NamedColour.BLUE, false,
                java.util.List.of(SceneObject.centred(ShapeKind.CIRCLE, NamedColour.RED, Placement.TOP_LEFT,
                        SizeWord.MEDIUM)));
        assertEquals("a red circle on a blue background, top left", HeldOutPrompts.englishPrompt(s));
        assertEquals("蓝色背景上的红色圆形,在左上角", HeldOutPrompts.chinesePrompt(s));
        Set<String> english = new HashSet<>();
        Set<String> chinese = new HashSet<>();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            String en = Captions.english(s, r);
            String zh = Captions.chinese(s, r);
            assertTrue(en.contains("red circle") && en.contains("blue background") && en.contains("top left"), en);
            assertTrue(zh.contains("红色圆形") && zh.contains("蓝色背景") && zh.contains("左上角"), zh);
            english.add(en);
            chinese.add(zh);
        }
        assertTrue(english.size() >= 4, "paraphrases: " + english);
        assertTrue(chinese.size() >= 3, "paraphrases: " + chinese);
        Scene large = new Scene(NamedColour.WHITE, true, java.util.List.of(
                SceneObject.centred(ShapeKind.STAR, NamedColour.ORANGE, Placement.CENTER, SizeWord.LARGE)));
        assertEquals("a large orange star on a white gradient background, center", HeldOutPrompts.englishPrompt(large));
        assertEquals("白色渐变背景上的橙色的大星形,在中间", HeldOutPrompts.chinesePrompt(large));
    }
}
