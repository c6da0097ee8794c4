package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.seedframe.engine.nn.Tensors;
import dev.seedframe.engine.runtime.Scopes;
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

    /** Closes {@code old} (a consumed activation) and returns {@code next}. */
    static NDArray replace(NDArray old, NDArray next) {
        old.close();
        return next;
    }

    /** The encoder's and the decoder's last stage: {@code conv_out(silu(norm_out(features)))}; closes {@code features}. */
    static NDArray outputHead(NDArray features, VaeRmsNorm normOut, VaeCausalConv convOut) {
        NDArray out = Scopes.keep(() -> convOut.forward(siluInPlace(normOut.forward(features))));
        features.close();
        return out;
    }

    /** {@code x · sigmoid(x)} written into {@code x} (upstream {@code get_activation("silu")}); returns {@code x}. */
    static NDArray siluInPlace(NDArray x) {
        try (NDArray s = Activation.sigmoid(x)) {
            x.muli(s);
        }
        return x;
    }
}
