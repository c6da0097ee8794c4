package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.AttentionKernel;
import dev.seedframe.engine.weights.WeightMap;
import java.util.ArrayList;
import java.util.List;

/**
 * diffusers' {@code QwenImageDecoder3d}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>)
 * for one frame. With {@code dims = base_dim · ([dim_mult[-1]] + reversed(dim_mult))}:
 * {@code conv_in} ({@code z_dim → dims[0]}), {@code mid_block}, then {@code up_blocks.i} from
 * {@code dims[i]} (halved for {@code i > 0}, because the previous block's upsampler halved it) to
 * {@code dims[i+1]}, each but the last ending in a 2× upsampler (3D mode when the reversed
 * {@code temperal_downsample[i]}), then {@code norm_out}, SiLU and {@code conv_out} to
 * {@code input_channels}. The output is not clamped here (see {@link QwenImageVae#decode}).
 *
 * <p>Dimension letters: B batch, Z latent channels, C image channels, h/w latent height/width,
 * f the scale factor.
 */
final class VaeDecoder {

    private final VaeCausalConv convIn;
    private final VaeMidBlock midBlock;
    private final List<VaeUpBlock> upBlocks = new ArrayList<>();
    private final VaeRmsNorm normOut;
    private final VaeCausalConv convOut;

    VaeDecoder(WeightMap w, VaeConfig cfg, AttentionKernel attention) {
        int[] dims = cfg.decoderDims();
        boolean[] down = cfg.temperalDownsample();
        int stages = dims.length - 1;
        this.convIn = new VaeCausalConv(w.prefix("conv_in"), cfg.zDim(), dims[0], 3);
        this.midBlock = new VaeMidBlock(w.prefix("mid_block"), dims[0], attention);
        for (int i = 0; i < stages; i++) {
            int in = i > 0 ? dims[i] / 2 : dims[i];
            int out = dims[i + 1];
            // temperal_upsample = temperal_downsample[::-1]
            VaeResample.Mode mode = i != stages - 1 ? VaeResample.Mode.up(down[down.length - 1 - i]) : null;
            upBlocks.add(new VaeUpBlock(w.prefix("up_blocks." + i), in, out, cfg.numResBlocks() + 1, mode));
        }
        int last = dims[stages];
        this.normOut = new VaeRmsNorm(w.prefix("norm_out"), last, false);
        this.convOut = new VaeCausalConv(w.prefix("conv_out"), last, cfg.inputChannels(), 3);
    }

    /** {@code z [B, Z, h, w] → [B, C, h·f, w·f]}, unclamped. */
    NDArray forward(NDArray z) {
        NDArray h = convIn.forward(z);
        h = VaeLayer.replace(h, midBlock.forward(h));
        for (VaeUpBlock block : upBlocks) {
            h = VaeLayer.replace(h, block.forward(h));
        }
        return VaeLayer.outputHead(h, normOut, convOut);
    }
}
