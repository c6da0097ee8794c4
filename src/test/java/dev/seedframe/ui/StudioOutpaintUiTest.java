package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.ReplayReport;
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
 * Issue 5 in the studio, through the real window and the real engine on the tiny models: a landscape
 * image outpainted to portrait in one action; and (issue 6) two successive instruction edits on the tiny
 * edit model, the first then replayed from the history to identical pixels.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioOutpaintUiTest {

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
    void outpaintingTurnsALandscapeImageIntoAPortraitOneInOneAction(FxRobot robot) {
        StudioFixture.base(robot, vm, 96, 64);
        RgbImage source = vm.image();
        long baseId = vm.selectedId();
        robot.clickOn("#mode-outpaint");
        robot.clickOn("#toPortrait");
        assertTrue(vm.outTopProperty().get() > 0 && vm.outBottomProperty().get() > 0);
        assertEquals(0, vm.outLeftProperty().get());
        int top = vm.outTopProperty().get();
        StudioFixture.runAndWait(robot, vm);

        RgbImage result = vm.image();
        GenerationSummary out = vm.summary(vm.selectedId());
        assertEquals(PipelineKind.OUTPAINT, out.kind());
        assertEquals(baseId, out.parentId());
        assertEquals(96, result.width());
        assertTrue(result.height() > result.width(), "portrait: " + result.width() + "x" + result.height());
        assertEquals(0, result.height() % 8);
        // the source's middle rows (away from the repainted seam) are kept exactly
        for (int y = 28; y < 36; y++) {
            for (int x = 0; x < 96; x++) {
                assertEquals(source.rgbAt(x, y), result.rgbAt(x, y + top), "source pixel (" + x + "," + y + ")");
            }
        }
        // compare: the source sits where its pixels are in the portrait, at the same scale
        assertEquals(0, vm.offsetIn(vm.selectedId(), baseId)[0]);
        assertEquals(top, vm.offsetIn(vm.selectedId(), baseId)[1]);
        robot.clickOn("#compare");
        javafx.scene.control.Slider slider = robot.lookup("#compareSlider").queryAs(javafx.scene.control.Slider.class);
        javafx.scene.layout.Pane stack = (javafx.scene.layout.Pane) ((javafx.scene.layout.VBox) slider.getParent())
                .getChildren().get(0);
        javafx.scene.image.ImageView before = (javafx.scene.image.ImageView) stack.getChildren().get(0);
        javafx.scene.image.ImageView after = (javafx.scene.image.ImageView) stack.getChildren().get(1);
        double scale = after.getFitHeight() / result.height();
        assertEquals(before.getFitWidth() / source.width(), scale, 1e-9, "one scale for both");
        assertEquals(after.getLayoutY() + top * scale, before.getLayoutY(), 1e-9, "the source at its offset");
        robot.interact(() -> ((javafx.stage.Stage) slider.getScene().getWindow()).close());
    }

    @Test
    void twoSuccessiveInstructionEditsThenTheFirstReplaysIdenticallyFromTheHistory(FxRobot robot) {
        StudioFixture.base(robot, vm, 64, 48);
        long baseId = vm.selectedId();
        assertTrue(robot.lookup("#mode-edit").query().isDisabled(), "the text-to-image model cannot edit");
        robot.interact(() -> vm.setModel(dev.seedframe.testing.Golden.tinyEditModel()));
        assertEquals("", vm.errorProperty().get());
        assertFalse(robot.lookup("#mode-edit").query().isDisabled());
        robot.clickOn("#mode-edit");
        robot.interact(() -> {
            vm.promptProperty().set("make the sky blue");
            vm.stepsProperty().set(2);
        });
        StudioFixture.runAndWait(robot, vm);
        GenerationSummary edit = vm.summary(vm.selectedId());
        assertEquals(PipelineKind.EDIT, edit.kind());
        assertEquals(baseId, edit.parentId());
        assertEquals(64, vm.image().width());
        assertEquals(48, vm.image().height());
        assertEquals(2, vm.layers().size(), "the edit is a layer over its source");
        long firstEdit = vm.selectedId();

        robot.interact(() -> vm.promptProperty().set("now add a small red boat"));
        StudioFixture.runAndWait(robot, vm);
        GenerationSummary second = vm.summary(vm.selectedId());
        assertEquals(PipelineKind.EDIT, second.kind());
        assertEquals(firstEdit, second.parentId(), "the second edit continues from the first");
        assertEquals(3, vm.layers().size(), "base, first edit, second edit");

        robot.interact(() -> vm.select(firstEdit));
        assertEquals("make the sky blue", vm.promptProperty().get(), "selecting the node restores its instruction");
        robot.clickOn("#replay");
        WaitForAsyncUtils.waitForFxEvents();
        StudioFixture.awaitIdle(vm);
        ReplayReport report = vm.lastReplayProperty().get();
        assertNotNull(report, "replay reported nothing: " + vm.errorProperty().get());
        assertEquals(firstEdit, report.generationId());
        assertEquals(ReplayReport.Verdict.IDENTICAL, report.verdict(), report.describe());
        assertTrue(vm.statusProperty().get().contains("identical pixels"), vm.statusProperty().get());
        assertEquals(3, vm.history().size(), "a replay records no new generation");
    }
}
