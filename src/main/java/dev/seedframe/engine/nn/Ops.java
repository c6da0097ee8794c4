package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.AttentionChoice;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.torchscript.Bf16GuardException;
import dev.seedframe.engine.weights.WeightMap;
import java.util.List;

/**
 * The operations a component computes with, injected at construction the way ComfyUI hands its models an {@code
 * operations} namespace: every block's forward is written once over this interface, and the numerics live in
 * its implementations, not in branches: {@link F32Ops} (DJL operators, float32) and {@link Bf16Ops} (Seedframe's
 * TorchScript helper, bfloat16 with f32 statistics where diffusers keeps them). How a {@link Linear}'s weight is
 * held (dense, int8, ...) is the second seam, {@link LinearWeights}. ADR 0004 explains both and how to add an
 * implementation (LoRA at run time, LoRA merged, fp8 weights) or a decorator ({@link ForwardingOps}).
 *
 * <p>Every method takes and returns tensors in the compute dtype unless it says otherwise; results join the
 * first argument's manager and the enclosing {@link ai.djl.ndarray.NDScope}, like any DJL operator's. Block
 * forwards stay plain NDArray code (DJL's autograd can record the f32 implementation). Dimension letters: B
 * batch, L/S/T/N tokens, H heads, K head width, D width.
 */
public interface Ops {

    /**
     * The operations of {@code precision} on {@code runtime}, with the attention kernel {@code attention} gives (bf16
     * always attends with the fused kernel).
     *
     * @throws EngineException when bf16 is asked for and the TorchScript helper cannot be loaded
     */
    static Ops of(EngineRuntime runtime, Precision precision, AttentionChoice attention) throws EngineException {
        return switch (precision) {
            case F32 -> new F32Ops(runtime.constants(), AttentionKernel.choose(runtime, attention));
            case BF16 -> new Bf16Ops(runtime.helper());
        };
    }

    /** The dtype this implementation computes in. */
    Precision precision();

    /** The attention kernel ({@link dev.seedframe.engine.AttentionChoice}). */
    AttentionKernel attention();

    /**
     * Operations for declaring a component's parameters only (to learn their names and shapes, or to verify a
     * checkpoint without loading it): computing with them fails.
     */
    static Ops declaringOnly() {
        return new F32Ops(null, null);
    }

    // ---- layers: construction and forward (the decorator points for LoRA and fp8)

    /**
     * Declares a {@code torch.nn.Linear} ({@code weight [out, in]}, {@code bias [out]}) under {@code w}: ComfyUI's
     * {@code operations.Linear}. Its forward runs through {@link #forward(Linear, NDArray)} of this object.
     */
    default Linear newLinear(WeightMap w, long in, long out, boolean bias) {
        return new Linear(this, w, in, out, bias);
    }

    /** One Linear's forward, {@code x·Wᵀ + b} with the weight in the form the layer holds it. */
    default NDArray forward(Linear layer, NDArray x) {
        return layer.weights().apply(this, x, layer.biasArray());
    }

    // ---- primitives

    /** {@code torch.nn.functional.linear(x, w, b)}: {@code x·wᵀ + b}, w {@code [out, in]}, b nullable. */
    NDArray linear(NDArray x, NDArray weight, NDArray bias);

    /** {@code F.silu}: {@code x · sigmoid(x)}. */
    NDArray silu(NDArray x);

    /** {@code F.gelu(x, approximate="tanh")}. */
    NDArray geluTanh(NDArray x);

    /** Exact GELU, {@code 0.5·x·(1 + erf(x/√2))}. */
    NDArray geluErf(NDArray x);

    /** {@code LayerNorm(dim, elementwise_affine=False, eps)} over the last axis (statistics in f32). */
    NDArray layerNorm(NDArray x, float eps);

    /** RMSNorm over the last axis, {@code x · rsqrt(mean(x²) + eps) · weight} (statistics in f32). */
    NDArray rmsNorm(NDArray x, NDArray weight, float eps);

