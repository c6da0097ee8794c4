package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;

/**
 * RMSNorm over the last axis: {@code x · rsqrt(mean(x²) + eps) · weight}, computed by an {@link Ops}. Both
 * diffusers' {@code RMSNorm} and transformers' {@code Qwen2RMSNorm} compute the statistic in f32.
 */
public final class RmsNorm {

    private final Ops ops;
    private final Param weight;
    private final float eps;

    public RmsNorm(Ops ops, WeightMap w, long dim, float eps) {
        this.ops = ops;
        this.weight = w.param("weight", dim);
        this.eps = eps;
    }

    public NDArray forward(NDArray x) {
        return ops.rmsNorm(x, weight.array(), eps);
    }

    public Param weight() {
        return weight;
    }
}
