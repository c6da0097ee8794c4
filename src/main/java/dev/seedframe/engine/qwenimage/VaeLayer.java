package dev.seedframe.engine.qwenimage;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.seedframe.engine.nn.Tensors;
import java.util.List;

/**
 * One entry of a VAE layer list (diffusers' {@code down_blocks} / {@code up_blocks} / mid-block
 * members): a map from a 4D activation {@code [B, C, H, W]} to a new one. Implementations close
 * their own temporaries as soon as they are used, so the peak memory of a full-resolution layer is
 * a few activations, not one per op; the caller still owns (and closes) the input.
 *
 * <p>Dimension letters: B batch, C channels, H height, W width.
 */
interface VaeLayer {

    /** Returns a new array; {@code x} is left untouched. */
    NDArray forward(NDArray x);

    /**
     * Runs {@code layers} in order, closing each intermediate activation as soon as the next layer
     * has consumed it; {@code x} itself stays open (it belongs to the caller).
     */
    static NDArray sequence(NDArray x, List<? extends VaeLayer> layers) {
        NDArray h = x;
        for (VaeLayer layer : layers) {
            NDArray next = layer.forward(h);
            if (h != x) {
                h.close();
            }
            h = next;
        }
        return h == x ? Tensors.copy(x) : h;
    }

    /** {@code x · sigmoid(x)} written into {@code x} (upstream {@code get_activation("silu")}); returns {@code x}. */
    static NDArray siluInPlace(NDArray x) {
        try (NDArray s = Activation.sigmoid(x)) {
            x.muli(s);
        }
        return x;
    }
}
