package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.nn.Activations;
import dev.seedframe.engine.nn.LayerNorm;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Scalars;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.runtime.torchscript.TorchDtype;
import dev.seedframe.engine.weights.WeightMap;

/**
 * The output norm, mirroring diffusers' {@code AdaLayerNormContinuous(D, D,
 * elementwise_affine=False, eps=1e-6)} (<a
 * href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/normalization.py">normalization.py</a>),
 * checkpoint prefix {@code norm_out}: {@code linear(SiLU(temb))} chunked as (scale, shift) — scale
 * FIRST, unlike the blocks — then {@code LayerNorm(x)·(1 + scale) + shift}.
 *
 * <p>Dimension letters: B batch, N tokens, D width.
 */
public final class AdaLayerNormContinuous {

    /** {@code norm_out = AdaLayerNormContinuous(..., eps=1e-6)} in {@code QwenImageTransformer2DModel}. */
    static final float EPS = 1e-6f;

    private final Linear linear;
    private final LayerNorm norm;

    /** Declares {@code linear} under {@code w} (prefix {@code norm_out}). */
    public AdaLayerNormContinuous(WeightMap w, int embeddingDim, int conditioningDim) {
        this.linear = new Linear(w.prefix("linear"), conditioningDim, 2L * embeddingDim, true);
        this.norm = new LayerNorm(embeddingDim, EPS);
    }

    void initNorm(NDManager manager) {
        norm.init(manager);
    }

    /**
     * @param x {@code [B, N, D]}
     * @param temb {@code [B, D]}
     */
    public NDArray forward(NDArray x, NDArray temb) {
        if (Bf16.isBf16(x)) {
            // emb = linear(silu(temb).to(x.dtype)); scale, shift = chunk(2); norm(x)·(1 + scale) + shift
            SeedframeOps ops = SeedframeOps.require();
            NDArray emb = ops.siluLinear(ops.to(temb, TorchDtype.BFLOAT16), linear.weight().array(),
                    linear.bias().array()); // [B, 2D]
            long d = emb.getShape().get(1) / 2;
            NDArray scale = ops.unsqueeze(ops.narrow(emb, 1, 0, d), 1); // [B, 1, D]
            NDArray shift = ops.unsqueeze(ops.narrow(emb, 1, d, d), 1); // [B, 1, D]
            return ops.modulate(norm.forward(x), shift, scale);
        }
        NDList chunks = linear.forward(Activations.silu(temb)).split(2, 1); // 2 × [B, D]
        NDArray scale = chunks.get(0).expandDims(1); // [B, 1, D]
        NDArray shift = chunks.get(1).expandDims(1); // [B, 1, D]
        return norm.forward(x).mul(scale.add(Scalars.f32(scale, 1f))).add(shift);
    }
}
