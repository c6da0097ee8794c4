package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.rng.BFloat16;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import java.util.ArrayList;
import java.util.List;

/**
 * bfloat16 as diffusers runs Qwen-Image with {@code torch_dtype=torch.bfloat16}: every op on a bf16 tensor goes
 * through Seedframe's TorchScript helper ({@link SeedframeOps}), because DJL 0.35.1 aborts the JVM on a BF16
 * dtype; each op rounds to bf16 as torch does, and f32 stays where the reference keeps it (norm statistics, RoPE
 * rotation, softmax statistics, the scheduler's sum). Attention is always the helper's fused kernel.
 */
public final class Bf16Ops implements Ops {

    private final SeedframeOps helper;
    private final AttentionKernel attention;

    public Bf16Ops(SeedframeOps helper) {
        this.helper = helper;
        this.attention = new FusedAttention(helper);
    }

    @Override
    public Precision precision() {
        return Precision.BF16;
    }

    @Override
    public AttentionKernel attention() {
        return attention;
    }

    @Override
    public NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return helper.linear(x, weight, bias);
    }

    @Override
    public NDArray silu(NDArray x) {
        return helper.silu(x);
    }

    @Override
    public NDArray geluTanh(NDArray x) {
        return helper.geluTanh(x);
    }

    /** Not offered: the components that use it (the vision tower's merger) compute in f32. */
    @Override
    public NDArray geluErf(NDArray x) {
        throw new UnsupportedOperationException("exact GELU has no bf16 implementation: the vision tower computes in f32");
    }

    @Override
    public NDArray layerNorm(NDArray x, float eps) {
        return helper.layerNorm(x, eps);
    }

    @Override
    public NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        return helper.rmsNorm(x, weight, eps);
    }

    @Override
    public NDArray add(NDArray a, NDArray b) {
        return helper.add(a, b);
    }

    @Override
    public NDArray mul(NDArray a, NDArray b) {
        return helper.mul(a, b);
    }

    @Override
    public NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
        return helper.modulate(x, shift, scale);
    }

    @Override
    public NDArray addGated(NDArray x, NDArray gate, NDArray y) {
        return helper.addGated(x, gate, y);
    }

    @Override
    public List<NDArray> chunks(NDArray x, int n) {
        long d = x.getShape().get(1) / n;
        List<NDArray> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(helper.unsqueeze(helper.narrow(x, 1, i * d, d), 1)); // [B, 1, D]
        }
        return out;
    }

    @Override
    public NDArray narrow(NDArray x, int axis, long start, long length) {
        return helper.narrow(x, axis, start, length);
    }

    @Override
    public NDArray concat(NDArray a, NDArray b, int axis) {
        return helper.cat(a, b, axis);
    }

    @Override
    public NDArray ropePairs(NDArray x, NDArray cos, NDArray sin) {
        return helper.ropePairs(x, cos, sin);
    }

    /** The helper's fused joint SDPA; the f32 mask is converted to bf16 ({@code -inf} stays {@code -inf}). */
    @Override
    public NDArray jointAttention(NDArray tq, NDArray iq, NDArray tk, NDArray ik, NDArray tv, NDArray iv,
            NDArray additiveMask, float scale) {
        return helper.jointSdpa(tq, iq, tk, ik, tv, iv, additiveMask, scale);
    }

    @Override
    public NDArray toCompute(NDArray x) {
        return Bf16.isBf16(x) ? x : helper.toBf16(x);
    }

    @Override
    public NDArray toF32(NDArray x) {
        return Bf16.isBf16(x) ? helper.toF32(x) : x;
    }

    @Override
    public NDArray roundToCompute(NDArray x) {
        return helper.toF32(helper.toBf16(x));
    }

    @Override
    public float roundToCompute(float x) {
        return BFloat16.round(x);
    }

    @Override
    public void requireInputs(String where, NDArray... inputs) {
        // f32 inputs are rounded where they enter; bf16 ones are taken as they are
    }

    @Override
    public boolean acceptsInput(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 || Bf16.isBf16(a);
    }

    @Override
    public String inputDtypes() {
        return "float32 or bfloat16";
    }

    /** torch's bf16 {@code randn} kernel (diffusers draws with {@code dtype=prompt_embeds.dtype}). */
    @Override
    public float[] randn(TorchCpuGenerator generator, long... shape) {
        return generator.randnBf16(shape);
    }

    /** {@code (sample.float() + dt·v).to(v.dtype)}, where {@code dt·v} is rounded to bf16 first. */
    @Override
    public NDArray eulerStep(NDArray sample, NDArray v, float sigma, float sigmaNext) {
        return helper.eulerStep(sample, v, sigmaNext - sigma);
    }

    /** Every op in bf16, as the pipeline runs it. */
    @Override
    public NDArray trueCfg(NDArray cond, NDArray uncond, double scale) {
        return helper.trueCfg(cond, uncond, scale);
    }
}
