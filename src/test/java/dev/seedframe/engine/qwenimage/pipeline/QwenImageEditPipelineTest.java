package dev.seedframe.engine.qwenimage.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The edit pipelines' size rules (diffusers {@code calculate_dimensions}), without a model. */
@Tag("unit")
class QwenImageEditPipelineTest {

    @Test
    void calculateDimensionsKeepsAboutOneMegapixelAtTheAspectRatio() {
        assertArrayEquals(new int[] {1024, 1024}, QwenImageEditPipeline.calculateDimensions(1024 * 1024, 32, 32));
        // sqrt(2^20 · 16/9) = 1365.3 → 1376 (42.67 → 43 × 32), height 768
        assertArrayEquals(new int[] {1376, 768}, QwenImageEditPipeline.calculateDimensions(1024 * 1024, 1920, 1080));
        assertArrayEquals(new int[] {768, 1376}, QwenImageEditPipeline.calculateDimensions(1024 * 1024, 1080, 1920));
        assertArrayEquals(new int[] {384, 384}, QwenImageEditPipeline.calculateDimensions(384 * 384, 500, 500));
    }

    @Test
    void calculateDimensionsRoundsHalfToEvenAsPython() {
        // area 48² at 1:1 → 48 / 32 = 1.5 → round-half-even 2 → 64 (not 32)
        assertArrayEquals(new int[] {64, 64}, QwenImageEditPipeline.calculateDimensions(48 * 48, 7, 7));
        // area 80² → 2.5 → 2 → 64
        assertArrayEquals(new int[] {64, 64}, QwenImageEditPipeline.calculateDimensions(80 * 80, 7, 7));
    }

    @Test
    void defaultOutputFollowsTheLastImageFlooredToTheSizeMultiple() {
        RgbImage square = RgbImage.filled(100, 100, 0, 0, 0);
        RgbImage wide = RgbImage.filled(1920, 1080, 0, 0, 0);
        assertArrayEquals(new int[] {1376, 768}, QwenImageEditPipeline.defaultOutputSize(List.of(square, wide), 16));
        assertArrayEquals(new int[] {1024, 1024}, QwenImageEditPipeline.defaultOutputSize(List.of(wide, square), 16));
        assertArrayEquals(new int[] {1344, 768}, QwenImageEditPipeline.defaultOutputSize(List.of(wide), 64));
    }

    @Test
    void everyConditionResizeIsNotedAndAOneMegapixelInputIsLeftAlone() {
        List<Note> notes = new ArrayList<>();
        RgbImage small = RgbImage.filled(64, 48, 10, 20, 30);
        RgbImage r = QwenImageEditPipeline.resized(small,
                QwenImageEditPipeline.calculateDimensions(QwenImageEditPipeline.VAE_IMAGE_AREA, 64, 48), Note.of(NoteCode.IMAGE_THE),
                notes);
        assertEquals(1184, r.width());
        assertEquals(896, r.height());
        assertEquals(1, notes.size());
        String said = notes.get(0).english();
        assertTrue(said.contains("from 64×48 to 1184×896") && said.contains("one megapixel"), said);
        RgbImage exact = RgbImage.filled(1024, 1024, 1, 2, 3);
        assertSame(exact, QwenImageEditPipeline.resized(exact, new int[] {1024, 1024}, Note.of(NoteCode.IMAGE_THE), notes));
        assertEquals(1, notes.size());
    }
}
