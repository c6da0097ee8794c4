package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.ui.viewmodel.LayerItem;
import dev.seedframe.ui.viewmodel.MaskModel;
import dev.seedframe.ui.viewmodel.Mode;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Path;
import java.util.Locale;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 5 in the studio, through the real window and the real engine on the tiny model: a painted
 * mask inpainted as a layer over its source (pixels outside the mask kept bit for bit) and iterated.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioEditUiTest {

    @TempDir
    static Path dir;

    StudioWindow window;
    StudioViewModel vm;

    @Start
    void start(Stage stage) {
        window = StudioWindow.open(stage, StudioFixture.studio(dir.resolve(Long.toString(System.nanoTime()))),
                Locale.ENGLISH);
        vm = window.viewModel();
    }

    @Test
    void inpaintingAPaintedMaskAddsALayerAndKeepsEveryPixelOutsideTheMask(FxRobot robot) {
        StudioFixture.base(robot, vm, 64, 64);
        long baseId = vm.history().selectedId();
        RgbImage source = vm.canvas().image();
        robot.interact(() -> {
            vm.canvas().brushSizeProperty().set(14);
            vm.canvas().brushHardnessProperty().set(1);
        });
        StudioFixture.drag(robot, window, javafx.scene.input.MouseButton.MIDDLE, 20, 30, 44, 30);
        assertTrue(vm.canvas().mask().isEmpty(),
                "outside Inpaint mode a drag pans (or drags the picture out), it does not paint");
        robot.clickOn("#mode-inpaint");
        assertEquals(Mode.INPAINT, vm.form().modeProperty().get());
        robot.interact(() -> window.view().canvas().fit());
        StudioFixture.stroke(robot, window, 20, 30, 44, 30);
        robot.interact(() -> vm.form().promptProperty().set("a red boat"));
        StudioFixture.runAndWait(robot, vm);

        long editId = vm.history().selectedId();
        GenerationSummary edit = vm.history().summary(editId);
        assertEquals(PipelineKind.INPAINT, edit.kind());
        assertEquals(baseId, edit.parentId(), "the edit is a child of its source");
        assertEquals(3, edit.seed(), "same seed by default");
        assertEquals(2, vm.layers().rows().size(), "the edit is a layer over its source");
        assertEquals(editId, vm.layers().rows().get(0).generationId());
        assertEquals(baseId, vm.layers().rows().get(1).generationId());

        RgbImage result = vm.canvas().image();
        assertTrue(vm.canvas().maskOutlinedProperty().get(), "the mask stays visible on the result, as its outline");
        MaskModel mask = vm.canvas().mask();
        int kept = 0;
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                if (mask.at(x, y) == 0) {
                    assertEquals(source.rgbAt(x, y), result.rgbAt(x, y), "pixel (" + x + "," + y + ") outside the mask");
                    kept++;
                } else if (source.rgbAt(x, y) != result.rgbAt(x, y)) {
                    changedInside++;
                }
            }
        }
        assertTrue(kept > 64 * 40, "most pixels are outside the mask: " + kept);
        assertTrue(changedInside > 0, "the masked area was repainted");
        assertTrue(vm.feedback().statusProperty().get().contains("bit-identical"), vm.feedback().statusProperty().get());

        // the next run is a choice: no plain Inpaint that would reuse the mask on the result unseen
        assertFalse(robot.lookup("#generate").query().isVisible());
        assertTrue(robot.lookup("#tryAgain").query().isVisible());
        robot.clickOn("#continueFromResult");
        assertTrue(vm.canvas().mask().isEmpty(), "continuing clears the mask");
        assertTrue(robot.lookup("#generate").query().isVisible());

        // hiding the layer shows its source again
        LayerItem top = vm.layers().rows().get(0);
        robot.clickOn("#layer-visible-" + top.generationId());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(top.visible().get());
        assertEquals(source, vm.canvas().image());
        robot.clickOn("#layer-visible-" + top.generationId());
        assertEquals(result, vm.canvas().image());

        // iterating: an inpaint on the result keeps the chain
        StudioFixture.stroke(robot, window, 10, 50, 30, 50);
        StudioFixture.runAndWait(robot, vm);
        GenerationSummary second = vm.history().summary(vm.history().selectedId());
        assertEquals(editId, second.parentId());
        assertEquals(3, vm.layers().rows().size(), "base, first edit, second edit");

        // trying again: a sibling from the same parent, the next seed
        robot.clickOn("#tryAgain");
        StudioFixture.awaitIdle(vm);
        GenerationSummary again = vm.history().summary(vm.history().selectedId());
        assertEquals(editId, again.parentId(), "a new variant of the same region from the same parent");
        assertEquals(second.seed() + 1, again.seed());
        assertTrue(again.id() != second.id());

        // with the two edits hidden the canvas shows the base: the choice ends, an inpaint continues from the base
        robot.clickOn("#layer-visible-" + vm.layers().rows().get(0).generationId());
        robot.clickOn("#layer-visible-" + vm.layers().rows().get(1).generationId());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(source, vm.canvas().image());
        assertTrue(robot.lookup("#generate").query().isVisible());
        StudioFixture.stroke(robot, window, 40, 10, 50, 20);
        assertFalse(vm.canvas().maskOutlinedProperty().get(), "painting fills the mask again");
        StudioFixture.runAndWait(robot, vm);
        assertEquals(baseId, vm.history().summary(vm.history().selectedId()).parentId(), "the parent is the image the edit started from");
    }

}
