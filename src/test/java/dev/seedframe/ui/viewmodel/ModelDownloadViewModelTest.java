package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.Failure;
import dev.seedframe.service.TransferProgress;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The picker's download without a window: where it goes, progress in words, done, cancelled, failed, resume. */
@Tag("unit")
class ModelDownloadViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final FakeModelLibrary library = new FakeModelLibrary();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor transfer = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, Runnable::run, Runnable::run, transfer);
    private final ModelPickerViewModel picker = new ModelPickerViewModel(library, feedback, executors,
            new GenerationFormViewModel(studio, feedback, new javafx.beans.property.ReadOnlyObjectWrapper<
                    dev.seedframe.domain.RgbImage>().getReadOnlyProperty()));
    private final ModelDownloadViewModel download = new ModelDownloadViewModel(library, feedback, executors, picker);

    static TransferProgress at(long done, long total, double rate, long left, int filesDone) {
        return new TransferProgress(done, total, rate, left, "transformer/diffusion_pytorch_model-00001-of-00009"
                + ".safetensors", filesDone, 18, null);
    }

    @Test
    void theTargetSaysWhereHowMuchRoomFromWhereAndWhichToken() {
        List<String> t = download.target();
        assertEquals("Into /cache/hub (123.4 GB free)", t.get(0));
        assertTrue(t.get(1).startsWith("From https://huggingface.co.") && t.get(1).contains("HF_ENDPOINT"), t.get(1));
        assertTrue(t.get(2).contains("HF_TOKEN") && t.get(2).contains("hf auth login"), t.get(2));
    }

    @Test
    void aDownloadShowsItsProgressOffTheUiThreadThenSelectsWhatArrived() {
        assertEquals("Qwen/Qwen-Image", download.repoProperty().get(), "the default repository");
        library.steps = List.of(at(0, 57_700_000_000L, 0, -1, 0), at(12_300_000_000L, 57_700_000_000L, 8_100_000,
                5606, 2));
        download.start();
        assertTrue(download.isRunning());
        assertEquals(-1, download.progressProperty().get(), "the size is not known before the file list");
        assertEquals("Asking for the files of Qwen/Qwen-Image (main)…", download.progressTextProperty().get());
        assertEquals(1, transfer.size(), "the download waits on its own thread");
        transfer.runAll();
        assertFalse(download.isRunning());
        assertEquals(List.of("download Qwen/Qwen-Image main", "list"), library.calls);
        assertEquals(12_300_000_000L, download.lastProgress().done());
        assertTrue(download.resultProperty().get().startsWith("Downloaded Qwen/Qwen-Image (commit abcdef0): 12"
                + " file(s), 57.7 GB"), download.resultProperty().get());
        assertEquals("Qwen/Qwen-Image@main", picker.selectedProperty().get().name(), "what arrived is selected");
    }

    @Test
    void progressIsSaidInBytesPercentRateAndTimeLeft() {
        assertEquals("12.3 GB of 57.7 GB (21%)  ·  8.1 MB/s  ·  1 h 33 min left  ·  file 3 of 18\n"
                + "transformer/diffusion_pytorch_model-00001-of-00009.safetensors",
                TransferText.progress(feedback, at(12_300_000_000L, 57_700_000_000L, 8_100_000, 5606, 2)));
        assertEquals("0 bytes of 57.7 GB (0%)  ·  0 bytes/s  ·  time left unknown  ·  file 1 of 18\n"
                + "transformer/diffusion_pytorch_model-00001-of-00009.safetensors",
                TransferText.progress(feedback, at(0, 57_700_000_000L, 0, -1, 0)));
        assertEquals("3 min 05 s", TransferText.duration(feedback, 185));
        assertEquals("45 s", TransferText.duration(feedback, 45));
    }

    @Test
    void aCancelledDownloadKeepsWhatArrivedAndResumeAsksForTheSameRepository() {
        library.steps = List.of(at(1_000_000, 57_700_000_000L, 1e6, 60, 0));
        download.start();
        download.cancel();
        assertEquals("Cancelling…", download.progressTextProperty().get());
        transfer.runAll();
        assertFalse(download.isRunning());
        assertTrue(download.resultProperty().get().startsWith("Cancelled. What arrived is kept"));
        assertEquals("", feedback.errorProperty().get(), "a cancel is no error");

        library.models.add(FakeModelLibrary.pipeline("Qwen/Qwen-Image-Edit@bbbb", FakeModelLibrary.CACHE,
                "Qwen-Image-Edit", false, null));
        library.steps = List.of();
        download.resume(library.models.get(0));
        assertEquals("Qwen/Qwen-Image", download.repoProperty().get());
        assertEquals("main", download.revisionProperty().get());
        transfer.runAll();
        assertTrue(library.calls.contains("download Qwen/Qwen-Image main"));
    }

    @Test
    void aFailureIsSaidInTheBannerAndInThePickerAndAnEmptyRepositoryIsRefused() {
        library.nextFailure = new Failure(Failure.Kind.INVALID_INPUT, "Qwen/Gated is gated: log in with `hf auth"
                + " login` or set HF_TOKEN.", null);
        download.repoProperty().set("Qwen/Gated");
        download.start();
        transfer.runAll();
        assertEquals("The download stopped: Qwen/Gated is gated: log in with `hf auth login` or set HF_TOKEN.",
                feedback.errorProperty().get());
        assertEquals(feedback.errorProperty().get(), download.resultProperty().get());
        download.repoProperty().set("  ");
        download.start();
        assertEquals("Type a repository, e.g. Qwen/Qwen-Image.", download.resultProperty().get());
        assertEquals(0, transfer.size());
    }
}
