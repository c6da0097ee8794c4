package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.seedframe.engine.nn.LayerNorm;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.weights.WeightMap;
import java.util.List;

/**
 * One dual-stream (MMDiT) block, mirroring diffusers' {@code QwenImageTransformerBlock} (<a
 * href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/transformers/transformer_qwenimage.py">transformer_qwenimage.py</a>),
 * checkpoint prefix {@code transformer_blocks.N}.
 *
 * <p>Both streams are modulated from the timestep embedding ({@code img_mod.1}/{@code txt_mod.1} on
 * SiLU(temb), chunked as shift, scale, gate for the attention half then shift, scale, gate for the
 * MLP half), attend jointly, and run their own GELU-tanh MLP. Norms are LayerNorms without affine
 * parameters.
 *
 * <p>Dimension letters: B batch, N image tokens, T text tokens, D inner width.
 */
public final class QwenImageTransformerBlock {

    /** LayerNorm epsilon of the four stream norms ({@code eps=1e-6} in the block's constructor). */
    static final float NORM_EPS = 1e-6f;

    /** Modulation parameters per stream: (shift, scale, gate) × (attention, MLP). */
    static final int MOD_CHUNKS = 6;

    private final Ops ops;
    private final Linear imgMod;
    private final LayerNorm imgNorm1;
    private final QwenDoubleStreamAttention attn;
    private final LayerNorm imgNorm2;
    private final FeedForward imgMlp;
    private final Linear txtMod;
    private final LayerNorm txtNorm1;
    private final LayerNorm txtNorm2;
    private final FeedForward txtMlp;

    /** Declares the parameters under {@code w} (prefix {@code transformer_blocks.N}), computed by {@code ops}. */
    public QwenImageTransformerBlock(WeightMap w, TransformerConfig config, Ops ops) {
        int d = config.innerDim();
        this.ops = ops;
        this.imgMod = ops.newLinear(w.prefix("img_mod.1"), d, (long) MOD_CHUNKS * d, true); // img_mod.0 is SiLU
        this.imgNorm1 = new LayerNorm(ops, NORM_EPS);
        this.attn = new QwenDoubleStreamAttention(w.prefix("attn"), config, ops);
        this.imgNorm2 = new LayerNorm(ops, NORM_EPS);
        this.imgMlp = new FeedForward(w.prefix("img_mlp"), d, ops);
        this.txtMod = ops.newLinear(w.prefix("txt_mod.1"), d, (long) MOD_CHUNKS * d, true); // txt_mod.0 is SiLU
        this.txtNorm1 = new LayerNorm(ops, NORM_EPS);
        this.txtNorm2 = new LayerNorm(ops, NORM_EPS);
        this.txtMlp = new FeedForward(w.prefix("txt_mlp"), d, ops);
    }

    /**
     * The block in diffusers' op order; each op computed by the block's {@link Ops} (bf16: rounded to bf16 as torch
     * does, the layer norms' statistics in f32).
     *
     * @param img image stream {@code [B, N, D]}
     * @param txt text stream {@code [B, T, D]}
     * @param temb timestep embeddings (with {@code zero_cond_t}, the image stream's for {@code [t, 0]})
     * @param rope rotation tables
     * @param additiveMask null or {@code [B, 1, 1, T+N]}
     * @return {@code (txt [B, T, D], img [B, N, D])}, text first as upstream returns them
     */
    NDList forward(NDArray img, NDArray txt, TimestepEmbeds temb, QwenEmbedRope.Freqs rope, NDArray additiveMask) {
        return Scopes.keepAll(() -> {
            NDArray act = ops.silu(temb.image());
            NDArray txtAct = temb.text() == temb.image() ? act : ops.silu(temb.text());
            Modulation imgP = new Modulation(ops.chunks(imgMod.forward(act), MOD_CHUNKS), temb); // 6 × [B, 1, D]
            List<NDArray> txtP = ops.chunks(txtMod.forward(txtAct), MOD_CHUNKS); // 6 × [B, 1, D]

            NDArray imgModulated = imgP.modulate(imgNorm1.forward(img), 0, 1);
            NDArray txtModulated = ops.modulate(txtNorm1.forward(txt), txtP.get(0), txtP.get(1));

            NDList attnOut = attn.forward(imgModulated, txtModulated, rope, additiveMask);
            NDArray x = imgP.addGated(img, 2, attnOut.get(0));
            NDArray c = ops.addGated(txt, txtP.get(2), attnOut.get(1));

            NDArray imgMlpOut = imgMlp.forward(imgP.modulate(imgNorm2.forward(x), 3, 4));
            x = imgP.addGated(x, 5, imgMlpOut);

            NDArray txtMlpOut = txtMlp.forward(ops.modulate(txtNorm2.forward(c), txtP.get(3), txtP.get(4)));
            c = ops.addGated(c, txtP.get(5), txtMlpOut);
            return new NDList(c, x);
        });
    }

