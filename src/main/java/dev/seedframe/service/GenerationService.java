package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.ImageModel;
import java.nio.file.Path;

/**
 * Runs generations: one at a time per process (the model is not thread-safe, and two generations would
 * compete for the same memory anyway).
 */
public final class GenerationService {

    private final ModelService models;
    private final java.util.concurrent.locks.ReentrantLock runLock = new java.util.concurrent.locks.ReentrantLock();

    public GenerationService(ModelService models) {
        this.models = models;
    }

    public ModelService models() {
        return models;
    }

    /** Loads the model if needed and runs the request; nothing is recorded. */
    public Generation generate(Path modelDir, GenerationRequest request, ProgressListener listener,
            CancellationToken cancel) throws EngineException {
        return generate(modelDir, request, RequestJson.write(request), listener, cancel);
    }

    /**
     * Loads the model if needed and runs the request; nothing is recorded.
     *
     * @param requestJson the request's canonical JSON, which the result carries
     */
    public Generation generate(Path modelDir, GenerationRequest request, String requestJson, ProgressListener listener,
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
            return Generation.ran(request, requestJson, out);
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
