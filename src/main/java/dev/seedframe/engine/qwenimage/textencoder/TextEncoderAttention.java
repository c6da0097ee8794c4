package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.weights.WeightMap;

/**
 * Self-attention of a text decoder layer: transformers {@code Qwen2_5_VLAttention}
 * ({@code models/qwen2_5_vl/modeling_qwen2_5_vl.py}). q/k/v projections with bias, o without;
 * MRoPE on q and k; grouped-query attention (each key/value head serves {@code H / Hkv} consecutive
 * query heads, as {@code repeat_kv} does); scale {@code 1/√Dh}; causal + padding mask given additively.
 *
 * <p>Dimension letters: B batch, S sequence, D model width, H query heads, Hkv key/value heads,
 * Dh head width.
 */
final class TextEncoderAttention {

    final Linear qProj;
    final Linear kProj;
    final Linear vProj;
    final Linear oProj;

    private final Ops ops;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final float scale;

    TextEncoderAttention(WeightMap w, TextEncoderConfig c, Ops ops) {
        this.ops = ops;
        heads = c.numAttentionHeads();
        kvHeads = c.numKeyValueHeads();
        headDim = c.headDim();
        scale = (float) (1.0 / Math.sqrt(headDim));
        qProj = ops.newLinear(w.prefix("q_proj"), c.hiddenSize(), (long) heads * headDim, true);
        kProj = ops.newLinear(w.prefix("k_proj"), c.hiddenSize(), (long) kvHeads * headDim, true);
        vProj = ops.newLinear(w.prefix("v_proj"), c.hiddenSize(), (long) kvHeads * headDim, true);
        oProj = ops.newLinear(w.prefix("o_proj"), (long) heads * headDim, c.hiddenSize(), false);
    }

    /**
     * @param x {@code [B, S, D]}
     * @param rope cos/sin tables {@code [B, 1, S, Dh]}
     * @param additiveMask {@code [B, 1, S, S]}
     * @return {@code [B, S, D]}
     */
    NDArray forward(NDArray x, TextEncoderRotaryEmbedding.Tables rope, NDArray additiveMask) {
        long b = x.getShape().get(0);
        long s = x.getShape().get(1);
        NDArray q = qProj.forward(x).reshape(b, s, heads, headDim).transpose(0, 2, 1, 3); // [B, H, S, Dh]
        NDArray k = kProj.forward(x).reshape(b, s, kvHeads, headDim).transpose(0, 2, 1, 3); // [B, Hkv, S, Dh]
        NDArray v = vProj.forward(x).reshape(b, s, kvHeads, headDim).transpose(0, 2, 1, 3); // [B, Hkv, S, Dh]
        q = rope.apply(q);
        k = rope.apply(k);
        int groups = heads / kvHeads;
        if (groups > 1) {
            k = k.repeat(1, groups); // [B, H, S, Dh], kv head j serves query heads j·groups .. j·groups+groups-1
            v = v.repeat(1, groups); // [B, H, S, Dh]
        }
        NDArray out = ops.attention().sdpa(q, k, v, additiveMask, scale); // [B, H, S, Dh]
        out = out.transpose(0, 2, 1, 3).reshape(b, s, (long) heads * headDim); // [B, S, H·Dh]
        return oProj.forward(out); // [B, S, D]
    }
}
