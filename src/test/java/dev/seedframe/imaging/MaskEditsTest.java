package dev.seedframe.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seedframe.domain.Mask;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rectangles and lassos added to and taken from a mask, at image resolution; a mask from an alpha channel. */
@Tag("unit")
class MaskEditsTest {

    static int painted(Mask m) {
        int n = 0;
        for (byte b : m.values()) {
            n += b != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void aRectangleAddsAndSubtractsExactlyItsPixelsClippedToTheMask() {
        Mask m = MaskEdits.rectangle(Mask.empty(20, 10), 2, 3, 5, 4, MaskEdits.Op.ADD);
        assertEquals(20, painted(m));
        assertEquals(255, m.at(2, 3));
        assertEquals(255, m.at(6, 6));
        assertEquals(0, m.at(7, 6));
        assertEquals(0, m.at(2, 7));
        Mask cut = MaskEdits.rectangle(m, 4, 0, 100, 100, MaskEdits.Op.SUBTRACT);
        assertEquals(8, painted(cut), "columns 2 and 3 stay");
        assertEquals(0, painted(MaskEdits.rectangle(Mask.empty(4, 4), 10, 10, 5, 5, MaskEdits.Op.ADD)));
    }

    @Test
    void aLassoFillsThePixelsWhoseCentresItEncloses() {
        // a square path 2..8 × 2..8: the centres 2.5 .. 7.5 lie inside, 36 pixels
        Mask sq = MaskEdits.lasso(Mask.empty(10, 10), new double[] {2, 8, 8, 2}, new double[] {2, 2, 8, 8},
                MaskEdits.Op.ADD);
        assertEquals(36, painted(sq));
        assertEquals(255, sq.at(2, 2));
        assertEquals(0, sq.at(8, 8));
        // a triangle: each row holds the pixels whose centres lie left of the diagonal
        Mask tri = MaskEdits.lasso(Mask.empty(10, 10), new double[] {0, 10, 0}, new double[] {0, 10, 10},
                MaskEdits.Op.ADD);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                assertEquals(x + 0.5 < y + 0.5 ? 255 : 0, tri.at(x, y), x + "," + y);
            }
        }
        // a freehand lasso that crosses itself (a bow tie): even-odd, so each wing is filled
        Mask bow = MaskEdits.lasso(Mask.empty(20, 10), new double[] {0, 20, 20, 0}, new double[] {0, 10, 0, 10},
                MaskEdits.Op.ADD);
        assertEquals(255, bow.at(1, 5));
        assertEquals(255, bow.at(18, 5));
        assertEquals(0, bow.at(10, 1), "above the crossing, between the wings");
        Mask holed = MaskEdits.lasso(sq, new double[] {4, 6, 6, 4}, new double[] {4, 4, 6, 6}, MaskEdits.Op.SUBTRACT);
        assertEquals(32, painted(holed));
        assertEquals(0, holed.at(5, 5));
    }

    @Test
    void aMaskFromAlphaRepaintsTheTransparentParts() {
        Mask alpha = new Mask(3, 1, new byte[] {(byte) 255, (byte) 128, 0});
        Mask m = MaskEdits.fromAlpha(alpha, true);
        assertEquals(0, m.at(0, 0));
        assertEquals(127, m.at(1, 0));
        assertEquals(255, m.at(2, 0));
        assertEquals(alpha, MaskEdits.fromAlpha(alpha, false));
    }
}
