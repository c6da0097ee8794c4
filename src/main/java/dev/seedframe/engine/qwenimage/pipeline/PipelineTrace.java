package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.Ops;

/**
 * Receives a pipeline's intermediate tensors under the names the golden fixtures use ({@code
 * latents_init}, {@code step0.noise_pred}, {@code vae_decode.output}...), so parity tests can compare
 * every stage, not just the final pixels. The tensor is only valid during the call.
 */
@FunctionalInterface
public interface PipelineTrace {

    PipelineTrace NONE = (name, value) -> {};

    void record(String name, NDArray value);

    /** Records {@code value} in f32: a tensor of {@code ops}' compute dtype is widened first (DJL never reads bf16). */
    default void recordF32(Ops ops, String name, NDArray value) {
        if (this == NONE) {
            return;
        }
        NDArray wide = ops.toF32(value);
        try {
            record(name, wide);
        } finally {
            if (wide != value) {
                wide.close();
            }
        }
    }
}
