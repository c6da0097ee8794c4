package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDArray;

/**
 * Receives a pipeline's intermediate tensors under the names the golden fixtures use ({@code
 * latents_init}, {@code step0.noise_pred}, {@code vae_decode.output}...), so parity tests can compare
 * every stage, not just the final pixels. The tensor is only valid during the call.
 */
@FunctionalInterface
public interface PipelineTrace {

    PipelineTrace NONE = (name, value) -> {};

    void record(String name, NDArray value);
}
