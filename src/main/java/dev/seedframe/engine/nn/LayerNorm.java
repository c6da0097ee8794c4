package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;

/**
 * {@code torch.nn.LayerNorm(dim, elementwise_affine=False, eps)} over the last axis. DJL's layer norm
 * needs gamma and beta, so this holds constant ones and zeros (created once, on the model's manager).
 */
public final class LayerNorm {

    private final long dim;
    private final float eps;
    private NDArray ones;
    private NDArray zeros;

    public LayerNorm(long dim, float eps) {
        this.dim = dim;
        this.eps = eps;
    }

    /**
     * Creates the constant gamma/beta on the model's manager; call once after loading. They belong to
     * the manager, never to a caller's {@link ai.djl.ndarray.NDScope}.
     */
    public void init(NDManager manager) {
        if (ones == null) {
            ones = manager.ones(new Shape(dim));
            zeros = manager.zeros(new Shape(dim));
            ai.djl.ndarray.NDScope.unregister(ones, zeros);
        }
    }

    /** The norm; a bf16 x is normalised in f32 by the TorchScript helper and rounded back to bf16. */
    public NDArray forward(NDArray x) {
        if (Bf16.isBf16(x)) {
            return SeedframeOps.require().layerNorm(x, eps);
        }
        if (ones == null) {
            throw new IllegalStateException("LayerNorm used before init(manager)");
        }
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(dim), ones, zeros, eps).singletonOrThrow();
    }
}
