package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.weights.WeightMap;
import java.util.ArrayList;
import java.util.List;

/**
 * diffusers' {@code QwenImageUpBlock}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>):
 * {@code num_res_blocks + 1} residual blocks {@code resnets.M} (the first {@code I → O}, the rest
 * {@code O → O}), then optionally {@code upsamplers.0}, which doubles H and W and halves the width.
 *
 * <p>Dimension letters: B batch, I/O input/output channels, H height, W width.
 */
final class VaeUpBlock implements VaeLayer {

    private final List<VaeLayer> order = new ArrayList<>();

    /** @param upsample the upsampler's mode, or null for the last block (no upsampler) */
    VaeUpBlock(WeightMap w, int in, int out, int numResnets, VaeResample.Mode upsample) {
        int current = in;
        for (int m = 0; m < numResnets; m++) {
            order.add(new VaeResidualBlock(w.prefix("resnets." + m), current, out));
            current = out;
        }
        if (upsample != null) {
            order.add(new VaeResample(w.prefix("upsamplers.0"), out, upsample));
        }
    }

    /** {@code x [B, I, H, W] → [B, O, H, W]}, or {@code [B, O/2, 2H, 2W]} with an upsampler. */
    @Override
    public NDArray forward(NDArray x) {
        return VaeLayer.sequence(x, order);
    }
}
