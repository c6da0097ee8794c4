package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.LayerNorm(dim, elementwise_affine=False, eps)} over the last axis, computed by an {@link Ops}. */
public final class LayerNorm {

    private final Ops ops;
    private final float eps;

    public LayerNorm(Ops ops, float eps) {
        this.ops = ops;
        this.eps = eps;
    }

    public NDArray forward(NDArray x) {
        return ops.layerNorm(x, eps);
    }
}
