package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.AttentionChoice;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.runtime.EngineRuntime;
import org.slf4j.LoggerFactory;

/**
 * One implementation of scaled dot-product attention, {@code softmax(q·kᵀ·scale + mask)·v}, on {@code [B, H, S, D]}
 * tensors (B batch, H heads, S sequence, D head width): {@link FusedAttention} or {@link MatMulAttention}, chosen
 * when a model opens ({@link dev.seedframe.engine.AttentionChoice}) and reached through {@link Ops#attention()}.
 */
public interface AttentionKernel {

    /**
     * @param q {@code [B, H, Sq, D]}
     * @param k {@code [B, H, Sk, D]}
     * @param v {@code [B, H, Sk, D]}
     * @param additiveMask null, or broadcastable to {@code [B, H, Sq, Sk]} (0 = attend, very negative = not)
     * @param scale usually {@code 1/√D}
     * @return {@code [B, H, Sq, D]}
     */
    NDArray sdpa(NDArray q, NDArray k, NDArray v, NDArray additiveMask, float scale);

    /** The implementation in words, as the engine environment records it. */
    String describe();

    /**
     * The kernel {@code choice} gives on {@code runtime}: {@link AttentionChoice#FUSED} needs the TorchScript helper
     * and, when it cannot be loaded, falls back to {@link MatMulAttention} with a warning in the log (the environment
     * records what runs).
     */
    static AttentionKernel choose(EngineRuntime runtime, AttentionChoice choice) {
        if (choice == AttentionChoice.MATMUL) {
            return new MatMulAttention();
        }
        try {
            return new FusedAttention(runtime.helper());
        } catch (EngineException e) {
            LoggerFactory.getLogger(AttentionKernel.class)
                    .warn("Fused attention is unavailable, using matMul + softmax: {}", e.getMessage());
            return new MatMulAttention();
        }
    }
}
