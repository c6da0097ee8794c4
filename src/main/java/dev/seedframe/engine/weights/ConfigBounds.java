package dev.seedframe.engine.weights;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The range every number in a model's configuration files must fall in, by key, so that a damaged or
 * hostile {@code config.json} is refused at once with the key, the value and the bound, instead of
 * building a model of a million layers. The bounds are what the released Qwen-Image, Qwen-Image-Edit and
 * Edit-2509 files hold (QWEN-IMAGE-SPEC.md A.2, the bundled {@code qwen-image/transformer/config.json}),
 * with room: at least four times the released size for every architecture value, so that a larger
 * member of the family still loads; the lower bounds let the tiny test models through.
 *
 * <p>A key is bounded by its name wherever it appears ({@code hidden_size} of the text encoder and of its
 * vision tower share one range). A key not listed gets {@link #DEFAULT}, which still refuses the absurd;
 * {@code ConfigBoundsTest} checks that every key the readers use is listed.
 */
public final class ConfigBounds {

    /**
     * An inclusive range; {@code minExclusive} for values that must be above {@code min} (an epsilon).
     *
     * @param released what the released models use, for messages (null when nothing is released)
     */
    public record Range(double min, double max, boolean minExclusive, String released) {

        boolean contains(double v) {
            return (minExclusive ? v > min : v >= min) && v <= max;
        }

        String describe() {
            String lo = minExclusive ? "above " + number(min) : "at least " + number(min);
            return lo + " and at most " + number(max) + (released == null ? "" : " (the released models use "
                    + released + ")");
        }

        @Override
        public String toString() {
            return (minExclusive ? "(" : "[") + number(min) + ", " + number(max) + "]";
        }
    }

    /** For keys without a range of their own: any sane count or number. */
    static final Range DEFAULT = new Range(-(1 << 24), 1 << 24, false, null);

    private static final Map<String, Range> BOUNDS = Map.ofEntries(
            // transformer/config.json (Qwen-Image, Edit, Edit-2509)
            Map.entry("patch_size", ints(1, 64, "2 in the transformer, 14 in the vision tower")),
            Map.entry("in_channels", ints(1, 1024, "64 in the transformer, 3 in the vision tower")),
            Map.entry("out_channels", ints(1, 1024, "16")),
            Map.entry("num_layers", ints(1, 240, "60")),
            Map.entry("attention_head_dim", ints(2, 1024, "128")),
            Map.entry("num_attention_heads", ints(1, 256, "24 in the transformer, 28 in the text encoder")),
            Map.entry("joint_attention_dim", ints(1, 16384, "3584")),
            Map.entry("axes_dims_rope", ints(2, 1024, "[16, 56, 56]")),
            Map.entry("pooled_projection_dim", ints(1, 16384, "768")),
            // vae/config.json
            Map.entry("base_dim", ints(1, 1024, "96")),
            Map.entry("z_dim", ints(1, 256, "16")),
            Map.entry("dim_mult", ints(1, 64, "[1, 2, 4, 4]")),
            Map.entry("num_res_blocks", ints(1, 16, "2")),
            Map.entry("attn_scales", new Range(0, 1, true, "[]")),
            Map.entry("dropout", new Range(0, 1, false, "0.0")),
            Map.entry("input_channels", ints(1, 16, "3")),
            Map.entry("latents_mean", new Range(-1000, 1000, false, "values between -0.95 and 1.56")),
            Map.entry("latents_std", new Range(0, 1000, true, "values between 1.12 and 3.27")),
            // text_encoder/config.json (Qwen2.5-VL-7B) and its vision_config
            Map.entry("vocab_size", ints(1, 1 << 20, "152064")),
            Map.entry("hidden_size", ints(1, 16384, "3584, 1280 in the vision tower")),
            Map.entry("intermediate_size", ints(1, 131072, "18944, 3420 in the vision tower")),
            Map.entry("num_hidden_layers", ints(1, 256, "28")),
            Map.entry("num_key_value_heads", ints(1, 256, "4")),
            Map.entry("rms_norm_eps", new Range(0, 0.1, true, "1e-6")),
            Map.entry("rope_theta", new Range(0, 1e9, true, "1000000")),
            Map.entry("mrope_section", ints(1, 1024, "[16, 24, 24]")),
            Map.entry("max_position_embeddings", ints(1, 1 << 24, "128000")),
            Map.entry("image_token_id", ints(0, 1 << 20, "151655")),
            Map.entry("video_token_id", ints(0, 1 << 20, "151656")),
            Map.entry("vision_start_token_id", ints(0, 1 << 20, "151652")),
            Map.entry("vision_end_token_id", ints(0, 1 << 20, "151653")),
            Map.entry("vision_token_id", ints(0, 1 << 20, "151654")),
            Map.entry("depth", ints(1, 256, "32")),
            Map.entry("num_heads", ints(1, 256, "16")),
            Map.entry("in_chans", ints(1, 16, "3")),
            Map.entry("temporal_patch_size", ints(1, 16, "2")),
            Map.entry("spatial_merge_size", ints(1, 16, "2")),
            Map.entry("window_size", ints(1, 4096, "112")),
            Map.entry("fullatt_block_indexes", ints(0, 255, "[7, 15, 23, 31]")),
            Map.entry("out_hidden_size", ints(1, 16384, "3584")),
            Map.entry("tokens_per_second", ints(1, 1000, "2")),
            // scheduler/scheduler_config.json
            Map.entry("num_train_timesteps", ints(1, 100_000, "1000")),
            Map.entry("shift", new Range(0, 100, true, "1.0")),
            Map.entry("base_shift", new Range(-100, 100, false, "0.5")),
            Map.entry("max_shift", new Range(-100, 100, false, "0.9")),
            Map.entry("base_image_seq_len", ints(1, 1 << 24, "256")),
            Map.entry("max_image_seq_len", ints(1, 1 << 24, "8192")),
            Map.entry("shift_terminal", new Range(0, 1, false, "0.02")),
            // processor/preprocessor_config.json (Edit)
            Map.entry("min_pixels", ints(1, 1 << 28, "3136")),
            Map.entry("max_pixels", ints(1, 1 << 28, "12845056")),
            Map.entry("shortest_edge", ints(1, 1 << 28, "3136")),
            Map.entry("longest_edge", ints(1, 1 << 28, "12845056")),
            Map.entry("merge_size", ints(1, 16, "2")),
            Map.entry("image_mean", new Range(-10, 10, false, "[0.481, 0.458, 0.408]")),
            Map.entry("image_std", new Range(0, 10, true, "[0.269, 0.261, 0.276]")),
            Map.entry("resample", ints(0, 5, "3 (bicubic)")),
            Map.entry("rescale_factor", new Range(0, 1, true, "1/255")));

    /** Entries in one list value (dim_mult, axes_dims_rope, fullatt_block_indexes...). */
    public static final int MAX_LIST_LENGTH = 256;

    private ConfigBounds() {}

    private static Range ints(long min, long max, String released) {
        return new Range(min, max, false, released);
    }

    /** The range of {@code key}, or {@link #DEFAULT}. */
    public static Range of(String key) {
        return BOUNDS.getOrDefault(key, DEFAULT);
    }

    /** Whether {@code key} has a range of its own. */
    public static boolean isListed(String key) {
        return BOUNDS.containsKey(key);
    }

    /** Throws unless {@code value} (as written: {@code text}) is within the range of {@code key}. */
    static void check(String source, String key, double value, String text) throws WeightsException {
        Range r = of(key);
        if (!Double.isFinite(value) || !r.contains(value)) {
            throw new WeightsException(source + ": \"" + key + "\" is " + text + "; it must be " + r.describe());
        }
    }

    /** Prints a bound without a trailing ".0" or an exponent for whole numbers. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
