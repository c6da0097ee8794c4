package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;

/**
 * How a {@link Linear}'s weight is held on the device between calls and turned into the matrix of one matmul:
 * the second seam beside {@link Ops} (ADR 0004). The loaded weight as it is (f32 or bf16, the default), {@link
 * Int8Linear} (int8 codes with per-channel scales, dequantised per call), {@link Fp8Linear} (the checkpoint's 8-bit
 * float codes, one byte per weight, widened per call).
 */
@FunctionalInterface
public interface LinearWeights {

    /**
     * {@code x·Wᵀ + b} with this form of W.
     *
     * @param ops the operations computing it (its {@link Ops#linear} does the matmul)
     * @param bias {@code [out]} or null
     */
    NDArray apply(Ops ops, NDArray x, NDArray bias);
}
