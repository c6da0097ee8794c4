package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.ui.viewmodel.MaskModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MaskModelTest {

    @Test
    void aHardDabFillsItsDiscAndNothingElse() {
        MaskModel m = new MaskModel(32, 32);
        m.beginStroke();
        m.dab(16, 16, 4, 1, false);
        assertEquals(255, m.at(16, 16));
        assertEquals(255, m.at(13, 15));
        assertEquals(0, m.at(16, 21));
        assertEquals(0, m.at(0, 0));
    }

    @Test
    void aSoftDabFadesTowardsItsEdge() {
        MaskModel m = new MaskModel(64, 64);
        m.dab(32, 32, 16, 0, false);
        assertTrue(m.at(32, 32) > 240);
        assertTrue(m.at(32 + 8, 32) > 90 && m.at(32 + 8, 32) < 160, "half way: " + m.at(40, 32));
        assertTrue(m.at(32 + 15, 32) < 30);
    }

    @Test
    void erasingLowersAndUndoRedoRestoreWholeStrokes() {
        MaskModel m = new MaskModel(32, 32);
        m.beginStroke();
        m.line(4, 16, 28, 16, 3, 1, false);
        assertEquals(255, m.at(16, 16));
        m.beginStroke();
        m.dab(16, 16, 3, 1, true);
        assertEquals(0, m.at(16, 16));
        assertEquals(255, m.at(6, 16));
        m.undo();
        assertEquals(255, m.at(16, 16));
        m.redo();
        assertEquals(0, m.at(16, 16));
        m.undo();
        m.undo();
        assertTrue(m.isEmpty());
        assertFalse(m.canUndo());
    }

    @Test
    void invertAndClearAreUndoable() {
        MaskModel m = new MaskModel(8, 8);
        m.invert();
        assertEquals(255, m.at(3, 3));
        m.clear();
        assertTrue(m.isEmpty());
        m.undo();
        assertEquals(255, m.at(3, 3));
        assertEquals(8 * 8, m.toMask().values().length);
    }

    @Test
    void shapesChangeThePixelsWhoseCentresTheyHoldAndReplacingIsOneUndoStep() {
        MaskModel m = new MaskModel(16, 16);
        m.rectangle(2.4, 2.6, 6.5, 5.4, false); // rounded to 2..7 × 3..5
        assertEquals(255, m.at(2, 3));
        assertEquals(255, m.at(6, 4));
        assertEquals(0, m.at(7, 4));
        assertEquals(0, m.at(2, 2));
        assertArrayEquals(new int[] {2, 3, 7, 5}, m.bounds());
        m.lasso(new double[] {0, 8, 0}, new double[] {0, 0, 8}, true);
        assertEquals(0, m.at(2, 3), "the triangle took it away");
        assertEquals(255, m.at(6, 4), "outside the triangle it stays");
        m.undo();
        assertEquals(255, m.at(2, 3));
        m.replace(dev.seedframe.domain.Mask.empty(16, 16));
        assertTrue(m.isEmpty());
        assertNull(m.bounds());
        m.undo();
        assertEquals(255, m.at(2, 3));
        assertThrows(IllegalArgumentException.class, () -> m.replace(dev.seedframe.domain.Mask.empty(8, 8)));
    }

    @Test
    void theChangedRegionIsADabsSquareOrTheWholeMaskForEveryOtherChange() {
        MaskModel m = new MaskModel(64, 48);
        assertArrayEquals(new int[] {0, 0, 64, 48}, m.takeChanged(), "a new mask is all new");
        assertNull(m.takeChanged(), "nothing since");
        m.dab(10, 10, 3, 1, false);
        m.dab(20, 12, 3, 1, false);
        assertArrayEquals(new int[] {7, 7, 24, 16}, m.takeChanged(), "the two dabs' squares together");
        m.rectangle(0, 0, 2, 2, false);
        assertArrayEquals(new int[] {0, 0, 64, 48}, m.takeChanged());
        m.undo();
        assertArrayEquals(new int[] {0, 0, 64, 48}, m.takeChanged());
    }
}
