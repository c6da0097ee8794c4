package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.StudioMemory.Folder;
import dev.seedframe.ui.viewmodel.PicturesViewModel.Incoming;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Getting pictures in and out without a window: files, drops and pastes become nodes (read off the UI thread), their
 * notes are said, a PNG's settings are offered and used only when asked, refusals are named in one banner, a drop
 * from a browser falls back to the picture itself when its address cannot be fetched; batch exports and the folders
 * remembered.
 */
@Tag("unit")
class PicturesViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor io = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, io, Runnable::run);
    private final SimpleObjectProperty<RgbImage> shown = new SimpleObjectProperty<>();
    private final GenerationFormViewModel form = new GenerationFormViewModel(studio, feedback, shown);
    private final CanvasViewModel canvas = new CanvasViewModel(form.modeProperty());
    private final HistoryViewModel history = new HistoryViewModel(studio, studio, feedback, executors, form, canvas);
    private final PicturesViewModel pictures = new PicturesViewModel(studio, studio, feedback, executors, history,
            form, canvas);

    PicturesViewModelTest() {
        shown.bind(canvas.imageProperty());
        form.setModel(FakeStudio.MODEL);
    }

    @Test
    void filesBecomeImportedNodesReadOffTheUiThreadWithTheirNotesSaid() {
        pictures.importFiles(List.of(Path.of("in", "a.png"), Path.of("in", "b.jpg")));
        assertEquals(List.of(), studio.readThreads, "nothing read on the UI thread");
        assertEquals("Importing…", feedback.statusProperty().get());
        io.runAll();
        assertEquals(List.of(PipelineKind.IMPORT, PipelineKind.IMPORT),
                history.history().stream().map(GenerationSummary::kind).toList());
        assertEquals(2L, history.selectedId(), "the last one is on the canvas");
        assertEquals(40, canvas.image().width());
        assertEquals("Imported #2 from b.jpg · Greyscale turned into RGB (each grey level copied to red, green and"
                + " blue)", feedback.statusProperty().get());
        assertEquals(Path.of("in").toAbsolutePath(), pictures.folder(Folder.IMPORT).orElseThrow());
        assertEquals(Path.of("in").toAbsolutePath().toString(), studio.preferences.get("IMPORT"),
                "remembered for the next session");
        assertNull(pictures.offerProperty().get(), "a picture without settings offers none");
    }

    @Test
    void aPngsSettingsAreOfferedAndOnlyUsedWhenAsked() {
        form.promptProperty().set("mine");
        pictures.importFiles(List.of(Path.of("made.settings.png")));
        io.runAll();
        PicturesViewModel.Offer offer = pictures.offerProperty().get();
        assertNotNull(offer);
        assertEquals("made.settings.png", offer.name());
        assertEquals("mine", form.promptProperty().get(), "never applied silently");
        pictures.useOfferedSettings();
        assertEquals("from the png", form.promptProperty().get());
        assertEquals("77", form.seedTextProperty().get());
        assertNull(pictures.offerProperty().get());
        assertEquals("The settings of made.settings.png are in the form", feedback.statusProperty().get());

        pictures.importFiles(List.of(Path.of("again.settings.png")));
        io.runAll();
        form.promptProperty().set("kept");
        pictures.dismissOffer();
        assertNull(pictures.offerProperty().get());
        assertEquals("kept", form.promptProperty().get());
    }

    @Test
    void refusalsAreNamedInOneBannerAndTheOthersAreImported() {
        pictures.importFiles(List.of(Path.of("bad.txt"), Path.of("good.png"), Path.of("bad-too.bin")));
        io.runAll();
        assertEquals("Not imported: bad.txt is not an image Seedframe can read\n"
                + "Not imported: bad-too.bin is not an image Seedframe can read", feedback.errorProperty().get());
        assertEquals(1, history.history().size(), "the good one is imported, nothing else changed");
        pictures.importFiles(List.of(Path.of("fine.png")));
        assertEquals("", feedback.errorProperty().get(), "a new import clears the old banner");
    }

    @Test
    void dropsAndPastesImportFilesElseTheAddressElseThePicture() {
        pictures.importIncoming(new Incoming(List.of(Path.of("dropped.png")), "http://ignored/x.png", null, null));
        io.runAll();
        assertTrue(studio.calls.contains("importFile " + Path.of("dropped.png")));
        assertTrue(studio.calls.stream().noneMatch(c -> c.startsWith("importAddress")), "files first");

        pictures.importIncoming(new Incoming(List.of(), "https://example.org/cat.webp", null, null));
        io.runAll();
        assertEquals("Imported #2 from cat.webp · Greyscale turned into RGB (each grey level copied to red, green and"
                + " blue)", feedback.statusProperty().get());

        RgbImage pasted = RgbImage.filled(3, 2, 1, 2, 3);
        pictures.importIncoming(new Incoming(List.of(), null, pasted, null));
        io.runAll();
        assertTrue(studio.calls.stream().anyMatch(c -> c.startsWith("importBytes pasted picture ")), studio.calls
                .toString());

        // a browser's picture whose address cannot be fetched: the picture it brought is imported
        studio.calls.clear();
        pictures.importIncoming(new Incoming(List.of(), "http://offline/p.png", pasted,
                new Mask(3, 2, new byte[] {0, 1, 2, 3, 4, (byte) 255})));
        io.runAll();
        assertEquals("", feedback.errorProperty().get());
        assertTrue(studio.calls.contains("importAddress http://offline/p.png"), studio.calls.toString());
        assertTrue(studio.calls.stream().anyMatch(c -> c.startsWith("importBytes pasted picture ")),
                studio.calls.toString());
        assertEquals(4L, history.selectedId());

        pictures.importIncoming(new Incoming(List.of(), "http://offline/q.png", null, null));
        io.runAll();
        assertEquals("Not imported: the picture at http://offline/q.png could not be fetched",
                feedback.errorProperty().get());
        pictures.importIncoming(new Incoming(List.of(), " ", null, null));
        assertEquals("There is no picture, picture file or picture address to import.", feedback.errorProperty().get());
    }

    @Test
    void theShownPictureBecomesAFileAndSeveralNodesAreExportedToTheFolderRemembered() {
        assertNull(pictures.shownAsFile(), "nothing shown");
        pictures.importFiles(List.of(Path.of("p.png")));
        io.runAll();
        assertEquals(Path.of("tmp", "1.png"), pictures.shownAsFile());
        assertTrue(studio.calls.contains("temporaryPng 1 40x30"));
        pictures.copied();
        assertEquals("Copied the picture of #1", feedback.statusProperty().get());

        pictures.exportNodes(List.of(), Path.of("out"), true);
        assertEquals("Nothing to export: star nodes, or pick some in the history (Ctrl or Shift + click).",
                feedback.errorProperty().get());
        pictures.exportNodes(List.of(1L), Path.of("out"), false);
        io.runAll();
        assertTrue(studio.calls.contains("exportMany [1] out false"));
        assertEquals("Exported one picture to out", feedback.statusProperty().get());
        assertEquals(Path.of("out"), pictures.folder(Folder.EXPORT).orElseThrow());

        PicturesViewModel next = new PicturesViewModel(studio, studio, feedback, executors, history, form, canvas);
        assertTrue(next.folder(Folder.EXPORT).isEmpty(), "read at start");
        next.start();
        io.runAll();
        assertEquals(Path.of("out"), next.folder(Folder.EXPORT).orElseThrow(), "the next session starts there");
    }
}
