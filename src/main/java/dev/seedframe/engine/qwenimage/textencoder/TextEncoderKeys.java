package dev.seedframe.engine.qwenimage.textencoder;

import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.WeightsException;
import java.util.List;
import java.util.TreeSet;

/**
 * Checkpoint key spellings of the Qwen2.5-VL text encoder. The model classes use the legacy names of
 * the published checkpoints ({@code model.embed_tokens.weight}, {@code model.layers.N.*},
 * {@code model.norm.weight}, {@code lm_head.weight}, {@code visual.*}); transformers 5 saves
 * {@code model.language_model.*} and {@code model.visual.*} instead (its
 * {@code _checkpoint_conversion_mapping}: {@code ^visual → model.visual}, {@code ^model → model.language_model}).
 */
public final class TextEncoderKeys {

    static final String MODEL = "model";
    static final String EMBED_TOKENS = "embed_tokens";
    static final String LAYERS = "layers";
    static final String NORM = "norm";
    static final String LM_HEAD = "lm_head";
    static final String VISUAL = "visual";

    private static final String LEGACY_EMBED = MODEL + "." + EMBED_TOKENS + ".weight";
    private static final String LANGUAGE_MODEL_PREFIX = "model.language_model.";

    private TextEncoderKeys() {}

    /** Legacy (canonical) key → transformers 5 key. */
    static String toLanguageModelKey(String key) {
        if (key.equals(VISUAL) || key.startsWith(VISUAL + ".")) {
            return MODEL + "." + key;
        }
        if (key.startsWith(MODEL + ".")) {
            return LANGUAGE_MODEL_PREFIX + key.substring(MODEL.length() + 1);
        }
        return key;
    }

    /**
     * What the checkpoint holds, read from its headers: decoder layers counted and the hidden width (the token
     * embedding's), or null when it is not a Qwen2.5-VL text encoder (no token embedding, no layer 0).
     */
    public static Size size(Checkpoint checkpoint) {
        for (boolean modern : new boolean[] {false, true}) {
            java.util.function.UnaryOperator<String> key = modern ? TextEncoderKeys::toLanguageModelKey : k -> k;
            var embed = checkpoint.info(key.apply(LEGACY_EMBED));
            String layer = MODEL + "." + LAYERS + ".";
            if (embed == null || embed.shape().length != 2
                    || checkpoint.info(key.apply(layer + "0.self_attn.q_proj.weight")) == null) {
                continue;
            }
            // every layer index any key names (a layer missing a tensor still counts)
            int layers = checkpoint.indexedCount(key.apply(layer));
            return new Size(layers, embed.shape()[1], embed.shape()[0]);
        }
        return null;
    }

    /**
     * A text encoder's size as its weights show it.
     *
     * @param layers decoder layers
     * @param hidden the hidden width
     * @param vocab the token embedding's rows
     */
    public record Size(int layers, long hidden, long vocab) {

        public boolean fits(TextEncoderConfig c) {
            return layers == c.numHiddenLayers() && hidden == c.hiddenSize() && vocab == c.vocabSize();
        }

        @Override
        public String toString() {
            return layers + " layers of width " + hidden;
        }
    }

    /**
     * Which spelling the checkpoint uses, decided by where its token embedding is.
     *
     * @throws WeightsException if it has neither (not a Qwen2.5-VL text encoder)
     */
    static boolean usesLanguageModelKeys(Checkpoint checkpoint) throws WeightsException {
        String newEmbed = toLanguageModelKey(LEGACY_EMBED);
        boolean legacy = checkpoint.info(LEGACY_EMBED) != null;
        boolean modern = checkpoint.info(newEmbed) != null;
        if (legacy && modern) {
            throw new WeightsException("The text_encoder weights in " + checkpoint.dir() + " hold both " + LEGACY_EMBED
                    + " and " + newEmbed + ": two checkpoints mixed in one folder?");
        }
        if (!legacy && !modern) {
            List<String> sample = new TreeSet<>(checkpoint.names()).stream().limit(5).toList();
            throw new WeightsException("The text_encoder weights in " + checkpoint.dir() + " are not a Qwen2.5-VL text"
                    + " encoder: there is no " + LEGACY_EMBED + " (nor " + newEmbed + "); the files hold e.g. " + sample);
        }
        return modern;
    }
}