    /** {@code a + b}. */
    NDArray add(NDArray a, NDArray b);

    /** {@code a * b}. */
    NDArray mul(NDArray a, NDArray b);

    /** The DiT modulation {@code x·(1 + scale) + shift}, in diffusers' op order. */
    NDArray modulate(NDArray x, NDArray shift, NDArray scale);

    /** The gated residual {@code x + gate·y}. */
    NDArray addGated(NDArray x, NDArray gate, NDArray y);

    /** {@code [B, n·D]} → n chunks {@code [B, 1, D]} (views), as {@code emb.chunk(n, dim=1)} then {@code unsqueeze(1)}. */
    List<NDArray> chunks(NDArray x, int n);

    /** {@code x.narrow(axis, start, length)}: a view. */
    NDArray narrow(NDArray x, int axis, long start, long length);

    /** {@code torch.cat([a, b], axis)}. */
    NDArray concat(NDArray a, NDArray b, int axis);

    /**
     * Interleaved-pair rotary embedding ({@code apply_rotary_emb_qwen(use_real=False)}): channels (2p, 2p+1) are one
     * complex number, multiplied by {@code cos + i·sin} of pair p, in f32.
     *
     * @param x {@code [B, L, H, K]}
     * @param cos {@code [L, 1, K/2]} f32
     * @param sin {@code [L, 1, K/2]} f32
     */
    NDArray ropePairs(NDArray x, NDArray cos, NDArray sin);

    /**
     * Joint attention of a dual-stream block: the text tokens, then the image tokens, attend together.
     *
     * @param tq text queries {@code [B, T, H, K]} (likewise tk, tv)
     * @param iq image queries {@code [B, N, H, K]} (likewise ik, iv)
     * @param additiveMask null or {@code [B, 1, 1, T+N]}
     * @return {@code [B, T+N, H·K]}
     */
    NDArray jointAttention(NDArray tq, NDArray iq, NDArray tk, NDArray ik, NDArray tv, NDArray iv,
            NDArray additiveMask, float scale);

    // ---- the compute dtype at the boundaries

    /** {@code x} in the compute dtype ({@code x} itself when it is already). */
    NDArray toCompute(NDArray x);

    /** {@code x} as f32, exactly ({@code x} itself when it is f32). */
    NDArray toF32(NDArray x);

    /** An f32 tensor rounded to the compute dtype and widened back ({@code x.to(dtype).float()}). */
    NDArray roundToCompute(NDArray x);

    /** A value rounded to the compute dtype. */
    float roundToCompute(float x);

    /** Refuses inputs this implementation cannot take, naming {@code where} (f32 refuses bf16 tensors). */
    void requireInputs(String where, NDArray... inputs) throws Bf16GuardException;

    /** Whether a model computing here takes {@code a} as a floating input (f32; bf16 too for bf16). */
    boolean acceptsInput(NDArray a);

    /** The input dtypes {@link #acceptsInput} accepts, in words ("float32", "float32 or bfloat16"). */
    String inputDtypes();

    // ---- sampling arithmetic in the latents' dtype

    /** Initial noise as diffusers draws it for this dtype ({@code randn(..., dtype=...)}), as f32 values. */
    float[] randn(TorchCpuGenerator generator, long... shape);

    /** The flow-matching Euler step {@code sample + (σ' − σ)·v} (diffusers' {@code FlowMatchEulerDiscreteScheduler.step}). */
    NDArray eulerStep(NDArray sample, NDArray v, float sigma, float sigmaNext) throws Bf16GuardException;

    /** True CFG with diffusers' norm-preserving rescale: {@code comb = u + s·(c − u)}, times {@code ‖c‖ / ‖comb‖}. */
    NDArray trueCfg(NDArray cond, NDArray uncond, double scale) throws Bf16GuardException;
}
