package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.seedframe.engine.nn.AttentionKernel;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;

/**
 * diffusers' {@code QwenImageAttentionBlock}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>):
 * single-head self-attention over the {@code H·W} positions of a frame, with a residual connection.
 * {@code to_qkv} is a 1×1 conv {@code C → 3C} whose output channels are {@code [q | k | v]}; the
 * scale is {@code 1/√C}; {@code proj} is a 1×1 conv {@code C → C}.
 *
 * <p>The score matrix is {@code N × N} with {@code N = H·W} (27,556² floats = 3 GB for a 1328²
 * image in the real decoder): the fused kernel never builds it, and the matmul kernel builds it in query
 * chunks ({@link dev.seedframe.engine.nn.MatMulAttention#SCORE_BUDGET}).
 *
 * <p>Dimension letters: B batch, C channels, H height, W width, N = H·W positions.
 */
final class VaeAttentionBlock implements VaeLayer {

    private final long channels;
    private final VaeRmsNorm norm;
    private final Param toQkvWeight;
    private final Param toQkvBias;
    private final Param projWeight;
    private final Param projBias;
    private final AttentionKernel attention;

    VaeAttentionBlock(WeightMap w, int channels, AttentionKernel attention) {
        this.channels = channels;
        this.attention = attention;
        this.norm = new VaeRmsNorm(w.prefix("norm"), channels, true);
        this.toQkvWeight = w.param("to_qkv.weight", 3L * channels, channels, 1, 1);
        this.toQkvBias = w.param("to_qkv.bias", 3L * channels);
        this.projWeight = w.param("proj.weight", channels, channels, 1, 1);
        this.projBias = w.param("proj.bias", channels);
    }

    /** {@code x [B, C, H, W] → [B, C, H, W]}. */
    @Override
    public NDArray forward(NDArray x) {
        long b = x.getShape().get(0);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        long n = h * wd;
        return Scopes.keep(() -> {
            NDArray qkv;
            try (NDArray normed = norm.forward(x)) {
                qkv = conv1x1(normed, toQkvWeight, toQkvBias); // [B, 3C, H, W]
            }
            NDArray tokens = qkv.reshape(b, 3 * channels, n).transpose(0, 2, 1); // [B, N, 3C]
            qkv.close();
            NDList parts = tokens.split(3, 2); // q, k, v: [B, N, C] each
            tokens.close();
            // one head over all positions: [B, 1, N, C]
            NDArray attended = Scopes.keep(() -> attention.sdpa(parts.get(0).expandDims(1),
                    parts.get(1).expandDims(1), parts.get(2).expandDims(1), null,
                    (float) (1.0 / Math.sqrt(channels))).squeeze(1));
            parts.close();
            NDArray spatial = attended.transpose(0, 2, 1).reshape(b, channels, h, wd); // [B, C, H, W]
            attended.close();
            NDArray out = conv1x1(spatial, projWeight, projBias); // [B, C, H, W]
            spatial.close();
            return out.addi(x);
        });
    }

    private static NDArray conv1x1(NDArray x, Param weight, Param bias) {
        return Conv2d.conv2d(x, weight.array(), bias.array(), new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
    }
}
