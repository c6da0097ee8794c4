package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.AttentionKernel;
import dev.seedframe.engine.weights.WeightMap;
import java.util.ArrayList;
import java.util.List;

/**
 * diffusers' {@code QwenImageEncoder3d}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>)
 * for one frame. With {@code dims = base_dim · ([1] + dim_mult)}, stage {@code i} appends to the flat
 * {@code down_blocks} list {@code num_res_blocks} residual blocks {@code dims[i] → dims[i+1]} (each
 * followed by an attention block when the current scale is in {@code attn_scales}) and, except after
 * the last stage, a 2× downsample (3D mode when {@code temperal_downsample[i]}). Then
 * {@code mid_block}, {@code norm_out}, SiLU and {@code conv_out} to {@code out} channels.
 *
 * <p>Dimension letters: B batch, C channels ({@code C_in} image, {@code C_out} moments), H height,
 * W width, f the scale factor.
 */
final class VaeEncoder {

    private final VaeCausalConv convIn;
    private final List<VaeLayer> downBlocks = new ArrayList<>();
    private final VaeMidBlock midBlock;
    private final VaeRmsNorm normOut;
    private final VaeCausalConv convOut;

    /** @param outChannels the encoder's output width ({@code 2·z_dim}: mean and log-variance) */
    VaeEncoder(WeightMap w, VaeConfig cfg, int outChannels, AttentionKernel attention) {
        int[] dims = cfg.encoderDims();
        boolean[] temporal = cfg.temperalDownsample();
        int stages = dims.length - 1;
        this.convIn = new VaeCausalConv(w.prefix("conv_in"), cfg.inputChannels(), dims[0], 3);
        double scale = 1.0;
        int index = 0;
        for (int i = 0; i < stages; i++) {
            int in = dims[i];
            int out = dims[i + 1];
            for (int r = 0; r < cfg.numResBlocks(); r++) {
                downBlocks.add(new VaeResidualBlock(w.prefix("down_blocks." + index++), in, out));
                if (cfg.attentionAt(scale)) {
                    downBlocks.add(new VaeAttentionBlock(w.prefix("down_blocks." + index++), out, attention));
                }
                in = out;
            }
            if (i != stages - 1) {
                downBlocks.add(new VaeResample(
                        w.prefix("down_blocks." + index++), out, VaeResample.Mode.down(temporal[i])));
                scale /= 2.0;
            }
        }
        int last = dims[stages];
        this.midBlock = new VaeMidBlock(w.prefix("mid_block"), last, attention);
        this.normOut = new VaeRmsNorm(w.prefix("norm_out"), last, false);
        this.convOut = new VaeCausalConv(w.prefix("conv_out"), last, outChannels, 3);
    }

    /** {@code x [B, C_in, H, W] → [B, C_out, H/f, W/f]}. */
    NDArray forward(NDArray x) {
        NDArray h = convIn.forward(x);
        for (VaeLayer layer : downBlocks) {
            h = VaeLayer.replace(h, layer.forward(h));
        }
        h = VaeLayer.replace(h, midBlock.forward(h));
        return VaeLayer.outputHead(h, normOut, convOut);
    }
}
