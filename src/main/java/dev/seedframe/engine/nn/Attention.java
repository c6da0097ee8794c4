package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;

/**
 * Scaled dot-product attention, {@code softmax(q·kᵀ·scale + mask)·v}, on {@code [B, H, S, D]}
 * tensors (dimension letters: B batch, H heads, S sequence, D head width).
 */
public final class Attention {

    private Attention() {}

    /**
     * @param q {@code [B, H, Sq, D]}
     * @param k {@code [B, H, Sk, D]}
     * @param v {@code [B, H, Sk, D]}
     * @param additiveMask null, or broadcastable to {@code [B, H, Sq, Sk]} (0 = attend, very negative = not)
     * @param scale usually {@code 1/√D}
     */
    public static NDArray sdpa(NDArray q, NDArray k, NDArray v, NDArray additiveMask, float scale) {
        NDArray scores = q.matMul(k.swapAxes(-1, -2)).mul(scale); // [B, H, Sq, Sk]
        if (additiveMask != null) {
            scores = scores.add(additiveMask);
        }
        return scores.softmax(-1).matMul(v); // [B, H, Sq, D]
    }
}
