package dev.seedframe.engine.qwenimage.pipeline;

import dev.seedframe.engine.CfgBatching;
import java.util.Objects;

/**
 * The model's settings a run reads (fixed when the model opens, or changed between runs by its owner; a run takes
 * them once, when it starts).
 *
 * @param cfgBatching how true CFG runs its two passes ({@link CfgBatching})
 * @param nativeBf16Noise a bf16 run draws its noise with torch's bf16 kernel, as diffusers does; false draws the
 *     float32 noise and rounds it (tests compare a bf16 run with the float32 reference that way)
 * @param previewDecodeEvery every N-th step's live preview is a VAE decode instead of the latent projection; 0:
 *     never
 */
public record RunSettings(CfgBatching cfgBatching, boolean nativeBf16Noise, int previewDecodeEvery) {

    public RunSettings {
        Objects.requireNonNull(cfgBatching, "cfgBatching");
    }

    public RunSettings withCfgBatching(CfgBatching c) {
        return new RunSettings(c, nativeBf16Noise, previewDecodeEvery);
    }

    public RunSettings withNativeBf16Noise(boolean on) {
        return new RunSettings(cfgBatching, on, previewDecodeEvery);
    }
}
