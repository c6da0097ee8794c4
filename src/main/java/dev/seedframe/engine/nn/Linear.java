package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;

/** {@code torch.nn.Linear}: {@code y = x·Wᵀ + b}, weight stored {@code [out, in]}. */
public final class Linear {

    private final Param weight;
    private final Param bias;
    private final long in;
    private final long out;
    private Int8Linear int8;

    /** Declares {@code weight [out, in]} and, if {@code hasBias}, {@code bias [out]} under {@code w}. */
    public Linear(WeightMap w, long in, long out, boolean hasBias) {
        this.in = in;
        this.out = out;
        this.weight = w.param("weight", out, in);
        this.bias = hasBias ? w.param("bias", out) : null;
    }

    /** {@code x·Wᵀ + b}; bf16 inputs or weights go through the TorchScript helper, never a DJL operator. */
    public NDArray forward(NDArray x) {
        if (int8 != null) {
            if (Bf16.isBf16(x)) {
                throw new IllegalStateException("int8 weights take f32 activations; this layer was given bf16"
                        + " (int8 memory modes and the bf16 precision cannot be combined)");
            }
            return int8.forward(x, bias == null ? null : bias.array());
        }
        if (Bf16.isBf16(x) || Bf16.isBf16(weight.array())) {
            return SeedframeOps.require().linear(x, weight.array(), bias == null ? null : bias.array());
        }
        return ai.djl.nn.core.Linear.linear(x, weight.array(), bias == null ? null : bias.array())
                .singletonOrThrow();
    }

    /**
     * Replaces the loaded f32 weight by its weight-only int8 form ({@link Int8Linear}) on {@code manager}
     * and releases the f32 weight; {@link #forward} then dequantises per call. The bias stays f32.
     */
    public void quantizeInt8(ai.djl.ndarray.NDManager manager) {
        if (int8 == null) {
            int8 = Int8Linear.quantize(weight.array(), manager);
        }
        weight.release(); // also when the codes were already there (a retried restore loaded it again)
    }

    /** Frees the int8 form (the f32 weight must be loaded again before the next {@link #forward}). */
    public void dropInt8() {
        if (int8 != null) {
            int8.close();
            int8 = null;
        }
    }

    /** The int8 form after {@link #quantizeInt8}, or null. */
    public Int8Linear int8() {
        return int8;
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    public long in() {
        return in;
    }

    public long out() {
        return out;
    }
}
