package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;

/**
 * RMSNorm over the last axis: {@code x · rsqrt(mean(x²) + eps) · weight}. Both diffusers' {@code
 * RMSNorm} and transformers' {@code Qwen2RMSNorm} compute the statistic in f32; the engine runs in
 * f32 on the CPU, so the order of operations is the only thing to keep.
 */
public final class RmsNorm {

    private final Param weight;
    private final float eps;

    public RmsNorm(WeightMap w, long dim, float eps) {
        this.weight = w.param("weight", dim);
        this.eps = eps;
    }

    /**
     * The norm; a bf16 x runs as diffusers' {@code RMSNorm} does in bf16 (statistics in f32, the normalised
     * value rounded to the weight's dtype, then times the weight) through the TorchScript helper.
     */
    public NDArray forward(NDArray x) {
        if (Bf16.isBf16(x)) {
            return SeedframeOps.require().rmsNorm(x, weight.array(), eps);
        }
        return normalize(x, eps).mul(weight.array());
    }

    /** The weightless part: {@code x · rsqrt(mean(x², -1) + eps)}. */
    public static NDArray normalize(NDArray x, float eps) {
        NDArray var = x.square().mean(new int[] {-1}, true);
        NDArray inv = var.add(Scalars.f32(var, eps)).sqrt();
        return x.div(inv);
    }

    public Param weight() {
        return weight;
    }
}
