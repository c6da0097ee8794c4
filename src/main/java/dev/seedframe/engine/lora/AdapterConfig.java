package dev.seedframe.engine.lora;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.HashMap;
import java.util.Map;

/**
 * The PEFT {@code LoraConfig} a diffusers-saved LoRA file carries in its safetensors metadata ({@code
 * lora_adapter_metadata}, keys prefixed {@code transformer.}): diffusers builds the adapter from it, so its {@code
 * lora_alpha} and {@code r} (and their per-module patterns, and {@code use_rslora}) set the scale. Files without it
 * get PEFT's default for a converted state dict: alpha = rank per module, a scale of 1.
 *
 * @param r the rank the config names, or 0 when the file has no config
 * @param loraAlpha the alpha it names
 * @param rankPattern per-module ranks (module name suffix → rank)
 * @param alphaPattern per-module alphas
 * @param useRslora rank-stabilised scaling, alpha / √rank
 * @param useDora a DoRA adapter (refused)
 */
record AdapterConfig(int r, double loraAlpha, Map<String, Integer> rankPattern, Map<String, Double> alphaPattern,
        boolean useRslora, boolean useDora) {

    /** diffusers' {@code LORA_ADAPTER_METADATA_KEY}. */
    static final String METADATA_KEY = "lora_adapter_metadata";

    static final AdapterConfig NONE = new AdapterConfig(0, 0, Map.of(), Map.of(), false, false);

    /** The config in {@code metadata}, {@link #NONE} when there is none; a malformed one is named. */
    static AdapterConfig of(Map<String, String> metadata) throws LoraFileException {
        String raw = metadata.get(METADATA_KEY);
        if (raw == null || raw.isBlank()) {
            return NONE;
        }
        JsonObject all;
        try {
            JsonElement e = JsonParser.parseString(raw);
            if (!e.isJsonObject()) {
                throw new LoraFileException("its " + METADATA_KEY + " metadata is not a JSON object");
            }
            all = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new LoraFileException("its " + METADATA_KEY + " metadata is not valid JSON");
        }
        JsonObject c = new JsonObject();
        boolean prefixed = all.keySet().stream().anyMatch(k -> k.startsWith("transformer."));
        for (String k : all.keySet()) {
            if (!prefixed) {
                c.add(k, all.get(k));
            } else if (k.startsWith("transformer.")) {
                c.add(k.substring("transformer.".length()), all.get(k));
            }
        }
        try {
            int r = c.has("r") ? c.get("r").getAsInt() : 8; // LoraConfig's defaults
            double alpha = c.has("lora_alpha") ? c.get("lora_alpha").getAsDouble() : 8;
            Map<String, Integer> ranks = new HashMap<>();
            if (c.has("rank_pattern") && c.get("rank_pattern").isJsonObject()) {
                c.getAsJsonObject("rank_pattern").entrySet().forEach(e -> ranks.put(e.getKey(),
                        e.getValue().getAsInt()));
            }
            Map<String, Double> alphas = new HashMap<>();
            if (c.has("alpha_pattern") && c.get("alpha_pattern").isJsonObject()) {
                c.getAsJsonObject("alpha_pattern").entrySet().forEach(e -> alphas.put(e.getKey(),
                        e.getValue().getAsDouble()));
            }
            return new AdapterConfig(r, alpha, Map.copyOf(ranks), Map.copyOf(alphas), bool(c, "use_rslora"),
                    bool(c, "use_dora"));
        } catch (RuntimeException e) {
            throw new LoraFileException("its " + METADATA_KEY + " metadata holds a malformed LoRA config ("
                    + e.getMessage() + ")");
        }
    }

    private static boolean bool(JsonObject c, String key) {
        return c.has(key) && !c.get(key).isJsonNull() && c.get(key).getAsBoolean();
    }

    boolean present() {
        return r > 0;
    }

    /** The rank the config gives {@code module} (PEFT's {@code rank_pattern}, else {@code r}). */
    int rank(String module) {
        Integer p = pattern(rankPattern, module);
        return p != null ? p : r;
    }

    /**
     * PEFT's adapter scaling for {@code module} at adapter weight {@code weight} ({@code set_scale}: weight ·
     * lora_alpha / r, or / √r with rsLoRA), where a file without a config has lora_alpha = r = the tensors' rank.
     */
    double scaling(String module, int tensorRank, double weight) {
        if (!present()) {
            return weight * tensorRank / tensorRank;
        }
        Double a = pattern(alphaPattern, module);
        double alpha = a != null ? a : loraAlpha;
        int rank = rank(module);
        return useRslora ? weight * alpha / Math.sqrt(rank) : weight * alpha / rank;
    }

    /** PEFT's {@code get_pattern_key}: a pattern applies to a module whose name is it or ends with "." + it. */
    private static <T> T pattern(Map<String, T> patterns, String module) {
        for (Map.Entry<String, T> e : patterns.entrySet()) {
            if (module.equals(e.getKey()) || module.endsWith("." + e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
