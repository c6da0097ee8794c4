package dev.seedframe.engine;

import java.util.Objects;

/**
 * How a model is opened: the device asked for, the memory mode, the compute precision, how true CFG runs its
 * two passes, which attention implementation computes, and how the live preview is made. Everything that can
 * change a pixel is recorded with every generation ({@link dev.seedframe.domain.EngineEnvironment}): device and
 * dtype as resolved (a GPU request that fell back to the CPU records the CPU), memory mode, CFG batching and
 * attention as used. The preview setting changes no pixel of the result and is not recorded.
 *
 * @param device where to compute (resolved when the model opens; a GPU choice may fall back to the CPU)
 * @param memoryMode weight placement for smaller cards
 * @param precision compute dtype; honoured on a GPU, while a bf16 request on the CPU is computed in f32 and
 *     the environment records float32 (bf16 is 3–4× slower there; the engine's tests force it to check the
 *     bf16 numerics on the CPU)
 * @param cfgBatching true CFG as two calls or one batch of two
 * @param attention the attention implementation (fused by default)
 * @param previewDecodeEvery the live preview ({@link StepListener}) is a cheap latent-to-RGB projection at the
 *     latent resolution after every step; with N above 0 every N-th step's preview is a full VAE decode instead
 *     (at half resolution above 64×64 latents). 0, the default: never a decode for a preview
 */
public record EngineOptions(DeviceChoice device, MemoryMode memoryMode, Precision precision, CfgBatching cfgBatching,
        AttentionChoice attention, int previewDecodeEvery) {

    public EngineOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(memoryMode, "memoryMode");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(cfgBatching, "cfgBatching");
        Objects.requireNonNull(attention, "attention");
        String refusal = memoryMode.refusal(precision);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        if (previewDecodeEvery < 0) {
            throw new IllegalArgumentException("previewDecodeEvery must be 0 (never) or a number of steps, got "
                    + previewDecodeEvery);
        }
    }

    /** Fused attention, projected previews. */
    public EngineOptions(DeviceChoice device, MemoryMode memoryMode, Precision precision, CfgBatching cfgBatching) {
        this(device, memoryMode, precision, cfgBatching, AttentionChoice.FUSED, 0);
    }

    /** CFG as two passes (diffusers' way, the default). */
    public EngineOptions(DeviceChoice device, MemoryMode memoryMode, Precision precision) {
        this(device, memoryMode, precision, CfgBatching.SEPARATE);
    }

    /** CPU, everything resident, float32: what {@link ModelProvider#open(java.nio.file.Path)} uses. */
    public static EngineOptions defaults() {
        return new EngineOptions(DeviceChoice.cpu(), MemoryMode.RESIDENT, Precision.F32);
    }

    public EngineOptions withDevice(DeviceChoice d) {
        return new EngineOptions(d, memoryMode, precision, cfgBatching, attention, previewDecodeEvery);
    }

    public EngineOptions withMemoryMode(MemoryMode m) {
        return new EngineOptions(device, m, precision, cfgBatching, attention, previewDecodeEvery);
    }

    public EngineOptions withPrecision(Precision p) {
        return new EngineOptions(device, memoryMode, p, cfgBatching, attention, previewDecodeEvery);
    }

    public EngineOptions withCfgBatching(CfgBatching c) {
        return new EngineOptions(device, memoryMode, precision, c, attention, previewDecodeEvery);
    }

    public EngineOptions withAttention(AttentionChoice a) {
        return new EngineOptions(device, memoryMode, precision, cfgBatching, a, previewDecodeEvery);
    }

    public EngineOptions withPreviewDecodeEvery(int steps) {
        return new EngineOptions(device, memoryMode, precision, cfgBatching, attention, steps);
    }
}
