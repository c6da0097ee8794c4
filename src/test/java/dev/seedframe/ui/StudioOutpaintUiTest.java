package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
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

/**
 * Issue 5 in the studio, through the real window and the real engine on the tiny models: a landscape
 * image outpainted to portrait in one action, and an instruction edit on the tiny edit model.
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

    private void base(FxRobot robot, int w, int h) {
        StudioFixture.smallSettings(robot, vm, w, h, 2);
        robot.interact(() -> {
            vm.promptProperty().set("a quiet harbour");
            vm.seedTextProperty().set("3");
        });
        StudioFixture.runAndWait(robot, vm);
    }

    @Test
    void outpaintingTurnsALandscapeImageIntoAPortraitOneInOneAction(FxRobot robot) {
        base(robot, 96, 64);
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
    }

    @Test
    void instructionEditingWithAnEditModelAddsAChildLayer(FxRobot robot) {
        base(robot, 64, 48);
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
    }
}
