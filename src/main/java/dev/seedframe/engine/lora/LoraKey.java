package dev.seedframe.engine.lora;

import java.util.List;
import java.util.Locale;

/**
 * One tensor name of a LoRA file, taken apart: which layout wrote it, which module it adapts and which part of the
 * adapter it is. The layouts are those diffusers' {@code QwenImageLoraLoaderMixin.lora_state_dict} reads (its {@code
 * _convert_non_diffusers_qwen_lora_to_diffusers}) and ComfyUI accepts:
 *
 * <ul>
 *   <li>{@code transformer.<module>.lora_A.weight} / {@code lora_B.weight}: diffusers/PEFT;
 *   <li>{@code diffusion_model.<module>.lora_A.weight} / {@code lora_B.weight} (or down/up): ai-toolkit, ComfyUI;
 *   <li>{@code lora_unet_<module with _ for .>.lora_down.weight} / {@code lora_up.weight} / {@code .alpha}: kohya,
 *       musubi-tuner (the module name is flattened; it is matched against the model's module names, top-level
 *       modules such as {@code img_in} or {@code norm_out_linear} included);
 *   <li>{@code <module>.lora_down.weight} / {@code lora_up.weight} / {@code .alpha} without a prefix: the Lightning
 *       files (and {@code <module>.lora_A/B.weight} without a prefix);
 * </ul>
 *
 * PEFT's adapter name {@code default.} ({@code lora_A.default.weight}) is dropped, as diffusers does.
 *
 * @param tensor the tensor's name in the file
 * @param layout the layout its prefix and suffix say
 * @param module the adapted module's name: dotted ({@code transformer_blocks.0.attn.to_q}), or flattened ({@code
 *     transformer_blocks_0_attn_to_q}) when {@link #flattened()}
 * @param flattened whether {@link #module} has every dot replaced by an underscore (kohya's {@code lora_unet_})
 * @param part which part of the adapter the tensor is
 */
record LoraKey(String tensor, Layout layout, String module, boolean flattened, Part part) {

    /** Who wrote the file, from its keys' prefixes. */
    enum Layout {
        PEFT("diffusers/PEFT (transformer.*.lora_A/lora_B)"),
        AI_TOOLKIT("ai-toolkit (diffusion_model.*)"),
        KOHYA("kohya/musubi (lora_unet_*.lora_down/lora_up/alpha)"),
        BARE("without a prefix (*.lora_down/lora_up/alpha, as the Lightning files)");

        private final String description;

        Layout(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /** The parts of an adapter tensor. */
    enum Part {
        /** {@code lora_A}: the down projection {@code [rank, in]}, diffusers' name. */
        A,
        /** {@code lora_B}: the up projection {@code [out, rank]}, diffusers' name. */
        B,
        /** {@code lora_down}: the down projection, kohya's name (scaled by alpha / rank). */
        DOWN,
        /** {@code lora_up}: the up projection, kohya's name. */
        UP,
        /** {@code alpha}: kohya's scalar; the scale is alpha / rank. */
        ALPHA,
        /** A tensor of an adapter type other than LoRA (LoKr, LoHa, DoRA, ...): refused, named. */
        UNSUPPORTED,
        /** A key of the text encoder: Seedframe adapts the transformer only. */
        TEXT_ENCODER,
        /** Anything else. */
        UNKNOWN
    }

    /** Suffixes of the parts Seedframe applies, longest first. */
    private static final List<String[]> SUFFIXES = List.of(
            new String[] {".lora_A.weight", "A"},
            new String[] {".lora_B.weight", "B"},
            new String[] {".lora_down.weight", "DOWN"},
            new String[] {".lora_up.weight", "UP"},
            new String[] {".alpha", "ALPHA"});

    /**
     * Tensor name endings of adapter types Seedframe does not apply, with the type's name: LyCORIS' LoKr and LoHa,
     * DoRA's magnitude (kohya {@code dora_scale}, PEFT {@code lora_magnitude_vector}), LoCon's middle factor, full
     * weight differences, GLoRA, and a bias on the up projection.
     */
    private static final List<String[]> UNSUPPORTED_MARKERS = List.of(
            new String[] {".lokr_", "LoKr"},
            new String[] {".hada_", "LoHa"},
            new String[] {".dora_scale", "DoRA"},
            new String[] {".lora_magnitude_vector", "DoRA"},
            new String[] {".lora_mid.", "LoCon (lora_mid)"},
            new String[] {".diff_b", "full weight difference"},
            new String[] {".diff", "full weight difference"},
            new String[] {".w_norm", "norm difference"},
            new String[] {".b_norm", "norm difference"},
            new String[] {".a1.weight", "GLoRA"},
            new String[] {".a2.weight", "GLoRA"},
            new String[] {".b1.weight", "GLoRA"},
            new String[] {".b2.weight", "GLoRA"},
            new String[] {".lora_B.bias", "LoRA with a bias (lora_B.bias)"},
            new String[] {".lora_up.bias", "LoRA with a bias (lora_up.bias)"});

    /** Takes {@code tensor} apart. */
    static LoraKey parse(String tensor) {
        String k = tensor.replace(".default.", ".");
        String lower = k.toLowerCase(Locale.ROOT);
        if (lower.startsWith("lora_te") || lower.startsWith("text_encoder") || lower.startsWith("te.")
                || lower.startsWith("lora_te1_") || lower.startsWith("text_encoders.")) {
            return new LoraKey(tensor, Layout.BARE, k, false, Part.TEXT_ENCODER);
        }
        Layout layout = Layout.BARE;
        boolean flattened = false;
        for (String[] p : new String[][] {{"transformer.", "PEFT"}, {"base_model.model.", "PEFT"},
                {"model.diffusion_model.", "AI_TOOLKIT"}, {"diffusion_model.", "AI_TOOLKIT"}}) {
            if (k.startsWith(p[0])) {
                k = k.substring(p[0].length());
                layout = Layout.valueOf(p[1]);
                break;
            }
        }
        for (String p : new String[] {"lora_unet_", "lycoris_"}) {
            if (k.startsWith(p)) {
                k = k.substring(p.length());
                layout = Layout.KOHYA;
                flattened = true;
                break;
            }
        }
        for (String[] m : UNSUPPORTED_MARKERS) {
            int at = k.indexOf(m[0]);
            if (at > 0) {
                return new LoraKey(tensor, layout, k.substring(0, at), flattened, Part.UNSUPPORTED);
            }
        }
        for (String[] s : SUFFIXES) {
            if (k.endsWith(s[0]) && k.length() > s[0].length()) {
                return new LoraKey(tensor, layout, k.substring(0, k.length() - s[0].length()), flattened,
                        Part.valueOf(s[1]));
            }
        }
        return new LoraKey(tensor, layout, k, flattened, Part.UNKNOWN);
    }

    /** The adapter type an {@link Part#UNSUPPORTED} tensor belongs to ("LoKr", "DoRA", ...). */
    String unsupportedType() {
        String k = tensor.replace(".default.", ".");
        for (String[] m : UNSUPPORTED_MARKERS) {
            if (k.indexOf(m[0]) > 0) {
                return m[1];
            }
        }
        return "unknown";
    }
}
