package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.runtime.torchscript.TorchDtype;
import java.util.Objects;

/**
 * libtorch's {@code scaled_dot_product_attention} through Seedframe's TorchScript helper ({@link SeedframeOps#sdpa}).
 * On the CPU libtorch runs its flash-attention kernel (also with an additive mask), which never materialises the
 * {@code [Sq, Sk]} score matrix: 2x (1 thread) to 3.7x (2 threads) faster than matmul at {@code [1, 24, 1024, 128]}.
 * It also takes bf16 q/k/v. It differs from {@link MatMulAttention} by float noise (max abs ~4e-7..1.3e-6 in f32
 * on random inputs).
 */
public final class FusedAttention implements AttentionKernel {

    private final SeedframeOps helper;
    private final TorchDtype compute;

    /** Computes in the inputs' dtype. */
    public FusedAttention(SeedframeOps helper) {
        this(helper, null);
    }

    /**
     * Rounds f32 (or f16) q, k and v to {@code compute} ({@code BFLOAT16} or {@code FLOAT16}) for the kernel and
     * returns the result in the input dtype: on a GPU what lets SDPA pick its flash kernel (half precision only);
     * on the CPU the bf16 attention whose error {@code FusedAttentionParityTest} measures. Null: the input dtype.
     */
    public FusedAttention(SeedframeOps helper, TorchDtype compute) {
        this.helper = Objects.requireNonNull(helper, "helper");
        if (compute != null && compute != TorchDtype.BFLOAT16 && compute != TorchDtype.FLOAT16) {
            throw new IllegalArgumentException("Fused attention computes in the input dtype, bf16 or f16, not "
                    + compute);
        }
        this.compute = compute;
    }

    @Override
    public NDArray sdpa(NDArray q, NDArray k, NDArray v, NDArray additiveMask, float scale) {
        TorchDtype input = q.getDataType() == DataType.FLOAT32 ? TorchDtype.FLOAT32
                : q.getDataType() == DataType.FLOAT16 ? TorchDtype.FLOAT16 : null;
        if (compute == null || input == null || input == compute) {
            return helper.sdpa(q, k, v, additiveMask, scale);
        }
        return Scopes.keep(() -> helper.to(
                helper.sdpa(helper.to(q, compute), helper.to(k, compute), helper.to(v, compute), additiveMask, scale),
                input));
    }

    @Override
    public String describe() {
        String in = compute == null ? "" : compute == TorchDtype.BFLOAT16 ? " in bf16" : " in f16";
        return "sdpa (fused, TorchScript)" + in;
    }
}
