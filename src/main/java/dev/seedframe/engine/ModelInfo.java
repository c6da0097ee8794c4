package dev.seedframe.engine;

import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.engine.weights.Checkpoint;

/**
 * What can be known about a model folder without loading its weights: its identity (config hashes and
 * weight fingerprints), what it can do, and the environment it would run in. Cheap to compute, so a
 * cached result can be found without loading the model.
 */
public record ModelInfo(ModelIdentity identity, ModelCapabilities capabilities, EngineEnvironment environment) {

    /**
     * The prefix of the weights fingerprints this version computes ({@link
     * dev.seedframe.domain.ComponentIdentity#weightsFingerprint()}): a recorded fingerprint without it comes from an
     * earlier scheme and cannot be compared.
     */
    public static final String FINGERPRINT_SCHEME = Checkpoint.FINGERPRINT_SCHEME;
}
