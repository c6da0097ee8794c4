package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.seedframe.engine.nn.Attention;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.RmsNorm;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
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

    /**
     * Upper bound on attention scores materialised at once (elements, B·H·rows·S). Longer joint
     * sequences (an edit call has ~18k tokens) are processed in query chunks; every query row's
     * softmax still sees all keys, so the result is the same.
     */
    static final long SCORE_BUDGET = 1L << 25;

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
    public QwenDoubleStreamAttention(WeightMap w, TransformerConfig config) {
        this.heads = config.numAttentionHeads();
        this.headDim = config.attentionHeadDim();
        int d = config.innerDim();
        this.toQ = new Linear(w.prefix("to_q"), d, d, true);
        this.toK = new Linear(w.prefix("to_k"), d, d, true);
        this.toV = new Linear(w.prefix("to_v"), d, d, true);
        this.addQProj = new Linear(w.prefix("add_q_proj"), d, d, true);
        this.addKProj = new Linear(w.prefix("add_k_proj"), d, d, true);
        this.addVProj = new Linear(w.prefix("add_v_proj"), d, d, true);
        this.toOut = new Linear(w.prefix("to_out.0"), d, d, true); // to_out.1 is dropout
        this.toAddOut = new Linear(w.prefix("to_add_out"), d, d, true);
        this.normQ = new RmsNorm(w.prefix("norm_q"), headDim, QK_NORM_EPS);
        this.normK = new RmsNorm(w.prefix("norm_k"), headDim, QK_NORM_EPS);
        this.normAddedQ = new RmsNorm(w.prefix("norm_added_q"), headDim, QK_NORM_EPS);
        this.normAddedK = new RmsNorm(w.prefix("norm_added_k"), headDim, QK_NORM_EPS);
    }

    /**
     * @param img modulated image stream {@code [B, N, D]}
     * @param txt modulated text stream {@code [B, T, D]}
     * @param rope rotation tables for these N and T
     * @param additiveMask null, or {@code [B, 1, 1, S]} with 0 (attend) / −∞ (padding key)
     * @return {@code (image output [B, N, D], text output [B, T, D])}
     */
    public NDList forward(NDArray img, NDArray txt, QwenEmbedRope.Freqs rope, NDArray additiveMask) {
        if (Bf16.isBf16(img)) {
            return forwardBf16(img, txt, rope, additiveMask);
        }
        return Scopes.keepAll(() -> {
            long b = img.getShape().get(0);
            long n = img.getShape().get(1);
            long t = txt.getShape().get(1);

            NDArray imgQ = rotate(normQ.forward(heads(toQ.forward(img), b, n)), rope.imgCos(), rope.imgSin());
            NDArray imgK = rotate(normK.forward(heads(toK.forward(img), b, n)), rope.imgCos(), rope.imgSin());
            NDArray imgV = heads(toV.forward(img), b, n);
            NDArray txtQ = rotate(normAddedQ.forward(heads(addQProj.forward(txt), b, t)), rope.txtCos(), rope.txtSin());
            NDArray txtK = rotate(normAddedK.forward(heads(addKProj.forward(txt), b, t)), rope.txtCos(), rope.txtSin());
            NDArray txtV = heads(addVProj.forward(txt), b, t);

            // joint sequence, text first: [B, S, H, K] -> [B, H, S, K]
            NDArray q = txtQ.concat(imgQ, 1).transpose(0, 2, 1, 3); // [B, H, S, K]
            NDArray k = txtK.concat(imgK, 1).transpose(0, 2, 1, 3); // [B, H, S, K]
            NDArray v = txtV.concat(imgV, 1).transpose(0, 2, 1, 3); // [B, H, S, K]

            float scale = (float) (1.0 / Math.sqrt(headDim));
            NDArray joint = attend(q, k, v, additiveMask, scale)
                    .transpose(0, 2, 1, 3) // [B, S, H, K]
                    .reshape(b, t + n, (long) heads * headDim); // [B, S, D]

            NDArray txtOut = toAddOut.forward(joint.get(":, :{}", t)); // [B, T, D]
            NDArray imgOut = toOut.forward(joint.get(":, {}:", t)); // [B, N, D]
            return new NDList(imgOut, txtOut);
        });
    }

    /**
     * The bf16 path, through the TorchScript helper only: projections, per-head RMSNorm (f32 statistics,
     * rounded to the weight's bf16), RoPE in f32 rounded once ({@code apply_rotary_emb_qwen} widens to f32),
     * fused SDPA in bf16 with the f32 mask converted to bf16 ({@code -inf} stays {@code -inf}).
     */
    private NDList forwardBf16(NDArray img, NDArray txt, QwenEmbedRope.Freqs rope, NDArray additiveMask) {
        SeedframeOps ops = SeedframeOps.require();
        return Scopes.keepAll(() -> {
            long t = txt.getShape().get(1);
            long n = img.getShape().get(1);
            NDArray imgQ = ops.ropePairs(normQ.forward(projectHeads(ops, toQ, img)), rope.imgCos(), rope.imgSin());
            NDArray imgK = ops.ropePairs(normK.forward(projectHeads(ops, toK, img)), rope.imgCos(), rope.imgSin());
            NDArray imgV = projectHeads(ops, toV, img); // [B, N, H, K]
            NDArray txtQ = ops.ropePairs(normAddedQ.forward(projectHeads(ops, addQProj, txt)), rope.txtCos(),
                    rope.txtSin());
            NDArray txtK = ops.ropePairs(normAddedK.forward(projectHeads(ops, addKProj, txt)), rope.txtCos(),
                    rope.txtSin());
            NDArray txtV = projectHeads(ops, addVProj, txt); // [B, T, H, K]
            float scale = (float) (1.0 / Math.sqrt(headDim));
            NDArray joint = ops.jointSdpa(txtQ, imgQ, txtK, imgK, txtV, imgV, additiveMask, scale); // [B, S, D]
            NDArray txtOut = toAddOut.forward(ops.narrow(joint, 1, 0, t)); // [B, T, D]
            NDArray imgOut = toOut.forward(ops.narrow(joint, 1, t, n)); // [B, N, D]
            return new NDList(imgOut, txtOut);
        });
    }

    /** {@code linear(x).unflatten(-1, (H, K))}: {@code [B, L, D] -> [B, L, H, K]} in x's dtype. */
    private NDArray projectHeads(SeedframeOps ops, Linear proj, NDArray x) {
        return ops.linearHeads(x, proj.weight().array(), proj.bias().array(), heads);
    }

    /** The eight projections (q/k/v and output of both streams), for int8 quantisation. */
    java.util.List<Linear> linears() {
        return java.util.List.of(toQ, toK, toV, addQProj, addKProj, addVProj, toOut, toAddOut);
    }

    /** {@code [B, L, D] -> [B, L, H, K]}. */
    private NDArray heads(NDArray x, long b, long len) {
        return x.reshape(b, len, heads, headDim); // [B, L, H, K]
    }

    /**
     * Interleaved-pair rotation ({@code apply_rotary_emb_qwen(use_real=False)}): channels (2p, 2p+1)
     * are one complex number, multiplied by {@code cos + i·sin} of pair p.
     *
     * @param x {@code [B, L, H, K]}
     * @param cos {@code [L, 1, P]}
     * @param sin {@code [L, 1, P]}
     */
    static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        long[] s = x.getShape().getShape();
        NDArray pairs = x.reshape(s[0], s[1], s[2], s[3] / 2, 2); // [B, L, H, P, 2]
        NDArray re = pairs.get("..., 0"); // [B, L, H, P]
        NDArray im = pairs.get("..., 1"); // [B, L, H, P]
        NDArray outRe = re.mul(cos).sub(im.mul(sin));
        NDArray outIm = re.mul(sin).add(im.mul(cos));
        return outRe.stack(outIm, -1) // [B, L, H, P, 2]
                .reshape(s); // [B, L, H, K]
    }

    /**
     * SDPA over {@code [B, H, S, K]}. The fused kernel needs memory in proportion to S, so it runs in one
     * call; the matMul+softmax fallback runs in query chunks when the score matrix would be large.
     */
    static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray additiveMask, float scale) {
        if (Attention.isFused()) {
            return Attention.sdpa(q, k, v, additiveMask, scale);
        }
        long[] qs = q.getShape().getShape();
        long sk = k.getShape().get(2);
        long perRow = qs[0] * qs[1] * sk;
        long rows = Math.max(1, SCORE_BUDGET / Math.max(1, perRow));
        if (rows >= qs[2]) {
            return Attention.sdpa(q, k, v, additiveMask, scale);
        }
        NDList parts = new NDList();
        for (long start = 0; start < qs[2]; start += rows) {
            long from = start;
            long to = Math.min(qs[2], start + rows);
            parts.add(Scopes.keep(() -> Attention.sdpa(q.get(":, :, {}:{}", from, to), k, v, additiveMask, scale)));
        }
        return NDArrays.concat(parts, 2); // [B, H, S, K]
    }
}
