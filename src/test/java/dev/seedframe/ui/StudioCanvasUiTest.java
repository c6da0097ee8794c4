package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.ui.viewmodel.MaskModel;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
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
 * Issue 4 through the real window (headless Monocle) and the real engine on the embedded tiny model:
 * the mask painter, cancelling mid-generation, failures shown in the window.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioCanvasUiTest {

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
    void paintingAndErasingAStrokeChangesTheMaskAtImageResolution(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "a stone wall", "5");
        StudioFixture.runAndWait(robot, vm);
        robot.interact(() -> {
            vm.canvas().brushSizeProperty().set(8);
            vm.canvas().brushHardnessProperty().set(1);
        });
        MaskModel mask = vm.canvas().mask();
        assertEquals(64, mask.width(), "the mask has the image's resolution, not the screen's");
        assertTrue(mask.isEmpty());
        robot.clickOn("#mode-inpaint"); // the mask is painted in Inpaint mode

        StudioFixture.stroke(robot, window, 12, 32, 52, 32);
        assertEquals(255, mask.at(32, 32), "painted under the stroke");
        assertEquals(255, mask.at(20, 33));
        assertEquals(0, mask.at(32, 20), "untouched away from the stroke");
        assertEquals(0, mask.at(5, 5));

        robot.clickOn("#subtractMode");
        StudioFixture.stroke(robot, window, 24, 32, 40, 32);
        assertEquals(0, vm.canvas().mask().at(32, 32), "erased");
        assertEquals(255, vm.canvas().mask().at(16, 32), "the rest of the stroke stays");

        robot.clickOn("#undoMask");
        assertEquals(255, vm.canvas().mask().at(32, 32), "undo brings the erased part back");
        robot.clickOn("#redoMask");
        assertEquals(0, vm.canvas().mask().at(32, 32));

        robot.clickOn("#canvas");
        double before = vm.canvas().brushSizeProperty().get();
        robot.type(KeyCode.CLOSE_BRACKET);
        assertTrue(vm.canvas().brushSizeProperty().get() > before, "] grows the brush");
        robot.type(KeyCode.OPEN_BRACKET);
        robot.type(KeyCode.OPEN_BRACKET);
        assertTrue(vm.canvas().brushSizeProperty().get() < before, "[ shrinks the brush");
    }

    @Test
    void cancellingMidGenerationStopsAndRecordsNothing(FxRobot robot) throws Exception {
        StudioFixture.smallSettings(robot, vm, 64, 64, 60);
        StudioFixture.typePromptAndSeed(robot, "a long run", "77");
        robot.clickOn("#generate");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.run().progressProperty().get() > 0);
        assertTrue(vm.run().isRunning());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        long t0 = System.nanoTime();
        StudioFixture.awaitIdle(vm);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 20, "stopped within a step or two, took " + seconds + " s");
        assertEquals(0, vm.history().history().size(), "nothing half-done is recorded");
        assertTrue(vm.feedback().statusProperty().get().startsWith("Cancelled"), vm.feedback().statusProperty().get());
        assertEquals("", vm.feedback().errorProperty().get());
    }

    @Test
    void cancellingTheSecondVariantKeepsTheFirstAndSaysSo(FxRobot robot) throws Exception {
        StudioFixture.smallSettings(robot, vm, 64, 64, 100);
        robot.interact(() -> vm.form().variantsProperty().set(2));
        StudioFixture.typePromptAndSeed(robot, "two variants, one kept", "5");
        robot.clickOn("#generate");
        // a 100-step variant takes minutes on a loaded 2-core machine: the wait is generous, the test is not timed
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> vm.history().history().size() == 1);
        assertTrue(vm.run().isRunning(), "the second variant is running");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        StudioFixture.awaitIdle(vm);
        robot.interact(() -> vm.form().variantsProperty().set(1));
        assertEquals(1, vm.history().history().size(), "the finished variant stays recorded");
        assertTrue(vm.feedback().statusProperty().get().startsWith("Cancelled; 1 of 2 variants were recorded"),
                vm.feedback().statusProperty().get());
    }

    @Test
    void failuresAreShownInTheWindowAndTheWorkStays(FxRobot robot) throws Exception {
        String title = window.stage().getTitle();
        Path notAModel = java.nio.file.Files.createDirectories(dir.resolve("empty-folder"));
        robot.interact(() -> vm.form().setModel(notAModel));
        assertTrue(robot.lookup("#errorBanner").query().isVisible());
        assertTrue(vm.feedback().errorProperty().get().startsWith("The model cannot be used:"), vm.feedback().errorProperty().get());
        assertFalse(vm.feedback().errorProperty().get().contains("Exception"), vm.feedback().errorProperty().get());
        assertEquals("qwen-image-tiny", vm.form().modelProperty().get().folder().getFileName().toString(),
                "the working model stays");

        Path corrupt = dir.resolve("corrupt.seedframe");
        java.nio.file.Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        robot.interact(() -> vm.projects().openProject(corrupt));
        StudioFixture.settle(vm);
        assertTrue(vm.feedback().errorProperty().get().startsWith("Project problem:"), vm.feedback().errorProperty().get());
        assertEquals(title, window.stage().getTitle(), "the open project stays open");
        robot.clickOn("#errorBanner .button");
        assertFalse(robot.lookup("#errorBanner").query().isVisible());
    }

    @Test
    void theMaskToolsShowInInpaintModeAndNoToolIsHiddenInTheSmallestWindow(FxRobot robot) {
        javafx.scene.Node brushTools = robot.lookup("#brushTools").query();
        javafx.scene.Node maskTools = robot.lookup("#maskTools").query();
        assertFalse(brushTools.isVisible(), "Create mode paints no mask: no brush in the bar");
        assertFalse(maskTools.isVisible());
        assertTrue(robot.lookup("#fit").query().isVisible(), "the view tools are always there");
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "a tiled roof", "8");
        StudioFixture.runAndWait(robot, vm); // Inpaint needs an image

        robot.interact(() -> {
            window.stage().setWidth(1000); // the studio's minimum width
            window.stage().setHeight(640);
        });
        robot.clickOn("#mode-inpaint");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(brushTools.isVisible() && maskTools.isVisible());
        javafx.geometry.Bounds bar = robot.lookup("#canvasBar").query().localToScene(
                robot.lookup("#canvasBar").query().getLayoutBounds());
        for (String id : new String[] {"#brushTool", "#rectangleTool", "#lassoTool", "#polygonTool", "#addMode",
                "#subtractMode", "#brushSize", "#hardness", "#overlayColour", "#maskOpacity", "#undoMask", "#redoMask",
                "#invertMask", "#clearMask", "#maskFromAlpha", "#importMask", "#exportMask", "#fit", "#actualSize"}) {
            javafx.scene.Node n = robot.lookup(id).query();
            javafx.geometry.Bounds b = n.localToScene(n.getLayoutBounds());
            assertTrue(n.isVisible() && b.getMaxX() <= bar.getMaxX() + 0.5 && b.getMaxY() <= bar.getMaxY() + 0.5,
                    id + " lies inside the bar (it wraps instead of hiding tools): " + b + " in " + bar);
        }
        assertTrue(bar.getHeight() > 60, "two rows at 1000 px: " + bar);
    }
}
