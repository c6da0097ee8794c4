package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.ModelSummary;
import java.nio.file.Path;
import java.util.Set;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The canvas and mask tools without a window. */
@Tag("unit")
class CanvasViewModelTest {

    private final SimpleObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.CREATE);
    private final CanvasViewModel canvas = new CanvasViewModel(mode);
    /** Qwen-Image's sizes: multiples of 16, a 1024² area budget, sides up to 4096. */
    static final ModelSummary QWEN = new ModelSummary(Path.of("qwen"), "Qwen-Image", "q", Set.of(PipelineKind.INPAINT),
            16, 1024, false, 4096);

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
        canvas.outlineMask();
        assertTrue(canvas.maskOutlinedProperty().get());
        int version = canvas.maskVersionProperty().get();
        canvas.mask().beginStroke();
        canvas.mask().dab(16, 16, 4, 1, false);
        canvas.maskChanged();
        assertFalse(canvas.maskOutlinedProperty().get(), "painting fills the mask again");
        assertTrue(canvas.maskVersionProperty().get() > version);
        canvas.invertMask();
        assertEquals(0, canvas.mask().at(16, 16));
        canvas.undoMask();
        assertEquals(255, canvas.mask().at(16, 16));
        canvas.redoMask();
        assertEquals(0, canvas.mask().at(16, 16));
        canvas.clearMask();
        assertTrue(canvas.mask().isEmpty());
        canvas.outlineMask();
        canvas.overlayOpacityProperty().set(0.2);
        assertFalse(canvas.maskOutlinedProperty().get(), "adjusting the overlay shows it filled");
        canvas.outlineMask();
        canvas.overlayRgbProperty().set(0x00ffcc);
        assertFalse(canvas.maskOutlinedProperty().get(), "so does choosing its colour");
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
        canvas.runStarts(96, 160, null);
        assertArrayEquals(new int[] {96, 160}, canvas.runSize());
        ContextBox box = new ContextBox(8, 8, 32, 32, 64, 64);
        canvas.runStarts(96, 160, box);
        assertEquals(box, canvas.runBox(), "a full-resolution edit's preview stands for its box");
    }

    @Test
    void rectanglesAndLassosAddOrTakeAwayAtImageResolutionOneUndoStepEach() {
        canvas.show(RgbImage.filled(3000, 2000, 0, 0, 0));
        canvas.rectangle(1460, 940, 1400, 900, false); // corners in any order
        MaskModel m = canvas.mask();
        assertEquals(255, m.at(1400, 900));
        assertEquals(255, m.at(1459, 939));
        assertEquals(0, m.at(1460, 900));
        assertEquals(0, m.at(1399, 920));
        canvas.lasso(new double[] {1420, 1440, 1430}, new double[] {905, 905, 935}, true); // Alt: take away
        assertEquals(0, m.at(1430, 910), "the lasso took its inside away");
        assertEquals(255, m.at(1402, 902));
        canvas.subtractProperty().set(true);
        canvas.rectangle(1400, 900, 1410, 940, false);
        assertEquals(0, m.at(1405, 920), "subtract mode takes away");
        canvas.rectangle(0, 0, 10, 10, true);
        assertEquals(255, m.at(5, 5), "and Alt turns it around");
        canvas.undoMask();
        canvas.undoMask();
        canvas.undoMask();
        assertEquals(255, m.at(1430, 910), "each shape was one undo step");
        canvas.lasso(new double[] {1, 2}, new double[] {1, 2}, false);
        assertEquals(255, m.at(1430, 910), "two points enclose nothing");
    }

    @Test
    void theContextBoxIsTheServicesDefaultUntilAMarginIsTypedOrTheBoxIsDragged() {
        SimpleObjectProperty<ModelSummary> model = new SimpleObjectProperty<>(QWEN);
        ContextBoxModel cb = canvas.contextBox();
        cb.modelProperty().bind(model);
        canvas.show(RgbImage.filled(3000, 2000, 0, 0, 0));
        assertNull(cb.box(), "no mask, no box");
        canvas.rectangle(1200, 800, 1600, 1100, false);
        // the service's default: half the larger side (200 px) around the mask, grown to multiples of 16
        assertEquals(new ContextBox(1000, 598, 800, 704, 800, 704), cb.box());
        assertEquals(200, cb.contextPxProperty().get());
        assertTrue(cb.autoProperty().get());

        cb.contextPxProperty().set(20);
        assertFalse(cb.autoProperty().get(), "a typed margin is the designer's");
        ContextBox small = cb.box();
        assertEquals(new ContextBox(1180, 780, 440, 340, small.workWidth(), small.workHeight()), small,
                "20 px around the mask; below a quarter of the budget, scaled up to be worked on");
        assertFalse(small.unscaled());
        canvas.rectangle(100, 100, 110, 110, false);
        assertTrue(cb.box().x() <= 80, "the box follows the mask: " + cb.box());
        canvas.undoMask();

        cb.drag(2500, 1500, 500, 500); // corners in any order
        assertTrue(cb.customProperty().get());
        assertEquals(new ContextBox(500, 500, 2000, 1000, 1456, 720), cb.box(),
                "a dragged box beyond the budget is worked on scaled down");
        cb.drag(1300, 700, 2100, 1300);
        assertTrue(cb.box().x() <= 1200, "a dragged box always holds the mask: " + cb.box());
        cb.reset();
        assertFalse(cb.customProperty().get());
        assertEquals(new ContextBox(1000, 598, 800, 704, 800, 704), cb.box(), "back to the default");

        canvas.clearMask();
        canvas.rectangle(0, 0, 3000, 2, false);
        cb.contextPxProperty().set(0);
        assertNull(cb.box());
        assertArrayEquals(new int[] {3000, 2}, cb.tooNarrowProperty().get(), "a strip is said to be too narrow");
        canvas.show(RgbImage.filled(64, 64, 0, 0, 0));
        assertNull(cb.tooNarrowProperty().get(), "a new picture, a new mask");
    }

}
