package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.RgbImage;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The canvas and mask tools without a window. */
@Tag("unit")
class CanvasViewModelTest {

    private final SimpleObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.CREATE);
    private final CanvasViewModel canvas = new CanvasViewModel(mode);

    @Test
    void theMaskHasTheImagesResolutionAndSurvivesAnImageOfTheSameSize() {
        canvas.show(RgbImage.filled(64, 48, 1, 2, 3));
        MaskModel m = canvas.mask();
        assertEquals(64, m.width());
        assertEquals(48, m.height());
        canvas.show(RgbImage.filled(64, 48, 9, 9, 9));
        assertSame(m, canvas.mask(), "the same region can be tried again on the next image");
        canvas.show(RgbImage.filled(96, 48, 9, 9, 9));
        assertNotSame(m, canvas.mask());
        assertEquals(96, canvas.mask().width());
    }

    @Test
    void theMaskToolsChangeTheMaskShowItAndUndo() {
        canvas.show(RgbImage.filled(32, 32, 0, 0, 0));
        canvas.hideMask();
        assertFalse(canvas.maskShownProperty().get());
        int version = canvas.maskVersionProperty().get();
        canvas.mask().beginStroke();
        canvas.mask().dab(16, 16, 4, 1, false);
        canvas.maskChanged();
        assertTrue(canvas.maskShownProperty().get(), "painting shows the mask again");
        assertTrue(canvas.maskVersionProperty().get() > version);
        canvas.invertMask();
        assertEquals(0, canvas.mask().at(16, 16));
        canvas.undoMask();
        assertEquals(255, canvas.mask().at(16, 16));
        canvas.redoMask();
        assertEquals(0, canvas.mask().at(16, 16));
        canvas.clearMask();
        assertTrue(canvas.mask().isEmpty());
        canvas.hideMask();
        canvas.overlayOpacityProperty().set(0.2);
        assertTrue(canvas.maskShownProperty().get(), "adjusting the overlay shows it");
    }

    @Test
    void theBrushGrowsAndShrinksByAboutFifteenPercentWithinItsBounds() {
        canvas.brushSizeProperty().set(20);
        canvas.growBrush(true);
        assertEquals(23, canvas.brushSizeProperty().get());
        canvas.growBrush(false);
        assertEquals(20, canvas.brushSizeProperty().get());
        canvas.brushSizeProperty().set(1);
        canvas.growBrush(false);
        assertEquals(1, canvas.brushSizeProperty().get());
        canvas.brushSizeProperty().set(512);
        canvas.growBrush(true);
        assertEquals(512, canvas.brushSizeProperty().get());
    }

    @Test
    void theMaskIsPaintedInInpaintModeOnlyAndThePreviewStandsForTheRunsSize() {
        assertFalse(canvas.masking());
        mode.set(Mode.INPAINT);
        assertTrue(canvas.masking());
        canvas.runStarts(96, 160);
        assertArrayEquals(new int[] {96, 160}, canvas.runSize());
    }
}
