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

    /** Declares {@code weight [out, in]} and, if {@code hasBias}, {@code bias [out]} under {@code w}. */
    public Linear(WeightMap w, long in, long out, boolean hasBias) {
        this.in = in;
        this.out = out;
        this.weight = w.param("weight", out, in);
        this.bias = hasBias ? w.param("bias", out) : null;
    }

    /** {@code x·Wᵀ + b}; bf16 inputs or weights go through the TorchScript helper, never a DJL operator. */
    public NDArray forward(NDArray x) {
        if (Bf16.isBf16(x) || Bf16.isBf16(weight.array())) {
            return SeedframeOps.require().linear(x, weight.array(), bias == null ? null : bias.array());
        }
        return ai.djl.nn.core.Linear.linear(x, weight.array(), bias == null ? null : bias.array())
                .singletonOrThrow();
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
