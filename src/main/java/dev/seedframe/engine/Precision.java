package dev.seedframe.engine;

import java.util.Locale;

/**
 * The compute dtype of the denoiser. The CPU always computes in f32 (f16/bf16 matmuls are ~70× slower on
 * an AVX2 CPU, see docs/STACK.md); bf16 is the GPU's dtype (Qwen-Image's activations overflow f16).
 */
public enum Precision {
    F32("float32"),
    BF16("bfloat16");

    private final String dtypeName;

    Precision(String dtypeName) {
        this.dtypeName = dtypeName;
    }

    /** The torch dtype name recorded with each generation ({@code float32}, {@code bfloat16}). */
    public String dtypeName() {
        return dtypeName;
    }

    /** The option spelling: {@code f32} or {@code bf16}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code f32}/{@code float32} or {@code bf16}/{@code bfloat16} (any case). */
    public static Precision parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Precision p : values()) {
            if (v.equals(p.id()) || v.equals(p.dtypeName)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + s + "': use f32 or bf16");
    }
}
