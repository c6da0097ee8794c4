package dev.seedframe.engine.qwenimage.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Position rules of the 3-axis RoPE. Angles are position × inverse frequency and pair 0 of each
 * axis has frequency 1, so it shows the position itself.
 */
class QwenEmbedRopeTest {

    /** Tiny axes (8, 4, 4): pairs 0..3 frame, 4..5 height, 6..7 width; pair 0 of each axis has frequency 1. */
    final QwenEmbedRope rope = new QwenEmbedRope(new int[] {8, 4, 4});

    static final int FRAME = 0;
    static final int HEIGHT = 4;
    static final int WIDTH = 6;

    @Test
    void oddGridsAreCentredWithTheExtraRowOnTheNegativeSide() throws Exception {
        float[][] a = rope.imageAngles(List.of(ImageShape.of(3, 5)));
        assertEquals(15, a.length);
        // rows take -2, -1, 0 (= r - ceil(3/2)); columns -3..1 (= c - ceil(5/2))
        assertEquals(-2f, a[0][HEIGHT]);
        assertEquals(0f, a[14][HEIGHT]);
        assertEquals(-3f, a[0][WIDTH]);
        assertEquals(1f, a[4][WIDTH]);
        assertEquals(0f, a[7][FRAME]);
    }

    @Test
    void laterSegmentsTakeTheirIndexAsFramePosition() throws Exception {
        float[][] a = rope.imageAngles(List.of(ImageShape.of(3, 5), ImageShape.of(2, 2)));
        assertEquals(19, a.length);
        assertEquals(0f, a[14][FRAME]);
        assertEquals(1f, a[15][FRAME]);
        assertEquals(-1f, a[15][HEIGHT]); // even grid: -1, 0
        assertEquals(0f, a[18][WIDTH]);
    }

    @Test
    void textStartsAfterTheLargestFlooredHalfExtentOfAnySegment() throws Exception {
        assertEquals(2, QwenEmbedRope.textOffset(List.of(ImageShape.of(3, 5))));
        assertEquals(64, QwenEmbedRope.textOffset(List.of(ImageShape.of(4, 4), ImageShape.of(128, 128))));
        float[][] t = rope.textAngles(2, 3);
        assertEquals(2f, t[0][FRAME]);
        assertEquals(4f, t[2][HEIGHT]);
        assertEquals(4f, t[2][WIDTH]);
    }

    @Test
    void textBeyondTheReferenceTablesIsRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> rope.textAngles(64, 4033));
        assertTrue(e.getMessage().contains("exceeds the RoPE range of 4096"), e.getMessage());
    }

    @Test
    void imagesBeyondTheReferenceTablesAreRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> rope.imageAngles(List.of(ImageShape.of(8194, 2))));
        assertTrue(e.getMessage().contains("exceeds the RoPE range"), e.getMessage());
    }
}
