package dev.seedframe.engine.train.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's measure, on pictures drawn exactly as asked and on pictures that are not. */
class SceneCheckTest {

    private static final int SIDE = 128;

    @Test
    void everyHeldOutSceneDrawnAsAskedPasses() {
        for (Scene s : HeldOutPrompts.standard().scenes()) {
            SceneCheck.Verdict v = SceneCheck.check(s, SceneRasterizer.draw(s, SIDE, SIDE));
            assertTrue(v.correct(), HeldOutPrompts.englishPrompt(s) + ": " + v);
        }
    }

    @Test
    void trainingScenesWithOneObjectPassWhateverTheirSizeOffsetOrGradient() {
        SceneSampler sampler = new SceneSampler(5, HeldOutPrompts.standard());
        int checked = 0;
        for (int i = 0; checked < 300; i++) {
            Scene s = sampler.scene(i);
            if (s.objects().size() == 1) {
                checked++;
                SceneCheck.Verdict v = SceneCheck.check(s, SceneRasterizer.draw(s, SIDE, SIDE));
                assertTrue(v.correct(), s + ": " + v);
            }
        }
    }

    @Test
    void eachShapeIsRecognisedAsItselfAndNoOther() {
        for (ShapeKind asked : ShapeKind.values()) {
            for (ShapeKind drawn : ShapeKind.values()) {
                Scene ask = scene(asked, NamedColour.RED, Placement.BOTTOM_RIGHT);
                RgbImage img = SceneRasterizer.draw(scene(drawn, NamedColour.RED, Placement.BOTTOM_RIGHT), SIDE, SIDE);
                SceneCheck.Verdict v = SceneCheck.check(ask, img);
                assertTrue(v.colourCorrect());
                assertEquals(asked == drawn, v.shapeCorrect(), "asked " + asked + ", drawn " + drawn + ": " + v);
            }
        }
    }

    @Test
    void aWrongColourAWrongRegionOrNothingFails() {
        Scene ask = scene(ShapeKind.CIRCLE, NamedColour.RED, Placement.TOP_LEFT);
        SceneCheck.Verdict colour = SceneCheck.check(ask,
                SceneRasterizer.draw(scene(ShapeKind.CIRCLE, NamedColour.GREEN, Placement.TOP_LEFT), SIDE, SIDE));
        assertFalse(colour.correct());
        assertEquals(NamedColour.GREEN, colour.dominant());
        SceneCheck.Verdict region = SceneCheck.check(ask,
                SceneRasterizer.draw(scene(ShapeKind.CIRCLE, NamedColour.RED, Placement.BOTTOM_RIGHT), SIDE, SIDE));
        assertFalse(region.correct());
        SceneCheck.Verdict nothing = SceneCheck.check(ask, RgbImage.filled(SIDE, SIDE, 35, 85, 215));
        assertFalse(nothing.correct());
        assertEquals(null, nothing.shapeSeen());
    }

    @Test
    void aPictureFilledWithTheObjectsColourOrOnAnotherBackgroundFails() {
        Scene ask = scene(ShapeKind.CIRCLE, NamedColour.RED, Placement.TOP_LEFT);
        SceneCheck.Verdict filled = SceneCheck.check(ask, RgbImage.filled(SIDE, SIDE, 220, 38, 38));
        assertFalse(filled.correct(), filled.toString());
        assertFalse(filled.backgroundCorrect());
        assertEquals(NamedColour.RED, filled.backgroundSeen());
        Scene onYellow = new Scene(NamedColour.YELLOW, false,
                List.of(SceneObject.centred(ShapeKind.CIRCLE, NamedColour.RED, Placement.TOP_LEFT, SizeWord.MEDIUM)));
        SceneCheck.Verdict other = SceneCheck.check(ask, SceneRasterizer.draw(onYellow, SIDE, SIDE));
        assertTrue(other.colourCorrect() && other.shapeCorrect(), other.toString());
        assertFalse(other.correct());
        assertEquals(NamedColour.YELLOW, other.backgroundSeen());
    }

    @Test
    void theLooserCheckAcceptsTheColoursAnywhereAndRefusesOtherColours() {
        Scene ask = scene(ShapeKind.CIRCLE, NamedColour.RED, Placement.TOP_LEFT);
        RgbImage elsewhere = SceneRasterizer.draw(scene(ShapeKind.SQUARE, NamedColour.RED, Placement.BOTTOM_RIGHT),
                SIDE, SIDE);
        assertFalse(SceneCheck.check(ask, elsewhere).correct());
        assertTrue(SceneCheck.coloursAnywhere(ask, elsewhere), "a red square elsewhere on blue has the colours asked");
        assertFalse(SceneCheck.coloursAnywhere(ask,
                SceneRasterizer.draw(scene(ShapeKind.CIRCLE, NamedColour.GREEN, Placement.TOP_LEFT), SIDE, SIDE)));
        assertFalse(SceneCheck.coloursAnywhere(ask, RgbImage.filled(SIDE, SIDE, 35, 85, 215)), "nothing drawn");
        assertFalse(SceneCheck.coloursAnywhere(ask, RgbImage.filled(SIDE, SIDE, 220, 38, 38)), "all red");
    }

    private static Scene scene(ShapeKind shape, NamedColour colour, Placement place) {
        return new Scene(NamedColour.BLUE, false, List.of(SceneObject.centred(shape, colour, place, SizeWord.MEDIUM)));
    }
}
