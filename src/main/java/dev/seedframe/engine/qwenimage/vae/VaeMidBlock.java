package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.AttentionKernel;
import dev.seedframe.engine.weights.WeightMap;
import java.util.ArrayList;
import java.util.List;

/**
 * diffusers' {@code QwenImageMidBlock} with {@code num_layers=1}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>):
 * {@code resnets.0 → attentions.0 → resnets.1}, all at width C.
 *
 * <p>Dimension letters: B batch, C channels, H height, W width.
 */
final class VaeMidBlock implements VaeLayer {

    /** Attention/residual pairs after the first residual block (the encoder and decoder pass 1). */
    static final int NUM_LAYERS = 1;

    private final List<VaeLayer> order = new ArrayList<>();

    VaeMidBlock(WeightMap w, int dim, AttentionKernel attention) {
        order.add(new VaeResidualBlock(w.prefix("resnets.0"), dim, dim));
        for (int i = 0; i < NUM_LAYERS; i++) {
            order.add(new VaeAttentionBlock(w.prefix("attentions." + i), dim, attention));
            order.add(new VaeResidualBlock(w.prefix("resnets." + (i + 1)), dim, dim));
        }
    }

    /** {@code x [B, C, H, W] → [B, C, H, W]}. */
    @Override
    public NDArray forward(NDArray x) {
        return VaeLayer.sequence(x, order);
    }
}
