package dev.seedframe.engine.qwenimage.textencoder;

import dev.seedframe.engine.weights.ComponentSource;
import dev.seedframe.engine.weights.JsonConfig;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Qwen2.5-VL text encoder's {@code config.json} ({@code Qwen2_5_VLConfig} in transformers,
 * {@code models/qwen2_5_vl/configuration_qwen2_5_vl.py}), read from either spelling:
 *
 * <ul>
 *   <li>flat, as the real Qwen2.5-VL-7B / Qwen-Image {@code text_encoder/config.json}: {@code
 *       hidden_size} etc. at the top level, {@code rope_theta}, {@code rope_scaling.mrope_section};
 *   <li>nested, as transformers 5 writes it (the tiny fixture): a {@code text_config} object with
 *       {@code rope_parameters} ({@code rope_theta}, {@code mrope_section}).
 * </ul>
 *
 * Keys are looked up in {@code text_config} first, then at the top level (transformers 4.5x files
 * carry both). Everything the forward pass needs is validated here, so a wrong folder fails with a
 * message naming the file and key rather than deep inside a tensor op.
 *
 * @param vocabSize rows of {@code embed_tokens}
 * @param hiddenSize model width D
 * @param intermediateSize MLP width
 * @param numHiddenLayers decoder layers
 * @param numAttentionHeads query heads H
 * @param numKeyValueHeads key/value heads (GQA: each serves H / numKeyValueHeads query heads)
 * @param rmsNormEps epsilon of every RMSNorm
 * @param ropeTheta RoPE base
 * @param mropeSection MRoPE channel split over the (t, h, w) position axes, in rotary pairs; sums to headDim / 2
 * @param tieWordEmbeddings whether {@code lm_head} shares {@code embed_tokens} (the pipeline never uses lm_head)
 * @param maxPositionEmbeddings declared context length
 * @param tokens the multimodal token ids (image pad, vision start/end...)
 * @param vision the vision tower's config, when the file has one
 * @param sha256 SHA-256 of the config file
 */
