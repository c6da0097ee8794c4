package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.ImportedPictures;
import dev.seedframe.service.Masks;
import dev.seedframe.service.Project;
import dev.seedframe.service.ProjectService;
import dev.seedframe.service.ReplayReport;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.testing.Pictures;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 12 in the studio, through the real window and the real engine on the tiny model: a designer's own 3000×2000
 * picture, imported into the project, is inpainted with a rectangle and then a lasso drawn on the canvas, its
 * context box adjusted by a drag; each output keeps the picture's size and every pixel outside the mask, and the
 * import and both edits replay identically from the reopened project. A cut-out's transparency makes its mask, and
 * a mask file of another size is refused.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioFullResolutionUiTest {

    @TempDir
    static Path dir;

    Path here;
    Stage stage;
    StudioWindow window;
    StudioViewModel vm;

    /**
     * A project holding {@code picture} imported (through the service: the File menu's route is another panel's),
     * then the studio opened on it.
     */
    void openWithImported(Stage on, BufferedImage picture, String name) throws Exception {
        here = dir.resolve(Long.toString(System.nanoTime()));
        Files.createDirectories(here);
        var studio = StudioFixture.studio(here); // creates the project
        Path file = here.resolve(name);
        ImageIO.write(picture, "png", file.toFile());
        try (Project p = new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults()))
                .open(here.resolve("test.seedframe"))) {
            ImportedPictures.importFile(p, file);
        }
        stage = on;
        window = StudioWindow.open(on, studio, Locale.ENGLISH);
        vm = window.viewModel();
    }

    @Start
    void start(Stage s) {
        stage = s;
    }

    private void inpaintSettings(FxRobot robot) {
        robot.interact(() -> {
            vm.form().promptProperty().set("一只可爱的白色兔子,抱着胡萝卜");
            vm.form().seedTextProperty().set("42");
            vm.form().stepsProperty().set(2);
        });
    }

    @Test
    void aLargeImportIsInpaintedWithARectangleAndALassoAtItsOwnSizeAndReplaysFromTheReopenedProject(FxRobot robot)
            throws Exception {
        robot.interact(() -> {
            try {
                openWithImported(stage, Pictures.photo(3000, 2000), "poster.png");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        StudioFixture.settle(vm);
        RgbImage photo = vm.canvas().image();
        assertEquals(3000, photo.width());
        long imported = vm.history().selectedId();
        assertEquals(PipelineKind.IMPORT, vm.history().summary(imported).kind());
        inpaintSettings(robot);
        robot.clickOn("#mode-inpaint");

        // a rectangle over the tiger, at image resolution
        robot.clickOn("#rectangleTool");
        StudioFixture.stroke(robot, window, 1400, 900, 1460, 940);
        Mask tiger = vm.canvas().mask().toMask();
        int[] b = vm.canvas().mask().bounds();
        assertNotNull(b, "the rectangle was added to the mask");
        assertTrue(Math.abs(b[0] - 1400) <= 6 && Math.abs(b[2] - 1460) <= 6 && Math.abs(b[1] - 900) <= 6
                && Math.abs(b[3] - 940) <= 6, java.util.Arrays.toString(b));

        // the context box around it, by default the service's, then widened by dragging its right edge
        ContextBox auto = vm.canvas().contextBox().box();
        assertNotNull(auto);
        assertTrue(auto.x() <= b[0] && auto.x() + auto.width() >= b[2], auto.toString());
        String info = robot.lookup("#contextInfo").queryAs(Label.class).getText();
        assertTrue(info.startsWith("Box " + auto.width() + "×" + auto.height()), info);
        double right = auto.x() + auto.width();
        double middle = auto.y() + auto.height() / 2.0;
        StudioFixture.stroke(robot, window, right, middle, right + 120, middle);
        ContextBox dragged = vm.canvas().contextBox().box();
        assertTrue(vm.canvas().contextBox().customProperty().get(), "the box was set by hand");
        assertTrue(dragged.x() + dragged.width() > right + 60, dragged + " from " + auto);
        assertEquals(tiger, vm.canvas().mask().toMask(), "dragging the box's edge paints nothing");

        StudioFixture.runAndWait(robot, vm);
        long first = vm.history().selectedId();
        assertEquals(imported, vm.history().summary(first).parentId());
        RgbImage rabbit = vm.canvas().image();
        assertEquals(3000, rabbit.width(), "the output keeps the picture's size");
        assertEquals(2000, rabbit.height());
        Pictures.assertKeptOutside(photo, rabbit, tiger);
        assertTrue(vm.feedback().statusProperty().get().contains("bit-identical"), vm.feedback().statusProperty().get());
        assertEquals(dragged, vm.run().followUpProperty().get().request().context(), "the request carried the box");

        // continue from the result: a lasso around the carrot
        robot.clickOn("#continueFromResult");
        robot.clickOn("#lassoTool");
        StudioFixture.path(robot, window, new double[] {200, 200}, new double[] {336, 240},
                new double[] {260, 336}, new double[] {210, 300});
        Mask carrot = vm.canvas().mask().toMask();
        int[] c = vm.canvas().mask().bounds();
        assertNotNull(c, "the lasso was added to the mask");
        assertTrue(c[0] >= 190 && c[2] <= 346 && c[1] >= 190 && c[3] <= 346, java.util.Arrays.toString(c));
        StudioFixture.runAndWait(robot, vm);
        long second = vm.history().selectedId();
        assertEquals(first, vm.history().summary(second).parentId(), "continued from the result");
        RgbImage both = vm.canvas().image();
        assertEquals(3000, both.width());
        Pictures.assertKeptOutside(rabbit, both, carrot);

        // the reopened project: the same history, and the import and both edits replay to identical pixels
        List<GenerationSummary> before = List.copyOf(vm.history().history());
        robot.interact(() -> {
            stage.close();
            stage = new Stage();
            window = StudioWindow.open(stage, StudioFixture.studio(here), Locale.ENGLISH);
            vm = window.viewModel();
        });
        StudioFixture.settle(vm);
        assertEquals(before, List.copyOf(vm.history().history()));
        assertEquals(both, vm.canvas().image());
        for (long id : new long[] {imported, first, second}) {
            robot.interact(() -> vm.history().select(id));
            StudioFixture.settle(vm);
            robot.interact(vm.run()::replaySelected);
            StudioFixture.awaitIdle(vm);
            ReplayReport r = vm.run().lastReplayProperty().get();
            assertEquals(id, r.generationId());
            assertEquals(ReplayReport.Verdict.IDENTICAL, r.verdict(), r.describe());
        }
        robot.interact(() -> stage.close());
    }

    @Test
    void aCutOutsTransparencyMakesItsMaskAndAMaskFileOfAnotherSizeIsRefused(FxRobot robot) throws Exception {
        BufferedImage cutOut = new BufferedImage(96, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                cutOut.setRGB(x, y, (x < 40 ? 0x00 : 0xff) << 24 | 0x3366aa);
            }
        }
        robot.interact(() -> {
            try {
                openWithImported(stage, cutOut, "cut-out.png");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        StudioFixture.settle(vm);
        assertTrue(robot.lookup("#maskFromAlpha").query().isDisabled() || !vm.canvas().masking());
        robot.clickOn("#mode-inpaint");
        StudioFixture.settle(vm);
        assertFalse(robot.lookup("#maskFromAlpha").query().isDisabled(), "an import with transparency offers it");
        robot.clickOn("#maskFromAlpha");
        assertEquals(255, vm.canvas().mask().at(10, 10), "the transparent part is repainted");
        assertEquals(0, vm.canvas().mask().at(60, 10), "the opaque part is kept");

        // a polygon, corner by corner, closed on its first corner; one dropped with Esc changes nothing
        robot.clickOn("#clearMask");
        robot.clickOn("#polygonTool");
        for (double[] p : new double[][] {{50, 8}, {90, 8}, {90, 50}, {50, 8}}) {
            robot.clickOn(StudioFixture.screen(robot, window, p[0], p[1]));
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(255, vm.canvas().mask().at(80, 20), "inside the triangle");
        assertEquals(0, vm.canvas().mask().at(55, 40), "outside it");
        Mask triangle = vm.canvas().mask().toMask();
        robot.clickOn(StudioFixture.screen(robot, window, 10, 10));
        robot.clickOn(StudioFixture.screen(robot, window, 30, 10));
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        assertEquals(triangle, vm.canvas().mask().toMask(), "a polygon dropped with Esc adds nothing");
        for (double[] p : new double[][] {{60, 40}, {90, 40}, {90, 60}, {60, 40}}) {
            robot.clickOn(StudioFixture.screen(robot, window, p[0], p[1]));
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(255, vm.canvas().mask().at(86, 55), "the next polygon starts afresh and closes on its own corner");
        assertEquals(0, vm.canvas().mask().at(20, 12), "nothing of the dropped one");
        robot.clickOn("#undoMask");
        robot.clickOn("#undoMask");
        robot.clickOn("#maskFromAlpha");

        // the mask's file round trip, and one of another size refused with both sizes
        Path out = here.resolve("mask.png");
        robot.interact(() -> vm.maskFiles().exportMask(out));
        StudioFixture.settle(vm);
        Mask written = Masks.read(out, 96, 64);
        assertEquals(vm.canvas().mask().toMask(), written);
        Path small = here.resolve("small.png");
        Masks.write(Mask.empty(48, 32), small);
        robot.interact(() -> vm.maskFiles().importMask(small));
        StudioFixture.settle(vm);
        assertTrue(robot.lookup("#errorBanner").query().isVisible());
        assertEquals("The mask is 48×32 but the picture is 96×64; a mask must be the size of its picture (small.png)."
                + " The mask was not changed.", vm.feedback().errorProperty().get());
        assertEquals(written, vm.canvas().mask().toMask(), "nothing was lost");
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> stage.close());
    }
}