    /**
     * The image stream's six modulation parameters. With {@code zero_cond_t} each holds the batch {@code [t, 0]}: the
     * output image's tokens are modulated and gated with {@code t}'s half, the reference images' tokens with 0's (the
     * values diffusers' {@code torch.where(modulate_index == 0, ...)} selects, applied segment by segment).
     */
    private final class Modulation {
        private final List<NDArray> params;
        private final TimestepEmbeds temb;

        Modulation(List<NDArray> params, TimestepEmbeds temb) {
            this.params = params;
            this.temb = temb;
        }

        /** {@code x·(1 + scale) + shift} with parameters {@code shift} and {@code scale} (indices). */
        NDArray modulate(NDArray x, int shift, int scale) {
            if (!splits(x)) {
                return ops.modulate(x, whole(shift), whole(scale));
            }
            long n0 = temb.outputTokens();
            long n = x.getShape().get(1);
            return ops.concat(ops.modulate(ops.narrow(x, 1, 0, n0), half(shift, 0), half(scale, 0)),
                    ops.modulate(ops.narrow(x, 1, n0, n - n0), half(shift, 1), half(scale, 1)), 1);
        }

        /** {@code x + gate·y} with parameter {@code gate} (index). */
        NDArray addGated(NDArray x, int gate, NDArray y) {
            if (!splits(x)) {
                return ops.addGated(x, whole(gate), y);
            }
            long n0 = temb.outputTokens();
            long n = x.getShape().get(1);
            return ops.concat(ops.addGated(ops.narrow(x, 1, 0, n0), half(gate, 0), ops.narrow(y, 1, 0, n0)),
                    ops.addGated(ops.narrow(x, 1, n0, n - n0), half(gate, 1), ops.narrow(y, 1, n0, n - n0)), 1);
        }

        /** Whether tokens take different parameters: zero_cond_t with reference-image tokens present. */
        private boolean splits(NDArray x) {
            return temb.zeroCondT() && temb.outputTokens() < x.getShape().get(1);
        }

        /** Parameter {@code i} for every token: itself, or with {@code zero_cond_t} its {@code t} half. */
        private NDArray whole(int i) {
            return temb.zeroCondT() ? half(i, 0) : params.get(i);
        }

        /** Half {@code h} (0: t, 1: timestep 0) of parameter {@code i}: {@code [Bt, 1, D]}. */
        private NDArray half(int i, int h) {
            NDArray p = params.get(i);
            long bt = p.getShape().get(0) / 2;
            return ops.narrow(p, 0, h * bt, bt);
        }
    }

    /** Every Linear of the block (modulations, attention projections, both MLPs), for int8 quantisation. */
    public List<Linear> linears() {
        List<Linear> out = new java.util.ArrayList<>(List.of(imgMod, txtMod));
        out.addAll(attn.linears());
        out.addAll(imgMlp.linears());
        out.addAll(txtMlp.linears());
        return out;
    }

    /**
     * diffusers' {@code FeedForward(dim, dim_out=dim, activation_fn="gelu-approximate")}: {@code
     * net.0.proj} (D → 4D) with tanh GELU, {@code net.1} dropout, {@code net.2} (4D → D).
     */
    static final class FeedForward {

        /** Hidden width multiplier: {@code FeedForward}'s default {@code mult=4}. */
        static final int MULT = 4;

        private final Ops ops;
        private final Linear net0Proj;
        private final Linear net2;

        FeedForward(WeightMap w, int dim, Ops ops) {
            this.ops = ops;
            this.net0Proj = ops.newLinear(w.prefix("net.0.proj"), dim, (long) MULT * dim, true);
            this.net2 = ops.newLinear(w.prefix("net.2"), (long) MULT * dim, dim, true);
        }

        List<Linear> linears() {
            return List.of(net0Proj, net2);
        }

        NDArray forward(NDArray x) {
            return net2.forward(ops.geluTanh(net0Proj.forward(x)));
        }
    }
}
