package dev.seedframe.engine;

import dev.seedframe.domain.RgbImage;

/** Progress of one generation, called on the engine's thread after every denoising step. */
@FunctionalInterface
public interface StepListener {

    StepListener NONE = e -> {};

    void onStep(StepEvent event);

    /**
     * @param step steps finished (1-based)
     * @param total steps this generation runs
     * @param elapsedNanos time since denoising began
     * @param preview computes a low-cost preview of the current latents when asked (on the engine thread)
     */
    record StepEvent(int step, int total, long elapsedNanos, java.util.function.Supplier<RgbImage> preview) {}
}
