package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.engine.ModelFiles;
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
        return generate(ModelFiles.folder(modelDir), request, RequestJson.write(request), listener, cancel);
    }

    /** {@link #generate(Path, GenerationRequest, ProgressListener, CancellationToken)} on a folder and/or single files. */
    public Generation generate(ModelFiles files, GenerationRequest request, ProgressListener listener,
            CancellationToken cancel) throws EngineException {
        return generate(files, request, RequestJson.write(request), listener, cancel);
    }

    /**
     * Loads the model if needed and runs the request; nothing is recorded.
     *
     * @param requestJson the request's canonical JSON, which the result carries
     */
    public Generation generate(Path modelDir, GenerationRequest request, String requestJson, ProgressListener listener,
            CancellationToken cancel) throws EngineException {
        return generate(ModelFiles.folder(modelDir), request, requestJson, listener, cancel);
    }

    /** {@link #generate(Path, GenerationRequest, String, ProgressListener, CancellationToken)} on model files. */
    public Generation generate(ModelFiles files, GenerationRequest request, String requestJson,
            ProgressListener listener, CancellationToken cancel) throws EngineException {
        runLock.lock();
        try {
            if (!models.isLoaded(files)) {
                listener.stage(ProgressListener.Stage.LOADING_MODEL, name(files));
            }
            ImageModel model = models.model(files);
            listener.stage(ProgressListener.Stage.GENERATING, null);
            GenerationOutput out = model.generate(request,
                    e -> listener.step(e.step(), e.total(), e.elapsedNanos(), e.preview()), cancel);
            return Generation.ran(request, requestJson, out);
        } finally {
            runLock.unlock();
        }
    }

    /** The folder's name, or the transformer file's (or the first single file's) for single files alone. */
    private static String name(ModelFiles files) {
        Path p = files.folder() != null ? files.folder() : files.transformer() != null ? files.transformer()
                : files.textEncoder() != null ? files.textEncoder() : files.vae();
        return String.valueOf(p.getFileName());
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
