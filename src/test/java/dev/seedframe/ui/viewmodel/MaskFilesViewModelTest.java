package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.MaskEdits;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Masks from files and from a picture's transparency, without a window; files are read off the UI thread. */
@Tag("unit")
class MaskFilesViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor io = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, r -> {
        io.execute(() -> {
            Thread.currentThread().setName("io");
            r.run();
        });
    }, Runnable::run);
    private final SimpleObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.CREATE);
    private final CanvasViewModel canvas = new CanvasViewModel(mode);
    private final MaskFilesViewModel files = new MaskFilesViewModel(studio, feedback, executors, canvas);

    MaskFilesViewModelTest() {
        canvas.show(RgbImage.filled(40, 30, 1, 2, 3));
    }

    @Test
    void aMaskFileOfThePicturesSizeReplacesTheMaskAsOneUndoStepAndAnotherSizeIsRefused() {
        Mask ok = MaskEdits.rectangle(Mask.empty(40, 30), 5, 5, 10, 10, MaskEdits.Op.ADD);
        studio.maskFiles.put(Path.of("tiger.png"), ok);
        studio.maskFiles.put(Path.of("small.png"), Mask.empty(20, 15));
        canvas.rectangle(30, 20, 35, 25, false);

        files.importMask(Path.of("small.png"));
        assertEquals(1, io.size(), "the file is read off the UI thread");
        io.runAll();
        assertEquals("The mask is 20×15 but the picture is 40×30; a mask must be the size of its picture (small.png)."
                + " The mask was not changed.", feedback.errorProperty().get());
        assertEquals(255, canvas.mask().at(32, 22), "nothing was lost");

        files.importMask(Path.of("tiger.png"));
        io.runAll();
        assertEquals("", feedback.errorProperty().get());
        assertEquals(ok, canvas.mask().toMask());
        assertEquals("Mask imported from tiger.png", feedback.statusProperty().get());
        canvas.undoMask();
        assertEquals(255, canvas.mask().at(32, 22), "one undo gives the mask before the import back");

        files.importMask(Path.of("missing.png"));
        io.runAll();
        assertEquals("File problem: file not found: missing.png", feedback.errorProperty().get());
    }

    @Test
    void theMaskIsExportedAsItIsAtThePicturesSize() {
        canvas.rectangle(1, 2, 11, 12, false);
        Mask before = canvas.mask().toMask();
        files.exportMask(Path.of("out.png"));
        canvas.clearMask(); // painting on meanwhile does not change what is written
        io.runAll();
        assertEquals(before, studio.maskFiles.get(Path.of("out.png")));
        assertEquals("Mask exported to out.png (40×30)", feedback.statusProperty().get());
        assertEquals(List.of("io"), studio.readThreads);
    }

    @Test
    void anImportsTransparencyMakesTheMaskInInpaintMode() {
        Mask alpha = MaskEdits.rectangle(Mask.empty(40, 30), 0, 0, 20, 30, MaskEdits.Op.ADD);
        studio.alphas.put(7L, alpha);
        files.shownNodeProperty().set(7L);
        assertEquals(0, io.size(), "read only where masks are painted");
        mode.set(Mode.INPAINT);
        io.runAll();
        assertTrue(files.alphaAvailableProperty().get());
        files.maskFromAlpha();
        assertEquals(alpha, canvas.mask().toMask());
        assertEquals("The mask now covers the picture's transparent parts.", feedback.statusProperty().get());

        files.shownNodeProperty().set(8L);
        io.runAll();
        assertFalse(files.alphaAvailableProperty().get(), "a node without transparency offers none");
        files.maskFromAlpha();
        assertTrue(feedback.errorProperty().get().startsWith("This picture has no transparency"),
                feedback.errorProperty().get());
    }
}
