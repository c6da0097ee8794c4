package dev.seedframe.engine;

import java.util.Locale;

/**
 * The compute dtype of the denoiser.
 *
 * <ul>
 *   <li>{@link #F32}: everything in float32 (the CPU default; parity with the f32 references).
 *   <li>{@link #BF16}: what Qwen-Image is meant to run in on a GPU (its activations overflow f16), as
 *       diffusers runs it with {@code torch_dtype=torch.bfloat16}: transformer weights and activations in
 *       bfloat16, with the f32 islands diffusers keeps (norm statistics, RoPE, the timestep sinusoid, the
 *       scheduler's update). bf16 tensors never reach a DJL operator: they are made, converted and computed
 *       on only by Seedframe's TorchScript helper ({@code runtime.torchscript.SeedframeOps}, through the
 *       operations implementation {@code nn.Bf16Ops}), because DJL 0.35.1 aborts the JVM on a BF16 dtype. It
 *       also runs on the CPU (3–4× slower than f32 for a full-width layer on an AVX2 CPU without native bf16
 *       matmul, see the README's Benchmarks), which is how the tests check its numerics.
 * </ul>
 */
public enum Precision {
    F32("float32", 4),
    BF16("bfloat16", 2);

    private final String dtypeName;
    private final int bytes;

    Precision(String dtypeName, int bytes) {
        this.dtypeName = dtypeName;
        this.bytes = bytes;
    }

    /** Bytes per element of this dtype. */
    public int bytes() {
        return bytes;
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
