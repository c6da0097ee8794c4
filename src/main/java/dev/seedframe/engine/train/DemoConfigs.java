package dev.seedframe.engine.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code config.json} files of the demo model's components, in the diffusers / transformers
 * spellings the engine (and the reference libraries) read. Every size comes from a {@link DemoSpec}.
 */
public final class DemoConfigs {

    /** Qwen2.5-VL's vocabulary (the embedding table's rows), as in every released checkpoint. */
    public static final int QWEN_VOCAB_SIZE = 152064;

    /** Qwen2.5-VL's special token ids, as its config states them. */
    static final int BOS_TOKEN_ID = 151643;
    static final int EOS_TOKEN_ID = 151645;
    static final int IMAGE_TOKEN_ID = 151655;
    static final int VIDEO_TOKEN_ID = 151656;
    static final int VISION_START_TOKEN_ID = 151652;
    static final int VISION_END_TOKEN_ID = 151653;
    static final int VISION_TOKEN_ID = 151654;

    /** Qwen2.5-VL's RoPE base and norm epsilon. */
    static final double ROPE_THETA = 1_000_000.0;
    static final double RMS_NORM_EPS = 1e-6;

    /** The diffusers version the folders say they follow. */
    static final String DIFFUSERS_VERSION = "0.35.1";

    private DemoConfigs() {}

    /** {@code vae/config.json} with the given latent statistics. */
    public static JsonObject vae(DemoSpec spec, double[] latentsMean, double[] latentsStd) {
        JsonObject o = new JsonObject();
        o.addProperty("_class_name", "AutoencoderKLQwenImage");
        o.addProperty("_diffusers_version", DIFFUSERS_VERSION);
        o.add("attn_scales", new JsonArray());
        o.addProperty("base_dim", spec.vaeBaseDim());
        o.add("dim_mult", ints(spec.vaeDimMult()));
        o.addProperty("dropout", 0.0);
        o.addProperty("input_channels", 3);
        o.add("latents_mean", doubles(latentsMean));
        o.add("latents_std", doubles(latentsStd));
        o.addProperty("num_res_blocks", spec.vaeResBlocks());
        JsonArray temporal = new JsonArray();
        for (int i = 0; i < spec.vaeDimMult().length - 1; i++) {
            temporal.add(false); // images only: no temporal down-sampling, so no time_conv weights
        }
        o.add("temperal_downsample", temporal);
        o.addProperty("z_dim", spec.zDim());
        return o;
    }

    /** {@code transformer/config.json}. */
    public static JsonObject transformer(DemoSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("_class_name", "QwenImageTransformer2DModel");
        o.addProperty("_diffusers_version", DIFFUSERS_VERSION);
        o.addProperty("attention_head_dim", spec.headDim());
        o.add("axes_dims_rope", ints(spec.axesDimsRope()));
        o.addProperty("guidance_embeds", false);
        o.addProperty("in_channels", spec.zDim() * 4);
        o.addProperty("joint_attention_dim", spec.textHidden());
        o.addProperty("num_attention_heads", spec.heads());
        o.addProperty("num_layers", spec.layers());
        o.addProperty("out_channels", spec.zDim());
        o.addProperty("patch_size", 2);
        return o;
    }

