package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.weights.WeightMap;

/**
 * diffusers' {@code QwenImageResidualBlock}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>)
 * for single frames: {@code conv2(silu(norm2(conv1(silu(norm1(x)))))) + shortcut(x)}, where the
 * shortcut is a 1×1 conv when the width changes and the identity otherwise. Dropout is a no-op at
 * inference.
 *
 * <p>Dimension letters: B batch, C channels ({@code I} in, {@code O} out), H height, W width.
 */
final class VaeResidualBlock implements VaeLayer {

    private final VaeRmsNorm norm1;
    private final VaeCausalConv conv1;
    private final VaeRmsNorm norm2;
    private final VaeCausalConv conv2;
    private final VaeCausalConv convShortcut;

    VaeResidualBlock(WeightMap w, int in, int out) {
        this.norm1 = new VaeRmsNorm(w.prefix("norm1"), in, false);
        this.conv1 = new VaeCausalConv(w.prefix("conv1"), in, out, 3);
        this.norm2 = new VaeRmsNorm(w.prefix("norm2"), out, false);
        this.conv2 = new VaeCausalConv(w.prefix("conv2"), out, out, 3);
        this.convShortcut = in != out ? new VaeCausalConv(w.prefix("conv_shortcut"), in, out, 1) : null;
    }

    /** {@code x [B, I, H, W] → [B, O, H, W]}. */
    @Override
    public NDArray forward(NDArray x) {
        return Scopes.keep(() -> {
            NDArray t = VaeLayer.siluInPlace(norm1.forward(x));
            NDArray u = conv1.forward(t);
            t.close();
            t = VaeLayer.siluInPlace(norm2.forward(u));
            u.close();
            u = conv2.forward(t);
            t.close();
            if (convShortcut == null) {
                return u.addi(x);
            }
            try (NDArray h = convShortcut.forward(x)) {
                return u.addi(h);
            }
        });
    }
}
