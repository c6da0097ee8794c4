package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;

/** Activation functions with the exact formulas the reference uses. */
public final class Activations {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Activations() {}

    /** {@code x · sigmoid(x)} (bf16: libtorch's {@code F.silu} through the helper, one rounding). */
    public static NDArray silu(NDArray x) {
        if (Bf16.isBf16(x)) {
            return SeedframeOps.require().silu(x);
        }
        return x.mul(ai.djl.nn.Activation.sigmoid(x));
    }

    /** GELU with the tanh approximation ({@code approximate="tanh"}). */
    public static NDArray geluTanh(NDArray x) {
        if (Bf16.isBf16(x)) {
            return SeedframeOps.require().geluTanh(x);
        }
        NDArray inner = x.pow(Scalars.f32(x, 3f)).mul(Scalars.f32(x, 0.044715f)).add(x).mul(Scalars.f32(x, (float) SQRT_2_OVER_PI));
        return x.mul(Scalars.f32(x, 0.5f)).mul(inner.tanh().add(Scalars.f32(x, 1f)));
    }

    /** Exact GELU, {@code 0.5·x·(1 + erf(x/√2))}. */
    public static NDArray geluErf(NDArray x) {
        return x.mul(Scalars.f32(x, 0.5f)).mul(x.div(Scalars.f32(x, (float) Math.sqrt(2.0))).erf()
                .add(Scalars.f32(x, 1f)));
    }
}
