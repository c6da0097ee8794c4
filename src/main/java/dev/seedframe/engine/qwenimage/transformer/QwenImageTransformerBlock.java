package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.seedframe.engine.nn.Activations;
import dev.seedframe.engine.nn.LayerNorm;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Scalars;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
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

    private final Linear imgMod;
    private final LayerNorm imgNorm1;
    private final QwenDoubleStreamAttention attn;
    private final LayerNorm imgNorm2;
    private final FeedForward imgMlp;
    private final Linear txtMod;
    private final LayerNorm txtNorm1;
    private final LayerNorm txtNorm2;
    private final FeedForward txtMlp;

    /** Declares the parameters under {@code w} (prefix {@code transformer_blocks.N}). */
    public QwenImageTransformerBlock(WeightMap w, TransformerConfig config) {
        int d = config.innerDim();
        this.imgMod = new Linear(w.prefix("img_mod.1"), d, (long) MOD_CHUNKS * d, true); // img_mod.0 is SiLU
        this.imgNorm1 = new LayerNorm(d, NORM_EPS);
        this.attn = new QwenDoubleStreamAttention(w.prefix("attn"), config);
        this.imgNorm2 = new LayerNorm(d, NORM_EPS);
        this.imgMlp = new FeedForward(w.prefix("img_mlp"), d);
        this.txtMod = new Linear(w.prefix("txt_mod.1"), d, (long) MOD_CHUNKS * d, true); // txt_mod.0 is SiLU
        this.txtNorm1 = new LayerNorm(d, NORM_EPS);
        this.txtNorm2 = new LayerNorm(d, NORM_EPS);
        this.txtMlp = new FeedForward(w.prefix("txt_mlp"), d);
    }

    /** Creates the norms' constant gamma/beta on the model manager (call once after loading). */
    void initNorms(ai.djl.ndarray.NDManager manager) {
        for (LayerNorm n : List.of(imgNorm1, imgNorm2, txtNorm1, txtNorm2)) {
            n.init(manager);
        }
    }

    /**
     * @param img image stream {@code [B, N, D]}
     * @param txt text stream {@code [B, T, D]}
     * @param temb timestep embedding {@code [B, D]}
     * @param rope rotation tables
     * @param additiveMask null or {@code [B, 1, 1, T+N]}
     * @return {@code (txt [B, T, D], img [B, N, D])}, text first as upstream returns them
     */
    public NDList forward(NDArray img, NDArray txt, NDArray temb, QwenEmbedRope.Freqs rope, NDArray additiveMask) {
        if (Bf16.isBf16(img)) {
            return forwardBf16(img, txt, temb, rope, additiveMask);
        }
        return Scopes.keepAll(() -> {
            NDArray act = Activations.silu(temb);
            NDList imgP = modulation(imgMod.forward(act)); // 6 × [B, 1, D]
            NDList txtP = modulation(txtMod.forward(act)); // 6 × [B, 1, D]

            NDArray imgModulated = modulate(imgNorm1.forward(img), imgP.get(0), imgP.get(1));
            NDArray txtModulated = modulate(txtNorm1.forward(txt), txtP.get(0), txtP.get(1));

            NDList attnOut = attn.forward(imgModulated, txtModulated, rope, additiveMask);
            NDArray x = img.add(imgP.get(2).mul(attnOut.get(0)));
            NDArray c = txt.add(txtP.get(2).mul(attnOut.get(1)));

            NDArray imgMlpOut = imgMlp.forward(modulate(imgNorm2.forward(x), imgP.get(3), imgP.get(4)));
            x = x.add(imgP.get(5).mul(imgMlpOut));

            NDArray txtMlpOut = txtMlp.forward(modulate(txtNorm2.forward(c), txtP.get(3), txtP.get(4)));
            c = c.add(txtP.get(5).mul(txtMlpOut));
            return new NDList(c, x);
        });
    }

    /**
     * The same block with bf16 streams, every operation through the TorchScript helper in diffusers' order
     * (each op rounded to bf16 as torch does; the layer norms' statistics in f32).
     */
    private NDList forwardBf16(NDArray img, NDArray txt, NDArray temb, QwenEmbedRope.Freqs rope,
            NDArray additiveMask) {
        SeedframeOps ops = SeedframeOps.require();
        return Scopes.keepAll(() -> {
            NDArray imgParams = ops.siluLinear(temb, imgMod.weight().array(), imgMod.bias().array()); // [B, 6D]
            NDArray txtParams = ops.siluLinear(temb, txtMod.weight().array(), txtMod.bias().array()); // [B, 6D]
            NDArray[] imgP = modulationBf16(ops, imgParams); // 6 × [B, 1, D]
            NDArray[] txtP = modulationBf16(ops, txtParams); // 6 × [B, 1, D]

            NDArray imgModulated = ops.modulate(imgNorm1.forward(img), imgP[0], imgP[1]);
            NDArray txtModulated = ops.modulate(txtNorm1.forward(txt), txtP[0], txtP[1]);

            NDList attnOut = attn.forward(imgModulated, txtModulated, rope, additiveMask);
            NDArray x = ops.addGated(img, imgP[2], attnOut.get(0));
            NDArray c = ops.addGated(txt, txtP[2], attnOut.get(1));

            NDArray imgMlpOut = imgMlp.forward(ops.modulate(imgNorm2.forward(x), imgP[3], imgP[4]));
            x = ops.addGated(x, imgP[5], imgMlpOut);

            NDArray txtMlpOut = txtMlp.forward(ops.modulate(txtNorm2.forward(c), txtP[3], txtP[4]));
            c = ops.addGated(c, txtP[5], txtMlpOut);
            return new NDList(c, x);
        });
    }

    /** bf16 {@code [B, 6D]} → the six {@code [B, 1, D]} chunks (views), through the helper. */
    private static NDArray[] modulationBf16(SeedframeOps ops, NDArray params) {
        long d = params.getShape().get(1) / MOD_CHUNKS;
        NDArray[] out = new NDArray[MOD_CHUNKS];
        for (int i = 0; i < MOD_CHUNKS; i++) {
            out[i] = ops.unsqueeze(ops.narrow(params, 1, i * d, d), 1); // [B, 1, D]
        }
        return out;
    }

    /** Every Linear of the block (modulations, attention projections, both MLPs), for int8 quantisation. */
    java.util.List<Linear> linears() {
        java.util.List<Linear> out = new java.util.ArrayList<>(List.of(imgMod, txtMod));
        out.addAll(attn.linears());
        out.addAll(imgMlp.linears());
        out.addAll(txtMlp.linears());
        return out;
    }

    /** {@code [B, 6D]} → shift1, scale1, gate1, shift2, scale2, gate2, each {@code [B, 1, D]}. */
    private static NDList modulation(NDArray params) {
        NDList out = new NDList();
        for (NDArray p : params.split(MOD_CHUNKS, 1)) {
            out.add(p.expandDims(1)); // [B, 1, D]
        }
        return out;
    }

    /** {@code x·(1 + scale) + shift}. */
    private static NDArray modulate(NDArray normed, NDArray shift, NDArray scale) {
        return normed.mul(scale.add(Scalars.f32(scale, 1f))).add(shift);
    }

    /**
     * diffusers' {@code FeedForward(dim, dim_out=dim, activation_fn="gelu-approximate")}: {@code
     * net.0.proj} (D → 4D) with tanh GELU, {@code net.1} dropout, {@code net.2} (4D → D).
     */
    static final class FeedForward {

        /** Hidden width multiplier: {@code FeedForward}'s default {@code mult=4}. */
        static final int MULT = 4;

        private final Linear net0Proj;
        private final Linear net2;

        FeedForward(WeightMap w, int dim) {
            this.net0Proj = new Linear(w.prefix("net.0.proj"), dim, (long) MULT * dim, true);
            this.net2 = new Linear(w.prefix("net.2"), (long) MULT * dim, dim, true);
        }

        List<Linear> linears() {
            return List.of(net0Proj, net2);
        }

        NDArray forward(NDArray x) {
            if (Bf16.isBf16(x)) {
                return SeedframeOps.require().ffnGeluTanh(x, net0Proj.weight().array(), net0Proj.bias().array(),
                        net2.weight().array(), net2.bias().array());
            }
            return net2.forward(Activations.geluTanh(net0Proj.forward(x)));
        }
    }
}
