package dev.seedframe.engine.qwenimage.vae;

import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.engine.weights.WeightsException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a checkpoint spells the VAE's keys: diffusers' {@code AutoencoderKLQwenImage} names (the model classes use
 * them), or the Wan 2.1 names that ComfyUI's {@code qwen_image_vae.safetensors} keeps (ComfyUI's {@code
 * comfy/ldm/wan/vae.py}, from which Qwen-Image's VAE descends; diffusers' {@code convert_wan_vae_to_diffusers} maps them
 * the other way). The two differ only in names:
 *
 * <pre>
 *   diffusers                                      Wan 2.1 / ComfyUI
 *   quant_conv, post_quant_conv                    conv1, conv2
 *   {en,de}coder.conv_in                           {en,de}coder.conv1
 *   {en,de}coder.norm_out.gamma, .conv_out         {en,de}coder.head.0.gamma, .head.2
 *   {en,de}coder.mid_block.resnets.0 / .1          {en,de}coder.middle.0 / .2
 *   {en,de}coder.mid_block.attentions.0            {en,de}coder.middle.1
 *   encoder.down_blocks.N                          encoder.downsamples.N         (both one flat list)
 *   decoder.up_blocks.i.resnets.j                  decoder.upsamples.(i·(R+2) + j)     R = num_res_blocks:
 *   decoder.up_blocks.i.upsamplers.0               decoder.upsamples.(i·(R+2) + R+1)   a flat list of R+1
 *                                                                                       resnets and an upsampler
 *   a residual block's norm1.gamma, conv1,         residual.0.gamma, residual.2,
 *     norm2.gamma, conv2, conv_shortcut              residual.3.gamma, residual.6, shortcut
 * </pre>
 *
 * The layout is told by where the encoder's first convolution is ({@code encoder.conv_in} or {@code encoder.conv1}).
 */
public final class VaeKeys {

    private static final String DIFFUSERS_PROBE = "encoder.conv_in.weight";
    private static final String WAN_PROBE = "encoder.conv1.weight";

    private static final Pattern UP_BLOCK = Pattern.compile("decoder\\.up_blocks\\.(\\d+)\\.(resnets\\.(\\d+)|upsamplers\\.0)\\.(.*)");
    private static final Pattern DOWN_BLOCK = Pattern.compile("encoder\\.down_blocks\\.(\\d+)\\.(.*)");
    private static final Pattern MID_BLOCK = Pattern.compile("(encoder|decoder)\\.mid_block\\.(resnets|attentions)\\.(\\d+)\\.(.*)");

    private VaeKeys() {}

    /** Whether the checkpoint keeps the Wan 2.1 / ComfyUI names. */
    public static boolean wanLayout(Checkpoint checkpoint) {
        return checkpoint.info(DIFFUSERS_PROBE) == null && checkpoint.info(WAN_PROBE) != null;
    }

    /** Canonical (diffusers) key → the checkpoint's key, for a VAE of {@code config}. */
    public static UnaryOperator<String> keyMap(Checkpoint checkpoint, VaeConfig config) throws WeightsException {
        if (!wanLayout(checkpoint)) {
            return UnaryOperator.identity();
        }
        if (config.attnScales().length > 0) {
            throw new WeightsException("The VAE " + checkpoint.dir() + " keeps the Wan 2.1 / ComfyUI key names, which"
                    + " Seedframe maps for VAEs without attention stages only (its config has attn_scales "
                    + java.util.Arrays.toString(config.attnScales()) + ")");
        }
        int resnets = config.numResBlocks();
        return key -> toWan(key, resnets);
    }

    /** One diffusers key in the Wan 2.1 / ComfyUI spelling, for {@code numResBlocks} residual blocks per stage. */
    static String toWan(String key, int numResBlocks) {
        switch (key) {
            case "quant_conv.weight", "quant_conv.bias" -> {
                return "conv1" + key.substring("quant_conv".length());
            }
            case "post_quant_conv.weight", "post_quant_conv.bias" -> {
                return "conv2" + key.substring("post_quant_conv".length());
            }
            default -> { }
        }
        for (String side : new String[] {"encoder.", "decoder."}) {
            if (key.startsWith(side + "conv_in.")) {
                return side + "conv1." + key.substring((side + "conv_in.").length());
            }
            if (key.equals(side + "norm_out.gamma")) {
                return side + "head.0.gamma";
            }
            if (key.startsWith(side + "conv_out.")) {
                return side + "head.2." + key.substring((side + "conv_out.").length());
            }
        }
        Matcher m = MID_BLOCK.matcher(key);
        if (m.matches()) {
            boolean attention = m.group(2).equals("attentions");
            int index = attention ? 1 : 2 * Integer.parseInt(m.group(3)); // resnets.0 → 0, attentions.0 → 1, resnets.1 → 2
            String rest = attention ? m.group(4) : residual(m.group(4));
            return m.group(1) + ".middle." + index + "." + rest;
        }
        m = DOWN_BLOCK.matcher(key);
        if (m.matches()) {
            return "encoder.downsamples." + m.group(1) + "." + residual(m.group(2));
        }
        m = UP_BLOCK.matcher(key);
        if (m.matches()) {
            int stage = Integer.parseInt(m.group(1));
            int start = stage * (numResBlocks + 2); // every earlier stage: R+1 resnets and an upsampler
            boolean upsampler = m.group(3) == null;
            int index = upsampler ? start + numResBlocks + 1 : start + Integer.parseInt(m.group(3));
            return "decoder.upsamples." + index + "." + (upsampler ? m.group(4) : residual(m.group(4)));
        }
        return key;
    }

    /** A residual block's parameter name in Wan's {@code nn.Sequential} spelling; others (resample) unchanged. */
    private static String residual(String name) {
        if (name.equals("norm1.gamma")) {
            return "residual.0.gamma";
        }
        if (name.equals("norm2.gamma")) {
            return "residual.3.gamma";
        }
        if (name.startsWith("conv1.")) {
            return "residual.2." + name.substring("conv1.".length());
        }
        if (name.startsWith("conv2.")) {
            return "residual.6." + name.substring("conv2.".length());
        }
        if (name.startsWith("conv_shortcut.")) {
            return "shortcut." + name.substring("conv_shortcut.".length());
        }
        return name;
    }

    /**
     * What the checkpoint holds, read from its headers: the first encoder stage's width and the latent channels, or
     * null when it is not a Qwen-Image (Wan 2.1) VAE.
     */
    public static Size size(Checkpoint checkpoint) {
        boolean wan = wanLayout(checkpoint);
        TensorInfo encIn = checkpoint.info(wan ? WAN_PROBE : DIFFUSERS_PROBE);
        TensorInfo decIn = checkpoint.info(wan ? "decoder.conv1.weight" : "decoder.conv_in.weight");
        if (encIn == null || decIn == null || encIn.shape().length != 5 || decIn.shape().length != 5) {
            return null;
        }
        return new Size(encIn.shape()[0], decIn.shape()[1]);
    }

    /**
     * A VAE's size as its weights show it.
     *
     * @param baseDim the first encoder stage's width ({@code base_dim})
     * @param zDim latent channels
     */
    public record Size(long baseDim, long zDim) {

        public boolean fits(VaeConfig c) {
            return baseDim == c.baseDim() && zDim == c.zDim();
        }

        @Override
        public String toString() {
            return "base width " + baseDim + ", " + zDim + " latent channels";
        }
    }
}
