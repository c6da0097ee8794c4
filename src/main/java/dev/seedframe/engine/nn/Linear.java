package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;

/**
 * {@code torch.nn.Linear}: {@code y = x·Wᵀ + b}, weight stored {@code [out, in]}. Made by {@link Ops#newLinear} and
 * computed by that {@link Ops} ({@link Ops#forward(Linear, NDArray)}), with its weight in the form it holds ({@link
 * #weights()}): the loaded tensor, its fp8 codes when the checkpoint stores it as an 8-bit float ({@link Fp8Linear}),
 * or its int8 form after {@link #quantizeInt8}.
 */
public final class Linear {

    private static final String WEIGHT = "weight";

    private final Ops ops;
    private final Param weight;
    private final Param bias;
    private final long in;
    private final long out;
    private final LinearWeights dense;
    private Int8Linear int8;

    /** Declares {@code weight [out, in]} and, if {@code hasBias}, {@code bias [out]} under {@code w}. */
    public Linear(Ops ops, WeightMap w, long in, long out, boolean hasBias) {
        this.ops = ops;
        this.in = in;
        this.out = out;
        this.weight = w.param(WEIGHT, out, in).allowFp8();
        this.bias = hasBias ? w.param("bias", out) : null;
        this.dense = (o, x, b) -> o.linear(x, weight.array(), b);
    }

    /** {@code x·Wᵀ + b}, computed by the {@link Ops} that made this layer. */
    public NDArray forward(NDArray x) {
        return ops.forward(this, x);
    }

    /** The weight in the form held now: the loaded tensor, its fp8 codes, or its int8 codes. */
    public LinearWeights weights() {
        if (int8 != null) {
            return int8;
        }
        return weight.fp8() != null ? new Fp8Linear(weight.fp8()) : dense;
    }

    /** The bias tensor, or null. */
    public NDArray biasArray() {
        return bias == null ? null : bias.array();
    }

    /**
     * The layer's name as the model declares it, e.g. {@code transformer_blocks.0.attn.to_q} (LoRA adapters are keyed by
     * it): diffusers' name, also when the checkpoint stores the weight under another key (ComfyUI's {@code
     * model.diffusion_model.} prefix, transformers 5's {@code model.language_model.}; {@link Param#key()} is that key).
     */
    public String name() {
        String key = weight.name();
        return key.substring(0, key.length() - WEIGHT.length() - 1);
    }

    /**
     * Replaces the loaded f32 weight by its weight-only int8 form ({@link Int8Linear}) on {@code manager} and
     * releases the f32 weight; the forward then dequantises per call. The bias stays f32. A weight held as fp8 codes
     * ({@link Fp8Linear}) is one byte a weight already and stays as it is: quantising it again would only add error.
     */
    public void quantizeInt8(NDManager manager) {
        if (weight.fp8() != null) {
            return;
        }
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
