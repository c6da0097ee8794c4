package dev.seedframe.service;

import dev.seedframe.domain.RgbImage;
import java.util.function.Supplier;

/** Progress of a service call, for the command line and the studio (which marshals it to the FX thread). */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {};

    /** The stages a generation goes through before its steps. */
    enum Stage {
        /** The model is read from its folder (only when it is not loaded already); the detail names it. */
        LOADING_MODEL,
        /** The request runs: prompt encoding, then the steps. */
        GENERATING
    }

    /**
     * A stage begins.
     *
     * @param detail what it concerns (the model's folder name for {@link Stage#LOADING_MODEL}), or null
     */
    default void stage(Stage stage, String detail) {}

    /**
     * A denoising step finished.
     *
     * @param preview computes a preview of the current image when called (on the engine thread)
     */
    default void step(int step, int total, long elapsedNanos, Supplier<RgbImage> preview) {}
}
