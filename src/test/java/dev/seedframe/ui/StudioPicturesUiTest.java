package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageImportTest;
import dev.seedframe.service.Failure;
import dev.seedframe.service.Studio;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
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
 * Issue 12's getting pictures in, through the real window and project (headless Monocle): a PNG, a JPEG stored
 * sideways with EXIF rotation and a 16-bit PNG, each through File → Open picture… (its accelerator; the chooser is
 * the test's seam), a paste through the real system clipboard (files, and a picture's pixels), and a drop through
 * the window's drop handler; the nodes and their pixels checked. Bad input gets its banner and changes nothing.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioPicturesUiTest {

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

    private Path file(String name, byte[] bytes) throws Exception {
        Path folder = Files.createDirectories(home.resolve("pictures"));
        return Files.write(folder.resolve(name), bytes);
    }

    private List<Path> threePictures() throws Exception {
        return List.of(file("pattern.png", TestPictures.png()), file("turned.jpg", TestPictures.jpegTurned()),
                file("deep.png", TestPictures.png16()));
    }

    private List<GenerationSummary> imports() {
        return vm.history().history().stream().filter(s -> s.kind() == PipelineKind.IMPORT).toList();
    }

    private RgbImage imageOf(GenerationSummary s) throws Failure {
        return studio.load(s.id()).output();
    }

    /** The last three imports are the three pictures, upright, 8-bit RGB, as the project holds them. */
    private void assertThreeImported() throws Failure {
        List<GenerationSummary> in = imports();
        List<GenerationSummary> last = in.subList(in.size() - 3, in.size());
        assertEquals(TestPictures.pattern(), imageOf(last.get(0)), "the PNG, pixel for pixel");
        TestPictures.assertTurnedUpright(imageOf(last.get(1)));
        assertEquals(TestPictures.grey16Expected(), imageOf(last.get(2)), "the 16-bit PNG, rounded to 8 bits");
        for (GenerationSummary s : last) {
            assertEquals(null, s.parentId(), "each a root node");
        }
        assertEquals(last.get(2).id(), vm.history().selectedId(), "the last one on the canvas");
        assertEquals(TestPictures.grey16Expected(), vm.canvas().image());
        assertEquals("Imported #" + last.get(2).id() + " from deep.png · 16-bit samples reduced to 8 bits per channel"
                + " (rounded); Greyscale turned into RGB (each grey level copied to red, green and blue)",
                vm.feedback().statusProperty().get());
        assertEquals("", vm.feedback().errorProperty().get());
    }

    private void pressShortcut(FxRobot robot, KeyCode... keys) {
        robot.clickOn("#canvas"); // out of the text fields, where the keys are the text's
        robot.press(keys);
        KeyCode[] reversed = keys.clone();
        java.util.Collections.reverse(Arrays.asList(reversed));
        robot.release(reversed);
        StudioFixture.settle(vm);
    }

    private void putOnClipboard(FxRobot robot, ClipboardContent content) {
        robot.interact(() -> Clipboard.getSystemClipboard().setContent(content));
    }

    @Test
    void threePicturesComeInThroughFileOpenPicture(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        choosers.open = threePictures();
        pressShortcut(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.O);
        assertEquals(3, imports().size());
        assertThreeImported();
        assertEquals("Open picture… [Pictures (PNG, JPEG, WebP, TIFF, BMP, GIF)]", choosers.titles.get(0));

        // the next time, the chooser starts in the folder the pictures came from, also in the next session
        choosers.open = List.of();
        pressShortcut(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.O);
        assertEquals(home.resolve("pictures").toAbsolutePath(), choosers.startedIn.get(1));
        assertEquals(home.resolve("pictures").toAbsolutePath(),
                studio.memory().folder(dev.seedframe.service.StudioMemory.Folder.IMPORT).orElseThrow());
    }

    @Test
    void threePicturesComeInPastedAndDroppedAndAPastedPictureByItsPixels(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        List<Path> files = threePictures();
        ClipboardContent copied = new ClipboardContent();
        copied.putFiles(files.stream().map(Path::toFile).toList());
        putOnClipboard(robot, copied);
        pressShortcut(robot, KeyCode.CONTROL, KeyCode.V);
        assertEquals(3, imports().size(), "pasted: " + vm.feedback().errorProperty().get());
        assertThreeImported();

        // the same three dropped on the window, through its drop handler (a headless drag has no dragboard)
        robot.interact(() -> window.view().drop(Clipboard.getSystemClipboard()));
        StudioFixture.settle(vm);
        assertEquals(6, imports().size());
        assertThreeImported();

        // a picture copied as pixels (from a browser or an editor): a PNG of them is what is kept
        ClipboardContent pixels = new ClipboardContent();
        robot.interact(() -> pixels.putImage(FxImages.toFx(TestPictures.pattern())));
        putOnClipboard(robot, pixels);
        pressShortcut(robot, KeyCode.CONTROL, KeyCode.V);
        GenerationSummary pasted = imports().get(imports().size() - 1);
        assertEquals(7, imports().size());
        assertEquals(TestPictures.pattern(), imageOf(pasted));
        assertEquals("pasted picture", studio.load(pasted.id()).adjustments().get(0).args().get(0));

        // a picture's address, as a browser drags it
        ClipboardContent address = new ClipboardContent();
        address.putUrl(files.get(0).toUri().toString());
        putOnClipboard(robot, address);
        robot.interact(() -> window.view().drop(Clipboard.getSystemClipboard()));
        StudioFixture.settle(vm);
        assertEquals(8, imports().size());
        assertEquals(TestPictures.pattern(), vm.canvas().image());
    }

    @Test
    void badInputGetsItsBannerAndNothingIsLost(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        choosers.open = List.of(file("good.png", TestPictures.png()));
        pressShortcut(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.O);
        long good = vm.history().selectedId();

        byte[] jpg = TestPictures.jpegTurned();
        choosers.open = List.of(file("notes.txt", "a shopping list".getBytes()),
                file("cut.jpg", Arrays.copyOf(jpg, jpg.length / 2)),
                file("huge.png", ImageImportTest.pngHeaderOnly(12000, 10000)),
                home.resolve("pictures").resolve("gone.png"));
        pressShortcut(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.O);
        String banner = vm.feedback().errorProperty().get();
        List<String> lines = banner.lines().toList();
        assertEquals(4, lines.size(), banner);
        assertTrue(lines.get(0).startsWith("Not imported: notes.txt is not an image Seedframe can read"), lines.get(0));
        assertTrue(lines.get(1).startsWith("Not imported: cut.jpg is damaged or cut short"), lines.get(1));
        assertTrue(lines.get(2).startsWith("Not imported: huge.png is 12000×10000 pixels (120.0 megapixels);"),
                lines.get(2));
        assertTrue(lines.get(3).startsWith("Not imported: file not found:"), lines.get(3));
        assertTrue(robot.lookup("#errorBanner").query().isVisible());
        assertEquals(1, vm.history().history().size(), "nothing recorded");
        assertEquals(good, vm.history().selectedId(), "the picture on the canvas stays");
        assertEquals(TestPictures.pattern(), vm.canvas().image());

        ClipboardContent text = new ClipboardContent();
        text.putString("hello there");
        putOnClipboard(robot, text);
        pressShortcut(robot, KeyCode.CONTROL, KeyCode.V);
        assertEquals("Not imported: \"hello there\" is neither a picture nor the address of one",
                vm.feedback().errorProperty().get());
        assertEquals(1, vm.history().history().size());

        // typing in the prompt, Ctrl+V pastes the text and imports nothing
        robot.clickOn("#prompt");
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        StudioFixture.settle(vm);
        assertTrue(vm.form().promptProperty().get().contains("hello there"), vm.form().promptProperty().get());
        assertEquals(1, vm.history().history().size());
        assertNotNull(vm.canvas().image());
    }
}
