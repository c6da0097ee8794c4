package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.nn.RmsNorm;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.weights.WeightMap;

/**
 * Joint text/image attention of one dual-stream block: diffusers' {@code Attention} module with
 * {@code QwenDoubleStreamAttnProcessor2_0} (<a
 * href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/transformers/transformer_qwenimage.py">transformer_qwenimage.py</a>),
 * checkpoint prefix {@code transformer_blocks.N.attn}.
 *
 * <p>Each stream projects its own q/k/v ({@code to_q/to_k/to_v} for the image, {@code
 * add_q_proj/add_k_proj/add_v_proj} for the text), normalises q and k per head with RMSNorm, rotates
 * them with the interleaved-pair RoPE, then both streams attend over the joint sequence with the
 * TEXT tokens first. The output is split back and projected by {@code to_out.0} (image) and {@code
 * to_add_out} (text).
 *
 * <p>Dimension letters: B batch, N image tokens, T text tokens, S = T + N joint tokens, D inner width,
 * H heads, K head width, P = K/2 rotation pairs.
 */
public final class QwenDoubleStreamAttention {

    /** RMSNorm epsilon of the q/k norms ({@code QwenImageTransformerBlock}: {@code eps=1e-6}). */
    static final float QK_NORM_EPS = 1e-6f;

    private final Ops ops;
    private final int heads;
    private final int headDim;

    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear addQProj;
    private final Linear addKProj;
    private final Linear addVProj;
    private final Linear toOut;
    private final Linear toAddOut;
    private final RmsNorm normQ;
    private final RmsNorm normK;
    private final RmsNorm normAddedQ;
    private final RmsNorm normAddedK;

    /** Declares the parameters under {@code w} (the block's {@code attn} prefix). */
    public QwenDoubleStreamAttention(WeightMap w, TransformerConfig config, Ops ops) {
        this.ops = ops;
        this.heads = config.numAttentionHeads();
        this.headDim = config.attentionHeadDim();
        int d = config.innerDim();
        this.toQ = ops.newLinear(w.prefix("to_q"), d, d, true);
        this.toK = ops.newLinear(w.prefix("to_k"), d, d, true);
        this.toV = ops.newLinear(w.prefix("to_v"), d, d, true);
        this.addQProj = ops.newLinear(w.prefix("add_q_proj"), d, d, true);
        this.addKProj = ops.newLinear(w.prefix("add_k_proj"), d, d, true);
        this.addVProj = ops.newLinear(w.prefix("add_v_proj"), d, d, true);
        this.toOut = ops.newLinear(w.prefix("to_out.0"), d, d, true); // to_out.1 is dropout
        this.toAddOut = ops.newLinear(w.prefix("to_add_out"), d, d, true);
        this.normQ = new RmsNorm(ops, w.prefix("norm_q"), headDim, QK_NORM_EPS);
        this.normK = new RmsNorm(ops, w.prefix("norm_k"), headDim, QK_NORM_EPS);
        this.normAddedQ = new RmsNorm(ops, w.prefix("norm_added_q"), headDim, QK_NORM_EPS);
        this.normAddedK = new RmsNorm(ops, w.prefix("norm_added_k"), headDim, QK_NORM_EPS);
    }

    /**
     * @param img modulated image stream {@code [B, N, D]}
     * @param txt modulated text stream {@code [B, T, D]}
     * @param rope rotation tables for these N and T
     * @param additiveMask null, or {@code [B, 1, 1, S]} with 0 (attend) / −∞ (padding key)
     * @return {@code (image output [B, N, D], text output [B, T, D])}
     */
    public NDList forward(NDArray img, NDArray txt, QwenEmbedRope.Freqs rope, NDArray additiveMask) {
        return Scopes.keepAll(() -> {
            long b = img.getShape().get(0);
            long n = img.getShape().get(1);
            long t = txt.getShape().get(1);

            NDArray imgQ = ops.ropePairs(normQ.forward(heads(toQ.forward(img), b, n)), rope.imgCos(), rope.imgSin());
            NDArray imgK = ops.ropePairs(normK.forward(heads(toK.forward(img), b, n)), rope.imgCos(), rope.imgSin());
            NDArray imgV = heads(toV.forward(img), b, n);
            NDArray txtQ = ops.ropePairs(normAddedQ.forward(heads(addQProj.forward(txt), b, t)), rope.txtCos(),
                    rope.txtSin());
            NDArray txtK = ops.ropePairs(normAddedK.forward(heads(addKProj.forward(txt), b, t)), rope.txtCos(),
                    rope.txtSin());
            NDArray txtV = heads(addVProj.forward(txt), b, t);

            float scale = (float) (1.0 / Math.sqrt(headDim));
            NDArray joint = ops.jointAttention(txtQ, imgQ, txtK, imgK, txtV, imgV, additiveMask, scale); // [B, S, D]
            NDArray txtOut = toAddOut.forward(ops.narrow(joint, 1, 0, t)); // [B, T, D]
            NDArray imgOut = toOut.forward(ops.narrow(joint, 1, t, n)); // [B, N, D]
            return new NDList(imgOut, txtOut);
        });
    }

    /** The eight projections (q/k/v and output of both streams), for int8 quantisation. */
    java.util.List<Linear> linears() {
        return java.util.List.of(toQ, toK, toV, addQProj, addKProj, addVProj, toOut, toAddOut);
    }

    /** {@code [B, L, D] -> [B, L, H, K]}. */
    private NDArray heads(NDArray x, long b, long len) {
        return x.reshape(b, len, heads, headDim); // [B, L, H, K]
    }
}
