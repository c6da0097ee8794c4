package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.Failure;
import dev.seedframe.service.TransferProgress;
import dev.seedframe.ui.viewmodel.GpuOfferViewModel.Step;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The first-run GPU offer without a window: asked off the UI thread, made once, never a download without a yes;
 * progress, the check, the Engine menu switched to the GPU with the restart said; cancel and failure.
 */
@Tag("unit")
class GpuOfferViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final FakeGpu port = new FakeGpu();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor transfer = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, Runnable::run, Runnable::run, transfer);
    private final EngineMenuViewModel engine = new EngineMenuViewModel(studio, feedback);
    private final GpuOfferViewModel gpu = new GpuOfferViewModel(port, feedback, executors, engine);

    @Test
    void theOfferIsMadeOffTheUiThreadAndNothingIsFetchedUntilYes() {
        gpu.checkOffer();
        assertEquals(Step.NONE, gpu.stepProperty().get());
        assertEquals(1, transfer.size(), "nvidia-smi is asked on the download thread");
        transfer.runAll();
        assertEquals(Step.OFFER, gpu.stepProperty().get());
        assertTrue(gpu.offerText().startsWith("Seedframe found an NVIDIA GPU (GPU 0: NVIDIA Stand-in"), gpu.offerText());
        assertTrue(gpu.offerText().contains("Nothing is downloaded unless you choose to"), gpu.offerText());
        assertFalse(port.calls.contains("set up"));
    }

    @Test
    void notNowIsRememberedSoTheOfferIsNotMadeAgain() {
        gpu.checkOffer();
        transfer.runAll();
        gpu.decline();
        transfer.runAll();
        assertEquals(Step.NONE, gpu.stepProperty().get());
        assertEquals("declined", port.answer);
        assertTrue(feedback.statusProperty().get().contains("Engine → Set up the GPU"));
        GpuOfferViewModel nextStart = new GpuOfferViewModel(port, feedback, executors, engine);
        nextStart.checkOffer();
        transfer.runAll();
        assertEquals(Step.NONE, nextStart.stepProperty().get());
        assertFalse(port.calls.contains("set up"));
    }

    @Test
    void yesDownloadsWithProgressThenSwitchesTheEngineMenuToTheGpuAndSaysARestartIsNeeded() {
        port.steps = List.of(new TransferProgress(1_000_000, 3_000_000, 500_000, 4, "cu128/linux-x86_64/native/lib/"
                + "libtorch_cuda.so.gz", 1, 4, null), new TransferProgress(3_000_000, 3_000_000, 500_000, 0, null, 4,
                        4, null));
        gpu.checkOffer();
        transfer.runAll();
        gpu.accept();
        assertEquals(Step.RUNNING, gpu.stepProperty().get());
        transfer.runAll();
        assertEquals(Step.DONE, gpu.stepProperty().get());
        assertTrue(gpu.resultProperty().get().startsWith("The GPU is set up. Installed libtorch 2.7.1"),
                gpu.resultProperty().get());
        assertTrue(gpu.resultProperty().get().contains("Restart Seedframe to run on the GPU"));
        assertTrue(gpu.restartNeededProperty().get());
        assertEquals("gpu", engine.engineChoice().device(), "the Engine menu is on the GPU");
        assertTrue(feedback.statusProperty().get().contains("A GPU is not usable"), "this session still runs on the"
                + " CPU, and the status line says why: " + feedback.statusProperty().get());
        gpu.close();
        assertEquals(Step.NONE, gpu.stepProperty().get());
    }

    @Test
    void whileItRunsProgressIsShownAndOnceEveryFileIsVerifiedTheCheckIsSaid() {
        port.steps = List.of(new TransferProgress(1_000_000, 3_000_000, 500_000, 4, "libtorch_cuda.so.gz", 1, 4, null),
                new TransferProgress(3_000_000, 3_000_000, 1, 0, null, 4, 4, null));
        List<String> shown = new java.util.ArrayList<>();
        port.afterEachStep = () -> shown.add(gpu.progressTextProperty().get() + " / " + gpu.progressProperty().get());
        gpu.accept();
        transfer.runAll();
        assertEquals(List.of("1.0 MB of 3.0 MB (33%)  ·  500.0 kB/s  ·  4 s left  ·  file 2 of 4\nlibtorch_cuda.so.gz / "
                + (1_000_000 / 3_000_000.0), "Verified; starting the engine on it to check it… / -1.0"), shown);
    }

    @Test
    void aCancelKeepsWhatArrivedAndAFailureIsSaidInTheBanner() {
        port.steps = List.of(new TransferProgress(1_000, 3_000_000, 1, 3, "libc10.so.gz", 0, 4, null));
        gpu.accept();
        gpu.cancel();
        transfer.runAll();
        assertTrue(gpu.resultProperty().get().startsWith("Cancelled. What arrived is kept"));
        assertEquals("cpu", engine.engineChoice().device());
        assertEquals("", feedback.errorProperty().get());

        port.steps = List.of();
        port.failure = new Failure(Failure.Kind.FILE, "libtorch.so.gz: its MD5 is not the server's; nothing was"
                + " installed", null);
        gpu.accept();
        transfer.runAll();
        assertEquals("The GPU set-up stopped: libtorch.so.gz: its MD5 is not the server's; nothing was installed",
                feedback.errorProperty().get());
        assertEquals("cpu", engine.engineChoice().device());
    }

    @Test
    void fromTheMenuWithoutADriverNothingCanBeStarted() {
        port.driver = false;
        gpu.openFromMenu();
        transfer.runAll();
        assertEquals(Step.OFFER, gpu.stepProperty().get());
        assertTrue(gpu.offerText().startsWith("No NVIDIA driver was found"), gpu.offerText());
    }
}
