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
        RgbImage source = vm.canvas().image();
        long baseId = vm.history().selectedId();
        robot.clickOn("#mode-outpaint");
        robot.clickOn("#toPortrait");
        assertTrue(vm.form().outpaint().topProperty().get() > 0 && vm.form().outpaint().bottomProperty().get() > 0);
        assertEquals(0, vm.form().outpaint().leftProperty().get());
        int top = vm.form().outpaint().topProperty().get();
        // before running, the canvas shows the portrait it will make: the added area tinted around the image
        double[] added = canvasColour(robot, 48, -top / 2.0);
        double[] beyond = canvasColour(robot, -20, -top / 2.0); // beside the new canvas
        assertTrue(added[2] > beyond[2] + 0.08, "the area above the image is tinted: " + java.util.Arrays.toString(added)
                + " against " + java.util.Arrays.toString(beyond));
        robot.interact(() -> vm.form().outpaint().topProperty().set(0));
        double[] untinted = canvasColour(robot, 94, -6 / window.view().canvas().scale()); // above, right of the caption
        assertTrue(Math.abs(untinted[2] - beyond[2]) < 0.02, "with nothing added on top, nothing is shown there: "
                + java.util.Arrays.toString(untinted));
        robot.interact(() -> vm.form().outpaint().topProperty().set(top));
        StudioFixture.runAndWait(robot, vm);

        RgbImage result = vm.canvas().image();
        GenerationSummary out = vm.history().summary(vm.history().selectedId());
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
        assertEquals(0, vm.history().offsetIn(vm.history().selectedId(), baseId)[0]);
        assertEquals(top, vm.history().offsetIn(vm.history().selectedId(), baseId)[1]);
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

    /** The colour (r, g, b in 0..1) the canvas shows at image point {@code (ix, iy)} (outside the image too). */
    private double[] canvasColour(FxRobot robot, double ix, double iy) {
        double[][] c = new double[1][];
        robot.interact(() -> {
            dev.seedframe.ui.view.ImageCanvas canvas = window.view().canvas();
            double[] v = canvas.toView(ix, iy);
            javafx.scene.paint.Color col = canvas.snapshot(null, null).getPixelReader().getColor((int) v[0],
                    (int) v[1]);
            c[0] = new double[] {col.getRed(), col.getGreen(), col.getBlue()};
        });
        return c[0];
    }

    @Test
    void twoSuccessiveInstructionEditsThenTheFirstReplaysIdenticallyFromTheHistory(FxRobot robot) {
        StudioFixture.base(robot, vm, 64, 48);
        long baseId = vm.history().selectedId();
        assertTrue(robot.lookup("#mode-edit").query().isDisabled(), "the text-to-image model cannot edit");
        robot.interact(() -> vm.form().setModel(dev.seedframe.testing.Golden.tinyEditModel()));
        assertEquals("", vm.feedback().errorProperty().get());
        assertFalse(robot.lookup("#mode-edit").query().isDisabled());
        robot.clickOn("#mode-edit");
        robot.interact(() -> {
            vm.form().promptProperty().set("make the sky blue");
            vm.form().stepsProperty().set(2);
        });
        StudioFixture.runAndWait(robot, vm);
        GenerationSummary edit = vm.history().summary(vm.history().selectedId());
        assertEquals(PipelineKind.EDIT, edit.kind());
        assertEquals(baseId, edit.parentId());
        assertEquals(64, vm.canvas().image().width());
        assertEquals(48, vm.canvas().image().height());
        assertEquals(2, vm.layers().rows().size(), "the edit is a layer over its source");
        long firstEdit = vm.history().selectedId();

        robot.interact(() -> vm.form().promptProperty().set("now add a small red boat"));
        StudioFixture.runAndWait(robot, vm);
        GenerationSummary second = vm.history().summary(vm.history().selectedId());
        assertEquals(PipelineKind.EDIT, second.kind());
        assertEquals(firstEdit, second.parentId(), "the second edit continues from the first");
        assertEquals(3, vm.layers().rows().size(), "base, first edit, second edit");

        robot.interact(() -> vm.history().select(firstEdit));
        StudioFixture.settle(vm);
        assertEquals("make the sky blue", vm.form().promptProperty().get(), "selecting the node restores its instruction");
        robot.clickOn("#replay");
        WaitForAsyncUtils.waitForFxEvents();
        StudioFixture.awaitIdle(vm);
        ReplayReport report = vm.run().lastReplayProperty().get();
        assertNotNull(report, "replay reported nothing: " + vm.feedback().errorProperty().get());
        assertEquals(firstEdit, report.generationId());
        assertEquals(ReplayReport.Verdict.IDENTICAL, report.verdict(), report.describe());
        assertTrue(vm.feedback().statusProperty().get().contains("identical pixels"), vm.feedback().statusProperty().get());
        assertEquals(3, vm.history().history().size(), "a replay records no new generation");
    }
}
