package dev.seedframe.engine.qwenimage.transformer;

import dev.seedframe.engine.weights.JsonConfig;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The architecture of a {@link QwenImageTransformer}, read from diffusers' {@code
 * transformer/config.json} ({@code QwenImageTransformer2DModel.__init__} arguments, <a
 * href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/transformers/transformer_qwenimage.py">transformer_qwenimage.py</a>).
 *
 * <p>The Qwen-Image / Qwen-Image-Edit / Edit-2509 variant, and Edit-2511's {@code zero_cond_t}. Configs that ask
 * for guidance embeddings or Qwen-Image-Layered's extra timestep condition and layer RoPE are refused with a message
 * naming the setting.
 *
 * @param patchSize side of the latent patch one token covers (the pipelines pack 2×2)
 * @param inChannels features per image token (4 × latent channels)
 * @param outChannels latent channels predicted per patch position
 * @param numLayers number of dual-stream blocks
 * @param attentionHeadDim width of one attention head
 * @param numAttentionHeads number of attention heads
 * @param jointAttentionDim width of the text encoder's hidden states
 * @param axesDimsRope RoPE widths of the frame, height and width axes (sum = head width)
 * @param zeroCondT Qwen-Image-Edit-2511: the image tokens of reference images are modulated with timestep 0, those
 *     of the output with the step's timestep; the text stream and the output norm use the step's
 */
public record TransformerConfig(
        int patchSize,
        int inChannels,
        int outChannels,
        int numLayers,
        int attentionHeadDim,
        int numAttentionHeads,
        int jointAttentionDim,
        int[] axesDimsRope,
        boolean zeroCondT) {

    /** Patch side the pipelines' latent packing assumes ({@link Latents#PATCH}). */
    private static final int SUPPORTED_PATCH_SIZE = Latents.PATCH;

    public TransformerConfig {
        axesDimsRope = axesDimsRope.clone();
    }

    /** A config without {@code zero_cond_t} (every model before Edit-2511). */
    public TransformerConfig(int patchSize, int inChannels, int outChannels, int numLayers, int attentionHeadDim,
            int numAttentionHeads, int jointAttentionDim, int[] axesDimsRope) {
        this(patchSize, inChannels, outChannels, numLayers, attentionHeadDim, numAttentionHeads, jointAttentionDim,
                axesDimsRope, false);
    }

    /** The released Qwen-Image transformer (Hub {@code Qwen/Qwen-Image}, transformer/config.json). */
    public static TransformerConfig qwenImage() {
        return new TransformerConfig(2, 64, 16, 60, 128, 24, 3584, new int[] {16, 56, 56});
    }

    /** The tiny random-weight test transformer ({@code models/qwen-image-tiny/transformer}). */
    public static TransformerConfig tiny() {
        return new TransformerConfig(2, 16, 4, 2, 16, 3, 16, new int[] {8, 4, 4});
    }

    /**
     * Reads {@code config.json}; {@code path} is the file itself or the {@code transformer} folder
     * holding it.
     */
    public static TransformerConfig fromJson(Path path) throws WeightsException {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        JsonConfig c = JsonConfig.read(file, "transformer/config.json");
        refuseIfSet(c, "guidance_embeds", "guidance-distilled checkpoints (guidance embeddings) are not supported");
        refuseIfSet(c, "use_additional_t_cond",
                "Qwen-Image-Layered (use_additional_t_cond: extra timestep condition) is not supported");
        refuseIfSet(c, "use_layer3d_rope", "Qwen-Image-Layered (use_layer3d_rope: layer RoPE) is not supported");

        int patch = JsonConfig.positive(c, "patch_size", c.getInt("patch_size"));
        int in = JsonConfig.positive(c, "in_channels", c.getInt("in_channels"));
        // diffusers: out_channels = out_channels or in_channels
        int out = JsonConfig.positive(c, "out_channels", c.getInt("out_channels", in));
        int layers = JsonConfig.positive(c, "num_layers", c.getInt("num_layers"));
        int headDim = JsonConfig.positive(c, "attention_head_dim", c.getInt("attention_head_dim"));
        int heads = JsonConfig.positive(c, "num_attention_heads", c.getInt("num_attention_heads"));
        int joint = JsonConfig.positive(c, "joint_attention_dim", c.getInt("joint_attention_dim"));
        int[] axes = c.getIntArray("axes_dims_rope");

        if (patch != SUPPORTED_PATCH_SIZE) {
            throw new WeightsException(c.source() + ": \"patch_size\" " + patch + " is not supported; the Qwen-Image"
                    + " pipelines pack " + SUPPORTED_PATCH_SIZE + "×" + SUPPORTED_PATCH_SIZE + " latent patches");
        }
        if (axes.length != 3) {
            throw new WeightsException(c.source() + ": \"axes_dims_rope\" must list 3 widths (frame, height, width),"
                    + " found " + Arrays.toString(axes));
        }
        int sum = 0;
        for (int a : axes) {
            if (a <= 0 || a % 2 != 0) {
                throw new WeightsException(c.source() + ": \"axes_dims_rope\" widths must be positive and even, found "
                        + Arrays.toString(axes));
            }
            sum += a;
        }
        if (sum != headDim) {
            throw new WeightsException(c.source() + ": \"axes_dims_rope\" " + Arrays.toString(axes) + " sums to " + sum
                    + " but \"attention_head_dim\" is " + headDim + "; RoPE must cover the whole head");
        }
        return new TransformerConfig(patch, in, out, layers, headDim, heads, joint, axes,
                c.getBoolean("zero_cond_t", false));
    }

    private static void refuseIfSet(JsonConfig c, String key, String why) throws WeightsException {
        if (c.getBoolean(key, false)) {
            throw new WeightsException(c.source() + " sets \"" + key + "\": true; " + why + ".");
        }
    }

    /** Width of both streams inside the blocks: heads × head width. */
    public int innerDim() {
        return numAttentionHeads * attentionHeadDim;
    }

    /** Features per output token: patch² × out channels. */
    public int outFeatures() {
        return patchSize * patchSize * outChannels;
    }

    @Override
    public int[] axesDimsRope() {
        return axesDimsRope.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformerConfig t
                && patchSize == t.patchSize
                && inChannels == t.inChannels
                && outChannels == t.outChannels
                && numLayers == t.numLayers
                && attentionHeadDim == t.attentionHeadDim
                && numAttentionHeads == t.numAttentionHeads
                && jointAttentionDim == t.jointAttentionDim
                && Arrays.equals(axesDimsRope, t.axesDimsRope)
                && zeroCondT == t.zeroCondT;
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(patchSize, inChannels, outChannels, numLayers, attentionHeadDim,
                numAttentionHeads, jointAttentionDim, zeroCondT) + Arrays.hashCode(axesDimsRope);
    }

    @Override
    public String toString() {
        return "TransformerConfig[patchSize=" + patchSize + ", inChannels=" + inChannels + ", outChannels="
                + outChannels + ", numLayers=" + numLayers + ", attentionHeadDim=" + attentionHeadDim
                + ", numAttentionHeads=" + numAttentionHeads + ", jointAttentionDim=" + jointAttentionDim
                + ", axesDimsRope=" + Arrays.toString(axesDimsRope) + ", zeroCondT=" + zeroCondT + "]";
    }
}
