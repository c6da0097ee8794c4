package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.LayerNorm;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.weights.WeightMap;
import java.util.List;

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

    private final Ops ops;
    private final Linear linear;
    private final LayerNorm norm;

    /** Declares {@code linear} under {@code w} (prefix {@code norm_out}), computed by {@code ops}. */
    public AdaLayerNormContinuous(WeightMap w, int embeddingDim, int conditioningDim, Ops ops) {
        this.ops = ops;
        this.linear = ops.newLinear(w.prefix("linear"), conditioningDim, 2L * embeddingDim, true);
        this.norm = new LayerNorm(ops, EPS);
    }

    /**
     * {@code emb = linear(silu(temb).to(x.dtype))}; {@code scale, shift = emb.chunk(2)}; {@code norm(x)·(1 + scale)
     * + shift}.
     *
     * @param x {@code [B, N, D]}
     * @param temb {@code [B, D]}
     */
    public NDArray forward(NDArray x, NDArray temb) {
        List<NDArray> chunks = ops.chunks(linear.forward(ops.silu(ops.toCompute(temb))), 2); // 2 × [B, 1, D]
        return ops.modulate(norm.forward(x), chunks.get(1), chunks.get(0)); // scale first, then shift
    }
}