    /** {@code text_encoder/config.json}: a Qwen2.5-VL text stack (no vision tower: text to image only). */
    public static JsonObject textEncoder(DemoSpec spec) {
        JsonObject text = new JsonObject();
        text.addProperty("attention_dropout", 0.0);
        text.addProperty("bos_token_id", BOS_TOKEN_ID);
        text.addProperty("eos_token_id", EOS_TOKEN_ID);
        text.addProperty("hidden_act", "silu");
        text.addProperty("hidden_size", spec.textHidden());
        text.addProperty("initializer_range", 0.02);
        text.addProperty("intermediate_size", spec.textIntermediate());
        JsonArray types = new JsonArray();
        for (int i = 0; i < spec.textLayers(); i++) {
            types.add("full_attention");
        }
        text.add("layer_types", types);
        text.addProperty("max_position_embeddings", 128000);
        text.addProperty("model_type", "qwen2_5_vl_text");
        text.addProperty("num_attention_heads", spec.textHeads());
        text.addProperty("num_hidden_layers", spec.textLayers());
        text.addProperty("num_key_value_heads", spec.textHeads());
        text.addProperty("rms_norm_eps", RMS_NORM_EPS);
        JsonObject rope = new JsonObject();
        rope.add("mrope_section", ints(mropeSection(spec.textHidden() / spec.textHeads())));
        rope.addProperty("rope_theta", ROPE_THETA);
        rope.addProperty("rope_type", "default");
        rope.addProperty("type", "default");
        text.add("rope_parameters", rope);
        text.addProperty("use_cache", true);
        text.addProperty("use_sliding_window", false);
        text.addProperty("vocab_size", QWEN_VOCAB_SIZE);

        JsonObject o = new JsonObject();
        JsonArray arch = new JsonArray();
        arch.add("Qwen2_5_VLForConditionalGeneration");
        o.add("architectures", arch);
        o.addProperty("dtype", "float32");
        o.addProperty("image_token_id", IMAGE_TOKEN_ID);
        o.addProperty("model_type", "qwen2_5_vl");
        o.add("text_config", text);
        o.addProperty("tie_word_embeddings", false);
        o.addProperty("video_token_id", VIDEO_TOKEN_ID);
        o.addProperty("vision_end_token_id", VISION_END_TOKEN_ID);
        o.addProperty("vision_start_token_id", VISION_START_TOKEN_ID);
        o.addProperty("vision_token_id", VISION_TOKEN_ID);
        return o;
    }

    /**
     * The rotary sections (time, height, width) of a head of width {@code headDim}, in Qwen2.5-VL's
     * proportions (16, 24, 24 of 64 pairs), rounded to whole pairs.
     */
    static int[] mropeSection(int headDim) {
        int pairs = headDim / 2;
        int t = Math.max(1, pairs / 4);
        int h = (pairs - t) / 2;
        int w = pairs - t - h;
        return new int[] {t, h, w};
    }

    /** {@code scheduler/scheduler_config.json}: Qwen-Image's released scheduler, unchanged. */
    public static JsonObject scheduler() {
        JsonObject o = new JsonObject();
        o.addProperty("_class_name", "FlowMatchEulerDiscreteScheduler");
        o.addProperty("_diffusers_version", DIFFUSERS_VERSION);
        o.addProperty("base_image_seq_len", 256);
        o.addProperty("base_shift", 0.5);
        o.addProperty("invert_sigmas", false);
        o.addProperty("max_image_seq_len", 8192);
        o.addProperty("max_shift", 0.9);
        o.addProperty("num_train_timesteps", 1000);
        o.addProperty("shift", 1.0);
        o.addProperty("shift_terminal", 0.02);
        o.addProperty("stochastic_sampling", false);
        o.addProperty("time_shift_type", "exponential");
        o.addProperty("use_beta_sigmas", false);
        o.addProperty("use_dynamic_shifting", true);
        o.addProperty("use_exponential_sigmas", false);
        o.addProperty("use_karras_sigmas", false);
        return o;
    }

    /**
     * {@code model_index.json} of a text-to-image pipeline, declaring the size the model was trained for as
     * its default ({@code _seedframe_default_sample_size}, in latents; diffusers ignores the key).
     */
    public static JsonObject modelIndex(DemoSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("_class_name", "QwenImagePipeline");
        o.addProperty("_diffusers_version", DIFFUSERS_VERSION);
        o.addProperty("_seedframe_default_sample_size", spec.latentSize());
        o.add("scheduler", pair("diffusers", "FlowMatchEulerDiscreteScheduler"));
        o.add("text_encoder", pair("transformers", "Qwen2_5_VLForConditionalGeneration"));
        o.add("tokenizer", pair("transformers", "Qwen2Tokenizer"));
        o.add("transformer", pair("diffusers", "QwenImageTransformer2DModel"));
        o.add("vae", pair("diffusers", "AutoencoderKLQwenImage"));
        return o;
    }

    /** Writes {@code json} to {@code file}, pretty-printed, UTF-8. */
    public static void write(JsonObject json, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String text = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json) + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static JsonArray pair(String library, String cls) {
        JsonArray a = new JsonArray();
        a.add(library);
        a.add(cls);
        return a;
    }

    private static JsonArray ints(int[] v) {
        JsonArray a = new JsonArray();
        for (int x : v) {
            a.add(x);
        }
        return a;
    }

    private static JsonArray doubles(double[] v) {
        JsonArray a = new JsonArray();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }
}
