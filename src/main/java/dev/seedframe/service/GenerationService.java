package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Preservation;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.ImageModel;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs generations: one at a time per process (the model is not thread-safe, and two generations would
 * compete for the same memory anyway).
 */
public final class GenerationService {

    /**
     * A finished generation.
     *
     * @param image the image
     * @param request the request as run
     * @param adjustments every automatic change made to the request, in words
     * @param timings where the time went
     * @param model the model identity
     * @param environment the engine environment
     * @param preservation proof that pixels outside a mask are unchanged, or null
     */
    public record Result(
            RgbImage image,
            GenerationRequest request,
            List<String> adjustments,
            Timings timings,
            ModelIdentity model,
            EngineEnvironment environment,
            Preservation preservation) {}

    private final ModelService models;
    private final PromptScreen screen;
    private final java.util.concurrent.locks.ReentrantLock runLock = new java.util.concurrent.locks.ReentrantLock();

    /** Without a content filter (tests, tools). */
    public GenerationService(ModelService models) {
        this(models, PromptScreen.none());
    }

    public GenerationService(ModelService models, PromptScreen screen) {
        this.models = models;
        this.screen = screen;
    }

    /**
     * Refuses a request whose prompt the content filter does not let through, before anything runs.
     *
     * @throws PromptRefusedException saying which term of which list
     */
    public void screen(GenerationRequest request) {
        screen.check(request);
    }

    public ModelService models() {
        return models;
    }

    /**
     * Checks the prompt against the content filter, loads the model if needed and runs the request.
     *
     * @throws PromptRefusedException when the content filter refuses the prompt (nothing runs)
     */
    public Result generate(Path modelDir, GenerationRequest request, ProgressListener listener,
            CancellationToken cancel) throws EngineException {
        screen(request);
        return run(modelDir, request, listener, cancel);
    }

    /**
     * Runs a request without the content filter's check: one already screened ({@link #screen}), or a recorded
     * one run again (replay, verify), which creates nothing new.
     */
    public Result run(Path modelDir, GenerationRequest request, ProgressListener listener,
            CancellationToken cancel) throws EngineException {
        runLock.lock();
        try {
            if (!models.isLoaded(modelDir)) {
                listener.stage(ProgressListener.Stage.LOADING_MODEL, String.valueOf(modelDir.getFileName()));
            }
            ImageModel model = models.model(modelDir);
            listener.stage(ProgressListener.Stage.GENERATING, null);
            GenerationOutput out = model.generate(request,
                    e -> listener.step(e.step(), e.total(), e.elapsedNanos(), e.preview()), cancel);
            return new Result(out.image(), request, out.adjustments(), out.timings(), out.model(), out.environment(),
                    out.preservation());
        } finally {
            runLock.unlock();
        }
    }

    /**
     * Closes the loaded model once no generation is running, waiting at most {@code wait} for one to end
     * (cancel it first). Returns false, leaving the model open for the process exit to free, when a run is
     * still going: closing the model under it would free native memory the run is still using.
     */
    public boolean close(java.time.Duration wait) {
        try {
            if (!runLock.tryLock(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            models.close();
            return true;
        } finally {
            runLock.unlock();
        }
    }
}
