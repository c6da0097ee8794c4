package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.OraReader;
import dev.seedframe.imaging.Png;
import dev.seedframe.service.LayerStacks;
import dev.seedframe.service.Studio;
import dev.seedframe.ui.viewmodel.LayerItem;
import dev.seedframe.ui.viewmodel.Mode;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javafx.scene.control.Slider;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 12's layers and getting pictures out, through the real window and engine (tiny model): an imported picture
 * inpainted twice is three layers; hiding and fading them recompose the canvas as the layers' pixels say; the
 * flattened PNG and the OpenRaster file carry what the panel shows; the picture is copied with its data; starred
 * nodes are exported to the folder last used; a PNG carrying settings offers them.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioLayersUiTest {

    @TempDir
    static Path dir;

    Path home;
    Studio studio;
    StudioWindow window;
    StudioViewModel vm;
    final AnsweringChoosers choosers = new AnsweringChoosers();

    @Start
    void start(Stage stage) {
        home = dir.resolve(Long.toString(System.nanoTime()));
        studio = StudioFixture.studio(home);
        window = StudioFixture.window(stage, studio, choosers);
        vm = window.viewModel();
    }

    /** The pattern imported, then inpainted twice (two strokes), at two steps: three layers. */
    private void importAndInpaintTwice(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        Path png = Files.write(Files.createDirectories(home.resolve("in")).resolve("pattern.png"), TestPictures.png());
        robot.interact(() -> vm.pictures().importFiles(List.of(png)));
        StudioFixture.settle(vm);
        robot.interact(() -> {
            vm.form().stepsProperty().set(2);
            vm.form().promptProperty().set("a red boat");
            vm.canvas().brushSizeProperty().set(10);
            vm.canvas().brushHardnessProperty().set(1);
        });
        robot.clickOn("#mode-inpaint");
        robot.interact(() -> window.view().canvas().fit());
        StudioFixture.stroke(robot, window, 8, 10, 30, 12);
        StudioFixture.runAndWait(robot, vm);
        robot.clickOn("#continueFromResult"); // the next inpaint stacks on the result (its mask cleared)
        StudioFixture.stroke(robot, window, 28, 30, 56, 36);
        StudioFixture.runAndWait(robot, vm);
        assertEquals(3, vm.layers().rows().size(), "the base and the two edits");
    }

    /** Source-over of {@code over} at weight {@code a} on {@code below}, per channel, as a designer's tools do. */
    private static int blend(int below, int over, float a) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int b = below >> shift & 0xff;
            int o = over >> shift & 0xff;
            out |= (a == 0f ? b : Math.round(b * (1f - a) + o * a)) << shift;
        }
        return out;
    }

    /** Fires the menu item {@code id} of the window's menu bar, as a click on it does. */
    private void fire(FxRobot robot, String id) {
        robot.interact(() -> {
            javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) window.view().root().lookup("#menuBar");
            java.util.ArrayDeque<javafx.scene.control.MenuItem> items = new java.util.ArrayDeque<>(bar.getMenus());
            while (!items.isEmpty()) {
                javafx.scene.control.MenuItem mi = items.poll();
                if (id.equals(mi.getId())) {
                    mi.fire();
                    return;
                }
                if (mi instanceof javafx.scene.control.Menu m) {
                    items.addAll(m.getItems());
                }
            }
            throw new AssertionError("no menu item " + id);
        });
        StudioFixture.settle(vm);
    }

    private static int diff(int a, int b) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
        }
        return d;
    }

    private static RgbImage rgb(BufferedImage bi) {
        RgbImage out = new RgbImage(bi.getWidth(), bi.getHeight(), new byte[bi.getWidth() * bi.getHeight() * 3]);
        byte[] px = out.rgb();
        for (int y = 0; y < bi.getHeight(); y++) {
            for (int x = 0; x < bi.getWidth(); x++) {
                int c = bi.getRGB(x, y);
                int i = (y * bi.getWidth() + x) * 3;
                px[i] = (byte) (c >> 16);
                px[i + 1] = (byte) (c >> 8);
                px[i + 2] = (byte) c;
            }
        }
        return new RgbImage(bi.getWidth(), bi.getHeight(), px);
    }

    @Test
    void layersToggleAndFadeTheCompositeAndExportFlattenedAndAsOpenRaster(FxRobot robot) throws Exception {
        importAndInpaintTwice(robot);
        long top = vm.history().selectedId();
        List<LayerItem> rows = List.copyOf(vm.layers().rows());
        long first = rows.get(1).generationId();
        long base = rows.get(2).generationId();
        RgbImage all = vm.canvas().image();
        assertEquals(studio.load(top).output(), all, "all layers shown: the node's own image");
        RgbImage firstImage = studio.load(first).output();

        robot.clickOn("#layer-visible-" + top);
        assertEquals(firstImage, vm.canvas().image(), "the top edit hidden: the first edit's image");
        robot.clickOn("#layer-visible-" + first);
        assertEquals(TestPictures.pattern(), vm.canvas().image(), "both hidden: the imported picture");
        assertEquals(base, vm.layers().rows().get(2).generationId());
        robot.clickOn("#layer-visible-" + first);
        robot.clickOn("#layer-visible-" + top);
        assertEquals(all, vm.canvas().image());

        // the top layer at half opacity: each pixel it covers is half its own, half what is below
        Slider opacity = robot.lookup("#layer-opacity-" + top).queryAs(Slider.class);
        robot.interact(() -> opacity.setValue(0.5));
        StudioFixture.settle(vm);
        RgbImage half = vm.canvas().image();
        LayerStacks.Stack stored = studio.layerStack(top, Set.of());
        assertEquals(0.5, stored.layerOf(top).orElseThrow().layer().opacity(), "the project remembers the opacity");
        LayerPixels layer = stored.layerOf(top).orElseThrow().pixels();
        int blended = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int below = firstImage.rgbAt(x, y);
                boolean inside = x >= layer.x() && x < layer.x() + layer.width() && y >= layer.y()
                        && y < layer.y() + layer.height();
                float a = inside ? layer.alphaAt(x - layer.x(), y - layer.y()) / 255f * 0.5f : 0f;
                int over = inside ? layer.pixels().rgbAt(x - layer.x(), y - layer.y()) : below;
                int want = blend(below, over, a);
                // the first edit's image and the layers under the top one agree within one level at its feather
                assertTrue(diff(want, half.rgbAt(x, y)) <= 1, "pixel " + x + "," + y);
                if (a > 0 && diff(below, over) > 8) {
                    assertNotEquals(below, half.rgbAt(x, y));
                    assertNotEquals(all.rgbAt(x, y), half.rgbAt(x, y));
                    blended++;
                }
            }
        }
        assertTrue(blended > 20, "the faded layer changed " + blended + " pixels");

        // exports: the picture the panel shows, and its layers as OpenRaster
        Path out = Files.createDirectories(home.resolve("out"));
        choosers.save = out.resolve("flat.png");
        robot.clickOn("#exportFlattened");
        StudioFixture.settle(vm);
        assertEquals(half, ImageFiles.decode(Files.readAllBytes(out.resolve("flat.png")), "flat.png").image());
        choosers.save = out.resolve("poster.ora");
        robot.clickOn("#exportOra");
        StudioFixture.settle(vm);
        OraReader.Ora ora = OraReader.read(Files.readAllBytes(out.resolve("poster.ora")));
        assertEquals(64, ora.width());
        assertEquals(48, ora.height());
        assertEquals(out.toAbsolutePath(), choosers.startedIn.get(1), "the second export starts in the folder last used");
        assertEquals(3, ora.layers().size());
        assertEquals(0.5, ora.layers().get(0).opacity(), 1e-9, "the top layer's opacity");
        assertEquals("visible", ora.layers().get(1).visibility());
        assertEquals(half, rgb(ora.merged()), "the merged image is what the canvas shows");
        assertEquals(TestPictures.pattern(), rgb(ora.layers().get(2).png()), "the base layer is the import");
        assertEquals("Exported poster.ora", vm.feedback().statusProperty().get());
    }

    @Test
    void thePictureIsCopiedWithItsDataAndStarredNodesGoToTheFolderLastUsed(FxRobot robot) throws Exception {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "a harbour", "5");
        StudioFixture.runAndWait(robot, vm);
        long made = vm.history().selectedId();
        robot.clickOn("#canvas");
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        StudioFixture.settle(vm);
        RgbImage[] pixels = new RgbImage[1];
        List<java.io.File> files = new java.util.ArrayList<>();
        robot.interact(() -> {
            Clipboard c = Clipboard.getSystemClipboard();
            pixels[0] = c.hasImage() ? FxImages.fromFx(c.getImage()) : null;
            files.addAll(c.getFiles());
        });
        assertEquals(vm.canvas().image(), pixels[0], "the pixels");
        assertEquals(1, files.size());
        byte[] png = Files.readAllBytes(files.get(0).toPath());
        assertEquals(vm.canvas().image(), ImageFiles.decode(png, "copy").image(), "and a PNG file of them");
        assertNotNull(Png.readText(new ByteArrayInputStream(png)).get("seedframe"), "carrying its generation data");
        assertEquals("Copied the picture of #" + made, vm.feedback().statusProperty().get());

        // the copy dropped back in is imported and offers the settings it carries, applied only when asked
        StudioFixture.typePromptAndSeed(robot, "something else", "99");
        robot.interact(() -> window.view().drop(Clipboard.getSystemClipboard()));
        StudioFixture.settle(vm);
        assertTrue(robot.lookup("#offerBanner").query().isVisible());
        assertEquals("something else", vm.form().promptProperty().get(), "not applied silently");
        robot.clickOn("#useSettings");
        assertEquals("a harbour", vm.form().promptProperty().get());
        assertEquals("5", vm.form().seedTextProperty().get());
        assertFalse(robot.lookup("#offerBanner").query().isVisible());

        // the starred nodes, with their data, into a folder; the next export starts there
        robot.interact(() -> vm.history().toggleStar(made));
        StudioFixture.settle(vm);
        Path picks = Files.createDirectories(home.resolve("picks"));
        choosers.folder = picks;
        fire(robot, "menu-export-starred-data");
        StudioFixture.settle(vm);
        Path written = picks.resolve("test-" + String.format("%04d", made) + ".png");
        assertTrue(Files.isRegularFile(written), "written: " + vm.feedback().errorProperty().get());
        assertNotNull(Png.readText(Files.newInputStream(written)).get("seedframe"));
        assertEquals("Exported one picture to " + picks, vm.feedback().statusProperty().get());
        robot.clickOn("#node-" + made);
        StudioFixture.settle(vm);
        assertEquals(List.of(made), vm.history().picked());
        fire(robot, "menu-export-picked-pixels");
        StudioFixture.settle(vm);
        assertEquals(picks.toAbsolutePath(), choosers.startedIn.get(choosers.startedIn.size() - 1));
        assertTrue(vm.feedback().errorProperty().get().contains("already holds test-"), "nothing overwritten: "
                + vm.feedback().errorProperty().get());
    }
}
