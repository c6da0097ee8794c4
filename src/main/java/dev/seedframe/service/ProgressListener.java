package dev.seedframe.service;

import dev.seedframe.domain.RgbImage;
import java.util.function.Supplier;

/** Progress of a service call, for the command line and the studio (which marshals it to the FX thread). */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {};

    /** A stage begins ("Loading model", "Encoding prompt"...). */
    default void stage(String message) {}

    /**
     * A denoising step finished.
     *
     * @param preview computes a preview of the current image when called (on the engine thread)
     */
    default void step(int step, int total, long elapsedNanos, Supplier<RgbImage> preview) {}
}
