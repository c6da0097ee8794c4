package dev.seedframe.engine;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelIdentity;

/** A loaded model, ready to generate. Not thread-safe: generations on one model run one at a time. */
public interface ImageModel extends AutoCloseable {

    ModelIdentity identity();

    ModelCapabilities capabilities();

    EngineEnvironment environment();

    /**
     * Runs one request.
     *
     * @throws InvalidRequestException when the request cannot run on this model as given
     * @throws CancelledException when {@code cancel} was set; nothing is returned
     */
    GenerationOutput generate(GenerationRequest request, StepListener listener, CancellationToken cancel)
            throws EngineException;

    @Override
    void close();
}
