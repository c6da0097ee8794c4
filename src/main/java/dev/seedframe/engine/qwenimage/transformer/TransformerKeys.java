package dev.seedframe.engine.qwenimage.transformer;

import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.TensorInfo;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How a checkpoint spells the transformer's keys: diffusers' names, bare (a diffusers folder, some single files) or
 * under the prefix ComfyUI's single files put before them ({@code model.diffusion_model.} as ComfyUI saves a model,
 * {@code diffusion_model.} in others; ComfyUI's {@code comfy/model_detection.py} strips either). The layout is told by
 * where {@code img_in.weight} is.
 */
public final class TransformerKeys {

    /** The prefixes tried, longest first (a bare key is the last resort). */
    public static final List<String> PREFIXES = List.of("model.diffusion_model.", "diffusion_model.", "");

    private static final String PROBE = "img_in.weight";
    private static final String BLOCKS = "transformer_blocks.";

    private TransformerKeys() {}

    /** The prefix of the checkpoint's transformer keys, or null when it has no {@code img_in.weight} at all. */
    public static String prefix(Checkpoint checkpoint) {
        for (String p : PREFIXES) {
            if (checkpoint.info(p + PROBE) != null) {
                return p;
            }
        }
        return null;
    }

    /** Canonical (diffusers) key → the checkpoint's key. */
    public static UnaryOperator<String> keyMap(Checkpoint checkpoint) {
        String p = prefix(checkpoint);
        return p == null || p.isEmpty() ? UnaryOperator.identity() : k -> p + k;
    }

    /**
     * What the checkpoint holds, read from its headers: the number of blocks and the inner width ({@code img_in}'s
     * output), or null when it is not a Qwen-Image transformer.
     */
    public static Size size(Checkpoint checkpoint) {
        String p = prefix(checkpoint);
        if (p == null) {
            return null;
        }
        TensorInfo imgIn = checkpoint.info(p + PROBE);
        if (imgIn.shape().length != 2 || checkpoint.info(p + BLOCKS + "0.attn.to_q.weight") == null) {
            return null;
        }
        // every block index any key names (a block missing a tensor still counts; the verification names what it lacks)
        int blocks = checkpoint.indexedCount(p + BLOCKS);
        return new Size(blocks, imgIn.shape()[0], imgIn.shape()[1]);
    }

    /**
     * A transformer's size as its weights show it.
     *
     * @param blocks {@code transformer_blocks} counted
     * @param width the inner width ({@code heads × head size})
     * @param inChannels the packed latent features per token
     */
    public record Size(int blocks, long width, long inChannels) {

        /** Whether {@code c} describes a transformer of this size. */
        public boolean fits(TransformerConfig c) {
            return blocks == c.numLayers() && width == c.innerDim() && inChannels == c.inChannels();
        }

        @Override
        public String toString() {
            return blocks + " blocks of width " + width;
        }
    }
}
