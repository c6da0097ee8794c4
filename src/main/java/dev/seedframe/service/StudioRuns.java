package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import java.nio.file.Path;

/** The studio's door to running the model: generating or editing into the open project, and replaying. */
public interface StudioRuns {

    /**
     * Runs a request on {@code model} (as the command line runs the same folder and single files) and records it in the open project as soon as it finishes (a
     * cancelled or failed run records nothing; an image the project cannot record is saved beside it). Call off
     * the FX thread.
     *
     * @param parentId the generation it continues from, or null
     */
    Generation generate(ModelChoice model, GenerationRequest request, Long parentId, ProgressListener listener,
            CancellationToken cancel) throws Failure;

    /** Regenerates a recorded generation and compares the pixels; records an audit entry only. Call off the FX thread. */
    ReplayReport replay(long id, Path modelDir, ProgressListener listener, CancellationToken cancel) throws Failure;
}
