package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.seedframe.engine.runtime.Scopes;

/**
 * Scaled dot-product attention with DJL operators, {@code softmax(q·kᵀ·scale + mask)·v}: the reference the
 * fused kernel is checked against, and the fallback when Seedframe's TorchScript helper cannot be loaded. f32
 * only. The score matrix is built explicitly, so long sequences run in query chunks of at most {@link
 * #SCORE_BUDGET} scores (every query row's softmax still sees all keys: chunking changes nothing).
 */
public final class MatMulAttention implements AttentionKernel {

    /** Most attention scores (floats) held at once: 2^25 = 128 MiB. */
    public static final long SCORE_BUDGET = 1L << 25;

    @Override
    public NDArray sdpa(NDArray q, NDArray k, NDArray v, NDArray additiveMask, float scale) {
        long[] qs = q.getShape().getShape();
        long sk = k.getShape().get(2);
        long perRow = qs[0] * qs[1] * sk;
        long rows = Math.max(1, SCORE_BUDGET / Math.max(1, perRow));
        if (rows >= qs[2]) {
            return matMulSoftmax(q, k, v, additiveMask, scale);
        }
        boolean maskPerQuery = additiveMask != null && additiveMask.getShape().dimension() == 4
                && additiveMask.getShape().get(2) > 1;
        NDList parts = new NDList();
        for (long start = 0; start < qs[2]; start += rows) {
            NDIndex chunk = new NDIndex(":, :, {}:{}", start, Math.min(qs[2], start + rows));
            parts.add(Scopes.keep(() -> matMulSoftmax(q.get(chunk), k, v,
                    maskPerQuery ? additiveMask.get(chunk) : additiveMask, scale)));
        }
        return NDArrays.concat(parts, 2); // [B, H, Sq, D]
    }

    /** The unchunked formula: {@code softmax(q·kᵀ·scale + mask)·v} (shapes as {@link AttentionKernel#sdpa}). */
    public static NDArray matMulSoftmax(NDArray q, NDArray k, NDArray v, NDArray additiveMask, float scale) {
        NDArray scores;
        try (NDArray s = Tensors.scalar(q, scale)) { // (not op(Number): see Tensors.scalar, autograd)
            scores = q.matMul(k.swapAxes(-1, -2)).mul(s); // [B, H, Sq, Sk]
        }
        if (additiveMask != null) {
            scores = scores.add(additiveMask);
        }
        return scores.softmax(-1).matMul(v); // [B, H, Sq, D]
    }

    @Override
    public String describe() {
        return "matmul-softmax";
    }
}
