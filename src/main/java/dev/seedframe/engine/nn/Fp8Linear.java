package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.runtime.torchscript.TorchDtype;
import dev.seedframe.engine.weights.Fp8Weight;

/**
 * A {@link Linear} whose weight stays as the checkpoint's 8-bit float codes on the device, one byte a weight ({@link
 * Fp8Weight}: {@code float8_e4m3fn} or {@code float8_e5m2}, with ComfyUI's per-tensor or per-row scale when the file
 * has one), and is widened to the compute dtype just before its matmul and freed right after, as {@link Int8Linear}
 * dequantises. Widening is exact (every fp8 value is an f32 and a bf16 value); a scaled weight is {@code code ·
 * scale} computed in f32, rounded once to the compute dtype. So the image is that of the same weights widened when
 * loaded (bit for bit: {@code SingleFileFp8Test}), with a quarter of the f32 memory, half of bf16's. The bias is held
 * in the compute dtype like any other parameter.
 */
public final class Fp8Linear implements LinearWeights {

    private final Fp8Weight weight;

    Fp8Linear(Fp8Weight weight) {
        this.weight = weight;
    }

    @Override
    public NDArray apply(Ops ops, NDArray x, NDArray bias) {
        TorchDtype dtype = ops.precision() == Precision.BF16 ? TorchDtype.BFLOAT16 : TorchDtype.FLOAT32;
        try (NDArray w = weight.widen(dtype)) {
            return ops.linear(x, w, bias);
        }
    }

    /** The codes and scale. */
    public Fp8Weight weight() {
        return weight;
    }
}
