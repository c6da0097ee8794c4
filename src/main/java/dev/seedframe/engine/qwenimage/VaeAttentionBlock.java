package dev.seedframe.engine.qwenimage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.seedframe.engine.nn.Attention;
import dev.seedframe.engine.nn.Scalars;
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
 * image in the real decoder), so queries are processed in row chunks holding at most
 * {@link #SCORE_BUDGET} scores at a time. Softmax is per query row, so chunking changes nothing.
 *
 * <p>Dimension letters: B batch, C channels, H height, W width, N = H·W positions, Q a chunk of
 * query positions.
 */
final class VaeAttentionBlock implements VaeLayer {

    /** Most attention scores (floats) held at once: 2^25 = 128 MiB. */
    static final long SCORE_BUDGET = 1L << 25;

    private final long channels;
    private final VaeRmsNorm norm;
    private final Param toQkvWeight;
    private final Param toQkvBias;
    private final Param projWeight;
    private final Param projBias;

    VaeAttentionBlock(WeightMap w, int channels) {
        this.channels = channels;
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
            NDArray attended;
            if (Attention.isFused()) {
                // one head over all positions: [B, 1, N, C]
                attended = Scopes.keep(() -> Attention.sdpa(parts.get(0).expandDims(1), parts.get(1).expandDims(1),
                        parts.get(2).expandDims(1), null, (float) (1.0 / Math.sqrt(channels))).squeeze(1));
            } else {
                try (NDArray q = parts.get(0);
                        NDArray kT = parts.get(1).transpose(0, 2, 1); // [B, C, N]
                        NDArray v = parts.get(2)) {
                    attended = attend(q, kT, v, n);
                }
            }
            parts.close();
            NDArray spatial = attended.transpose(0, 2, 1).reshape(b, channels, h, wd); // [B, C, H, W]
            attended.close();
            NDArray out = conv1x1(spatial, projWeight, projBias); // [B, C, H, W]
            spatial.close();
            return out.addi(x);
        });
    }

    /** The unfused fallback: {@code softmax(q·kᵀ/√C)·v} in query chunks: q {@code [B, N, C]}, kT {@code [B, C, N]}, v {@code [B, N, C]}. */
    private NDArray attend(NDArray q, NDArray kT, NDArray v, long n) {
        float scale = (float) (1.0 / Math.sqrt(channels));
        long rows = Math.max(1, Math.min(n, SCORE_BUDGET / Math.max(1, n * q.getShape().get(0))));
        NDList chunks = new NDList();
        for (long s = 0; s < n; s += rows) {
            long start = s;
            long end = Math.min(n, s + rows);
            chunks.add(Scopes.keep(() -> {
                NDArray qc = q.get(new NDIndex(":, {}:{}", start, end)); // [B, Q, C]
                NDArray scores = qc.matMul(kT).muli(Scalars.f32(qc, scale)); // [B, Q, N]
                return scores.softmax(-1).matMul(v); // [B, Q, C]
            }));
        }
        if (chunks.size() == 1) {
            return chunks.singletonOrThrow();
        }
        NDArray all = NDArrays.concat(chunks, 1); // [B, N, C]
        chunks.close();
        return all;
    }

    private static NDArray conv1x1(NDArray x, Param weight, Param bias) {
        return Conv2d.conv2d(x, weight.array(), bias.array(), new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
    }
}