public record TextEncoderConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        double rmsNormEps,
        double ropeTheta,
        List<Integer> mropeSection,
        boolean tieWordEmbeddings,
        int maxPositionEmbeddings,
        TokenIds tokens,
        Optional<VisionConfig> vision,
        String sha256) {

    /** The only activation Qwen2.5-VL's text MLP uses. */
    static final String SUPPORTED_HIDDEN_ACT = "silu";

    /** RoPE types that mean plain (unscaled) RoPE; "mrope" is the Qwen2-VL era spelling of the same. */
    static final List<String> SUPPORTED_ROPE_TYPES = List.of("default", "mrope");

    /** Position axes of MRoPE: temporal, height, width (transformers' hard-coded 3). */
    public static final int MROPE_AXES = 3;

    /** Value of {@code max_position_embeddings} when absent (transformers Qwen2_5_VLTextConfig default). */
    static final int DEFAULT_MAX_POSITION_EMBEDDINGS = 128000;

    /**
     * Multimodal token ids (top level of the config).
     *
     * @param imageTokenId {@code <|image_pad|>}
     * @param videoTokenId {@code <|video_pad|>}
     * @param visionStartTokenId {@code <|vision_start|>}
     * @param visionEndTokenId {@code <|vision_end|>}
     * @param visionTokenId {@code <|vision_pad|>}
     */
    public record TokenIds(
            OptionalInt imageTokenId,
            OptionalInt videoTokenId,
            OptionalInt visionStartTokenId,
            OptionalInt visionEndTokenId,
            OptionalInt visionTokenId) {}

    /**
     * The vision tower's config ({@code Qwen2_5_VLVisionConfig}); kept for the vision encoder.
     *
     * @param depth vision blocks
     * @param hiddenSize vision width
     * @param intermediateSize vision MLP width
     * @param numHeads vision attention heads
     * @param inChannels image channels ({@code in_channels}, older files: {@code in_chans})
     * @param patchSize spatial patch side in pixels
     * @param temporalPatchSize frames per patch
     * @param spatialMergeSize side of the patch group merged into one LLM token
     * @param windowSize window attention side in pixels
     * @param fullattBlockIndexes blocks with full (not windowed) attention
     * @param outHiddenSize merger output width (= the LLM's hidden size)
     * @param tokensPerSecond temporal position scale for video
     * @param hiddenAct vision MLP activation
     */
    public record VisionConfig(
            int depth,
            int hiddenSize,
            int intermediateSize,
            int numHeads,
            int inChannels,
            int patchSize,
            int temporalPatchSize,
            int spatialMergeSize,
            int windowSize,
            List<Integer> fullattBlockIndexes,
            int outHiddenSize,
            int tokensPerSecond,
            String hiddenAct) {

        /** transformers Qwen2_5_VLVisionConfig defaults for keys older files may lack. */
        static final int DEFAULT_IN_CHANNELS = 3;

        static final int DEFAULT_TOKENS_PER_SECOND = 4;

        static final String DEFAULT_HIDDEN_ACT = "silu";

        static VisionConfig read(JsonConfig v) throws WeightsException {
            int inChannels = v.has("in_channels")
                    ? v.getInt("in_channels")
                    : v.getInt("in_chans", DEFAULT_IN_CHANNELS);
            VisionConfig c = new VisionConfig(
                    JsonConfig.positive(v, "depth", v.getInt("depth")),
                    JsonConfig.positive(v, "hidden_size", v.getInt("hidden_size")),
                    JsonConfig.positive(v, "intermediate_size", v.getInt("intermediate_size")),
                    JsonConfig.positive(v, "num_heads", v.getInt("num_heads")),
                    JsonConfig.positive(v, "in_channels", inChannels),
                    JsonConfig.positive(v, "patch_size", v.getInt("patch_size")),
                    JsonConfig.positive(v, "temporal_patch_size", v.getInt("temporal_patch_size")),
                    JsonConfig.positive(v, "spatial_merge_size", v.getInt("spatial_merge_size")),
                    JsonConfig.positive(v, "window_size", v.getInt("window_size")),
                    toList(v.getIntArray("fullatt_block_indexes")),
                    JsonConfig.positive(v, "out_hidden_size", v.getInt("out_hidden_size")),
                    JsonConfig.positive(v, "tokens_per_second", v.getInt("tokens_per_second", DEFAULT_TOKENS_PER_SECOND)),
                    v.getString("hidden_act", DEFAULT_HIDDEN_ACT));
            if (c.hiddenSize % c.numHeads != 0) {
                throw new WeightsException(v.source() + ": hidden_size " + c.hiddenSize
                        + " is not a multiple of num_heads " + c.numHeads);
            }
            for (int i : c.fullattBlockIndexes) {
                if (i < 0 || i >= c.depth) {
                    throw new WeightsException(v.source() + ": fullatt_block_indexes holds " + i
                            + ", outside 0.." + (c.depth - 1));
                }
            }
            return c;
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** Query heads served by each key/value head. */
    public int kvGroups() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Reads {@code <component>/config.json}. */
    public static TextEncoderConfig read(Path componentDir) throws WeightsException {
        Path name = componentDir.getFileName();
        return fromJson(componentDir.resolve("config.json"), (name == null ? "" : name + "/") + "config.json");
    }

    /** Reads the config of a text encoder folder or single file ({@link ComponentSource#config()}). */
    public static TextEncoderConfig read(ComponentSource source) throws WeightsException {
        return fromJson(source.config(), source.configLabel());
    }

    /**
     * Reads a text-encoder config file.
     *
     * @param file the config.json
     * @param label how messages name it ("text_encoder/config.json")
     */
    public static TextEncoderConfig fromJson(Path file, String label) throws WeightsException {
        JsonConfig root = JsonConfig.read(file, label);
        JsonConfig text = root.getObjectOrNull("text_config");
        Lookup k = new Lookup(text, root);

        if (root.has("_class_name")) {
            throw new WeightsException(label + " describes a diffusers " + root.getString("_class_name")
                    + ", not a Qwen2.5-VL text encoder; is this the text_encoder folder?");
        }
        String modelType = root.getString("model_type", "");
        if (!modelType.isEmpty() && !modelType.startsWith("qwen2_5_vl") && !modelType.startsWith("qwen2_vl")) {
            throw new WeightsException(label + " describes a \"" + modelType
                    + "\" model, not a Qwen2.5-VL text encoder (model_type qwen2_5_vl); is this the right folder?");
        }
        if (!k.has("hidden_size") || !k.has("num_hidden_layers")) {
            throw new WeightsException(label + " is not a Qwen2.5-VL text-encoder config: it has no hidden_size /"
                    + " num_hidden_layers (neither at the top level nor in \"text_config\")");
        }

        int vocab = k.positive("vocab_size");
        int hidden = k.positive("hidden_size");
        int inter = k.positive("intermediate_size");
        int layers = k.positive("num_hidden_layers");
        int heads = k.positive("num_attention_heads");
        int kvHeads = k.positive("num_key_value_heads");
        double eps = k.cfg("rms_norm_eps").getDouble("rms_norm_eps");
        if (!(eps > 0)) {
            throw new WeightsException(label + ": \"rms_norm_eps\" must be positive, found " + eps);
        }
        String act = k.cfg("hidden_act").getString("hidden_act");
        if (!SUPPORTED_HIDDEN_ACT.equals(act.toLowerCase(Locale.ROOT))) {
            throw new WeightsException(label + ": \"hidden_act\" is \"" + act + "\"; the Qwen2.5-VL text encoder uses \""
                    + SUPPORTED_HIDDEN_ACT + "\"");
        }
        if (hidden % heads != 0) {
            throw new WeightsException(label + ": hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new WeightsException(label + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        int headDim = hidden / heads;
        if (headDim % 2 != 0) {
            throw new WeightsException(label + ": the head width hidden_size / num_attention_heads = " + headDim
                    + " must be even for rotary embeddings");
        }

        // RoPE: transformers 5 "rope_parameters" (theta inside), older "rope_scaling" + "rope_theta".
        JsonConfig rope = null;
        for (String key : List.of("rope_parameters", "rope_scaling")) {
            if (rope == null && k.has(key)) {
                rope = k.cfg(key).getObjectOrNull(key);
            }
        }
        if (rope == null) {
            throw new WeightsException(label + " has no \"rope_parameters\" / \"rope_scaling\" with \"mrope_section\":"
                    + " not a Qwen2.5-VL text encoder");
        }
        String ropeType = rope.getString("rope_type", rope.getString("type", "default"));
        if (!SUPPORTED_ROPE_TYPES.contains(ropeType)) {
            throw new WeightsException(rope.source() + ": rope type \"" + ropeType + "\" is not supported (only "
                    + SUPPORTED_ROPE_TYPES + ")");
        }
        int[] section = rope.getIntArray("mrope_section");
        if (section.length != MROPE_AXES) {
            throw new WeightsException(rope.source() + ": \"mrope_section\" must have " + MROPE_AXES
                    + " entries (t, h, w), found " + section.length);
        }
        int sum = 0;
        for (int s : section) {
            if (s <= 0) {
                throw new WeightsException(rope.source() + ": \"mrope_section\" entries must be positive");
            }
            sum += s;
        }
        if (2 * sum != headDim) {
            throw new WeightsException(rope.source() + ": \"mrope_section\" " + toList(section) + " covers "
                    + (2 * sum) + " channels but the head width is " + headDim);
        }
        double theta;
        if (rope.has("rope_theta")) {
            theta = rope.getDouble("rope_theta");
        } else if (k.has("rope_theta")) {
            theta = k.cfg("rope_theta").getDouble("rope_theta");
        } else {
            throw new WeightsException(label + " has no \"rope_theta\"");
        }
        if (!(theta > 0)) {
            throw new WeightsException(label + ": \"rope_theta\" must be positive, found " + theta);
        }

        if (k.has("use_sliding_window") && k.cfg("use_sliding_window").getBoolean("use_sliding_window", false)) {
            throw new WeightsException(label + ": \"use_sliding_window\" is true; Seedframe's text encoder implements"
                    + " full attention only (Qwen2.5-VL ships with it off)");
        }
        if (k.has("layer_types")) {
            JsonConfig c = k.cfg("layer_types");
            var arr = c.json().get("layer_types");
            if (!arr.isJsonArray()) {
                throw new WeightsException(c.source() + ": \"layer_types\" must be a list");
            }
            for (var el : arr.getAsJsonArray()) {
                if (!"full_attention".equals(el.isJsonPrimitive() ? el.getAsString() : "")) {
                    throw new WeightsException(c.source() + ": layer type " + el + " is not supported (only full_attention)");
                }
            }
            if (arr.getAsJsonArray().size() != layers) {
                throw new WeightsException(c.source() + ": \"layer_types\" lists " + arr.getAsJsonArray().size()
                        + " layers but num_hidden_layers is " + layers);
            }
        }

        boolean tied = root.has("tie_word_embeddings")
                ? root.getBoolean("tie_word_embeddings", false)
                : text != null && text.getBoolean("tie_word_embeddings", false);
        int maxPos = k.has("max_position_embeddings")
                ? k.positive("max_position_embeddings")
                : DEFAULT_MAX_POSITION_EMBEDDINGS;

        TokenIds tokens = new TokenIds(
                k.optionalInt("image_token_id"),
                k.optionalInt("video_token_id"),
                k.optionalInt("vision_start_token_id"),
                k.optionalInt("vision_end_token_id"),
                k.optionalInt("vision_token_id"));

        JsonConfig visionJson = root.getObjectOrNull("vision_config");
        Optional<VisionConfig> vision = visionJson == null ? Optional.empty() : Optional.of(VisionConfig.read(visionJson));

        return new TextEncoderConfig(vocab, hidden, inter, layers, heads, kvHeads, eps, theta, toList(section),
                tied, maxPos, tokens, vision, root.sha256());
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>(a.length);
        for (int v : a) {
            out.add(v);
        }
        return List.copyOf(out);
    }

    /** Looks a key up in text_config first, then at the top level. */
    private record Lookup(JsonConfig text, JsonConfig root) {

        boolean has(String key) {
            return (text != null && text.has(key)) || root.has(key);
        }

        JsonConfig cfg(String key) {
            return text != null && text.has(key) ? text : root;
        }

        int positive(String key) throws WeightsException {
            JsonConfig c = cfg(key);
            return JsonConfig.positive(c, key, c.getInt(key));
        }

        OptionalInt optionalInt(String key) throws WeightsException {
            // token ids live at the top level in both spellings; text_config may repeat them
            JsonConfig c = root.has(key) ? root : (text != null && text.has(key) ? text : null);
            return c == null ? OptionalInt.empty() : OptionalInt.of(c.getInt(key));
        }
    }
}
