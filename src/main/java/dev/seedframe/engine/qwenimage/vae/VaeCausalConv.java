package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.seedframe.engine.nn.Tensors;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;

/**
 * diffusers' {@code QwenImageCausalConv3d}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>)
 * with a cubic kernel {@code k} (3 or 1), run on a single frame.
 *
 * <p>The causal 3D convolution pads time by {@code 2·(k/2)} zero frames on the past side only. For one
 * frame (T = 1) every temporal tap but the last therefore multiplies zeros, so the op is exactly a 2D
 * convolution with the kernel's last temporal slice and spatial padding {@code k/2} (spec D.1). The
 * slice is taken once, at load time; the checkpoint keeps its 5D shape.
 *
 * <p>Dimension letters: B batch, C channels, H height, W width; O output channels, I input channels,
 * K kernel size.
 */
final class VaeCausalConv {

    private final Param weight;
    private final Param bias;
    private final int kernel;

    /**
     * Declares {@code weight [O, I, K, K, K]} and {@code bias [O]} under {@code w}.
     *
     * @param kernel the cubic kernel size, 3 (padding 1) or 1 (no padding)
     */
    VaeCausalConv(WeightMap w, long in, long out, int kernel) {
        if (kernel != 1 && kernel != 3) {
            throw new IllegalArgumentException("Causal conv kernel must be 1 or 3, got " + kernel);
        }
        this.kernel = kernel;
        this.weight = w.param("weight", out, in, kernel, kernel, kernel).transform(VaeCausalConv::lastTemporalSlice);
        this.bias = w.param("bias", out);
    }

    /** {@code [O, I, K, K, K] → [O, I, K, K]}: the tap that meets the current frame, copied out of the checkpoint. */
    private static NDArray lastTemporalSlice(NDArray kernel5d) {
        try (NDArray view = kernel5d.get(new NDIndex(":, :, -1"))) { // [O, I, K, K]
            return Tensors.copy(view);
        }
    }

    /** {@code x [B, I, H, W] → [B, O, H, W]}. */
    NDArray forward(NDArray x) {
        long pad = kernel / 2;
        return Conv2d.conv2d(
                        x,
                        weight.array(),
                        bias.array(),
                        new Shape(1, 1),
                        new Shape(pad, pad),
                        new Shape(1, 1),
                        1)
                .singletonOrThrow();
    }
}
