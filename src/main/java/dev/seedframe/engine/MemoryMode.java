package dev.seedframe.engine;

import java.util.Locale;

/**
 * How the model's weights are placed, for cards smaller than the full model (issue 7). Recorded with every
 * generation; replay names it when it differs.
 *
 * <p>Measured on the tiny checkpoint (see {@code MemoryModesTest}): {@link #RESIDENT}, {@link
 * #OFFLOAD_TEXT_ENCODER} and {@link #STREAM_BLOCKS} give bit-identical images (they only move the same f32
 * weights at different times); {@link #INT8} changes the image slightly (PSNR stated in README "Memory
 * modes" and {@link dev.seedframe.engine.nn.Int8Linear}).
 */
public enum MemoryMode {
    /** Every weight loaded on the device once and kept there. */
    RESIDENT,
    /**
     * The text encoder stays in the memory-mapped checkpoint on the host. For each new prompt the
     * transformer's blocks leave the device, the text encoder is loaded onto it, encodes, and is released;
     * then the blocks come back from the memory-mapped checkpoint. The two are never on the device together.
     * Embeddings are cached by prompt, so seeds and variants of one prompt encode once.
     */
    OFFLOAD_TEXT_ENCODER,
    /**
     * The transformer blocks' weights stay in memory-mapped host memory: each block is moved to the device just
     * before it runs and freed after. The text encoder is offloaded as above and streamed the same way, one
     * decoder layer at a time, so neither is ever whole on the device.
     */
    STREAM_BLOCKS,
    /**
     * The transformer blocks' Linear weights are held as weight-only int8 with per-output-channel f32
     * scales, dequantised layer by layer just before each matmul; the text encoder is offloaded as above and
     * loaded for each new prompt with its decoder Linears in int8 as well. The int8 blocks also leave the
     * device before the VAE decodes (its f32 activations at 1328² are 2–3 GB, which a 24 GB card does not
     * have beside the blocks) and are quantised again, deterministically, before the next denoising loop.
     */
    INT8;

    /**
     * Why this mode cannot compute in {@code precision}, or null when it can: {@link #INT8} keeps f32 activations
     * (weight-only int8, dequantised to f32 per layer), so it refuses bf16. The one statement of that rule: the
     * options, the transformer's loader and the full-size bench all ask here.
     */
    public String refusal(Precision precision) {
        if (this == INT8 && precision == Precision.BF16) {
            return "memory mode int8 keeps activations in float32 and cannot be combined with precision bf16:"
                    + " choose precision f32 with int8, or another memory mode with bf16";
        }
        return null;
    }

    /** The option and record spelling: {@code resident}, {@code offload-text-encoder}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the text encoder is loaded per prompt and released after encoding. */
    public boolean offloadsTextEncoder() {
        return this != RESIDENT;
    }

    /**
     * Whether the transformer blocks leave the device while the VAE decodes (and come back before the next
     * denoising loop): the int8 mode, meant for 24 GB cards.
     */
    public boolean evictsBlocksForDecode() {
        return this == INT8;
    }

    /** Parses an {@link #id()} (or the enum name, any case). */
    public static MemoryMode parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (MemoryMode m : values()) {
            if (m.id().equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown memory mode '" + s
                + "': use resident, offload-text-encoder, stream-blocks or int8");
    }
}
