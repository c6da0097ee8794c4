package dev.seedframe.engine;

import java.util.Locale;

/**
 * Which implementation of scaled dot-product attention a model is opened with ({@link EngineOptions#attention()}).
 * Both compute {@code softmax(q·kᵀ·scale + mask)·v}; they differ by float noise (about 1e-6 in f32), so the one
 * used is recorded with every generation (the environment's {@code attention} field) and replay names it.
 *
 * <ul>
 *   <li>{@link #FUSED} (default): libtorch's {@code scaled_dot_product_attention} through Seedframe's TorchScript
 *       helper, which never builds the whole score matrix. When the helper cannot be loaded the model falls back
 *       to {@link #MATMUL}, says so in the log, and records what it ran.
 *   <li>{@link #MATMUL}: {@code matMul} + {@code softmax} + {@code matMul} with DJL operators, in query chunks
 *       when the score matrix would be large. A bf16 model's joint attention always runs fused (bf16 lives only
 *       in the helper).
 * </ul>
 */
public enum AttentionChoice {
    FUSED,
    MATMUL;

    /** The option spelling: {@code fused}, {@code matmul}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an {@link #id()} (any case). */
    public static AttentionChoice parse(String s) {
        for (AttentionChoice c : values()) {
            if (c.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown attention '" + s + "': use fused or matmul");
    }
}
