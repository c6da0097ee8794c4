package dev.seedframe.engine.catalog;

import dev.seedframe.engine.MemoryFit;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.ModelWeights;
import dev.seedframe.engine.Precision;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's estimate of each memory mode's peak, from a pipeline's parameter counts: what README "Memory
 * modes" tabulates for the 20 B model, computed for any model. Weights: the transformer in the compute precision
 * (int8 blocks: one byte a weight), the text encoder, vision tower and VAE in float32 (as the engine keeps them in
 * every precision); plus an activation allowance at the model's default size. Estimates, not measurements.
 */
public final class MemoryEstimator {

    /** Modes in the order they are preferred: faster first, the image-changing int8 before the slow streaming. */
    private static final List<MemoryMode> PREFERENCE = List.of(MemoryMode.RESIDENT, MemoryMode.OFFLOAD_TEXT_ENCODER,
            MemoryMode.INT8, MemoryMode.STREAM_BLOCKS);

    /** Image tokens at 1024 × 1024 (16 pixels a token side: VAE factor 8 × patch 2), the default size. */
    static final long DEFAULT_IMAGE_TOKENS = (1024 / 16) * (1024 / 16);

    /**
     * How many f32 activation tensors of (image tokens × transformer width) are alive at a block's peak (attention
     * inputs and outputs, the MLP's 4× hidden, modulation, residuals): about 1.6 GB for Qwen-Image at 1024², within
     * the 1–2 GB README states for fused attention.
     */
    static final long LIVE_ACTIVATIONS = 32;

    /** Bytes a float32 element takes. */
    private static final long F32 = 4;

    /** Bytes kept free on a GPU for the CUDA context and the allocator's slack. */
    static final long GPU_RESERVE = 1L << 30;

    /** The share of host memory a CPU run may take (the rest is the system's and other programs'). */
    static final double HOST_SHARE = 0.8;

    private MemoryEstimator() {}

    public static MemoryFit fit(ModelWeights w, long budgetBytes, boolean gpu) {
        long usable = gpu ? budgetBytes - GPU_RESERVE : (long) (budgetBytes * HOST_SHARE);
        Precision precision = gpu ? Precision.BF16 : Precision.F32;
        Map<MemoryMode, Long> estimates = new EnumMap<>(MemoryMode.class);
        for (MemoryMode m : PREFERENCE) {
            estimates.put(m, peak(w, m, m.refusal(precision) == null ? precision : Precision.F32));
        }
        for (MemoryMode m : PREFERENCE) {
            if (estimates.get(m) <= usable) {
                return new MemoryFit(gpu, budgetBytes, estimates, m, m.refusal(precision) == null ? precision
                        : Precision.F32);
            }
        }
        return new MemoryFit(gpu, budgetBytes, estimates, null, precision);
    }

    /** Estimated peak bytes of {@code mode} computing in {@code precision}. */
    static long peak(ModelWeights w, MemoryMode mode, Precision precision) {
        long t = precision == Precision.BF16 ? 2 : F32;
        long act = LIVE_ACTIVATIONS * DEFAULT_IMAGE_TOKENS * w.transformerWidth() * t;
        long vae = w.vaeParams() * F32;
        long vision = w.edit() ? w.visionParams() * F32 : 0;
        long text = w.textEncoderParams() * F32 + vision;
        long transformer = w.transformerParams() * t;
        long block = w.transformerBlocks() > 0 ? w.transformerBlockParams() / w.transformerBlocks() : 0;
        long textLayer = w.textEncoderLayers() > 0 ? w.textEncoderLayerParams() / w.textEncoderLayers() : 0;
        return switch (mode) {
            case RESIDENT -> transformer + text + vae + act;
            case OFFLOAD_TEXT_ENCODER -> Math.max(transformer + vae, text + vae) + act;
            case STREAM_BLOCKS -> Math.max(w.transformerOtherParams() * t + block * t + vae,
                    textLayer * F32 + w.textEncoderOtherParams() * F32 + vision + vae) + act;
            // int8 blocks (1 byte a weight) with f32 activations, one block's largest Linear (the MLP's 4× up
            // projection) dequantised at a time; the text encoder's layers in int8 while it encodes
            case INT8 -> Math.max(w.transformerBlockParams() + w.transformerOtherParams() * F32 + vae
                    + 4L * w.transformerWidth() * w.transformerWidth() * F32,
                    w.textEncoderLayerParams() + w.textEncoderOtherParams() * F32 + vision) + act;
        };
    }
}
