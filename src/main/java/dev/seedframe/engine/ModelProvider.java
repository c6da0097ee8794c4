package dev.seedframe.engine;

import java.nio.file.Path;

/** Opens model folders: the engine's loader, or a test double in UI tests. */
public interface ModelProvider {

    /** Identity, capabilities and environment of a model folder, without loading weights. */
    ModelInfo inspect(Path dir) throws EngineException;

    /** Loads the model for generation. */
    ImageModel open(Path dir) throws EngineException;
}
