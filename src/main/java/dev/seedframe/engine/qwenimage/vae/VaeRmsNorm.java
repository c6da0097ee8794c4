package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.Tensors;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;

/**
 * diffusers' {@code QwenImageRMS_norm}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>),
 * channel-first: {@code F.normalize(x, dim=1) · √C · gamma}, where {@code F.normalize} divides by
 * {@code max(‖x‖₂ over channels, 1e-12)}. The upstream bias is the constant 0 (no tensor).
 *
 * <p>Dimension letters: B batch, C channels, H height, W width.
 */
final class VaeRmsNorm {

    /** {@code torch.nn.functional.normalize}'s default {@code eps}. */
    static final double NORMALIZE_EPS = 1e-12;

    private final Param gamma;
    private final float scale;

    /**
     * Declares {@code gamma}: {@code [C, 1, 1, 1]} in residual blocks and the encoder/decoder heads
     * (upstream {@code images=False}), {@code [C, 1, 1]} in attention blocks ({@code images=True}).
     * Both are used as {@code [C, 1, 1]} on 4D tensors.
     */
    VaeRmsNorm(WeightMap w, long channels, boolean images) {
        this.scale = (float) Math.sqrt(channels);
        Param g = images ? w.param("gamma", channels, 1, 1) : w.param("gamma", channels, 1, 1, 1);
        if (!images) {
            g.transform(a -> {
                try (NDArray view = a.reshape(channels, 1, 1)) { // [C, 1, 1, 1] → [C, 1, 1]
                    return Tensors.copy(view);
                }
            });
        }
        this.gamma = g;
    }

    /** {@code x [B, C, H, W] → [B, C, H, W]}; one new array, no temporaries left behind. */
    NDArray forward(NDArray x) {
        NDArray y = x.normalize(2, 1, NORMALIZE_EPS); // [B, C, H, W]
        try (NDArray s = Tensors.scalar(y, scale)) {
            y.muli(s); // upstream order: normalized · scale · gamma
        }
        y.muli(gamma.array());
        return y;
    }
}
