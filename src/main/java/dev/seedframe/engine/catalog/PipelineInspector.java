package dev.seedframe.engine.catalog;

import dev.seedframe.engine.ModelVariant;
import dev.seedframe.engine.ModelWeights;
import dev.seedframe.engine.PipelineDescription;
import dev.seedframe.engine.qwenimage.loading.PipelineFolder;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.JsonConfig;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a diffusers pipeline folder of the Qwen-Image family for the model list: which model it is (pipeline
 * class, {@code zero_cond_t}, its name), how its weights are stored, how big it is, what is missing, and its
 * parameter counts. Reads {@code model_index.json}, the component configs and the safetensors headers.
 */
public final class PipelineInspector {

    /** The weight components: folder name → file stem diffusers/transformers use. */
    private static final Map<String, String> WEIGHTS = new LinkedHashMap<>();

    static {
        WEIGHTS.put("transformer", "diffusion_pytorch_model");
        WEIGHTS.put("text_encoder", "model");
        WEIGHTS.put("vae", "diffusion_pytorch_model");
    }

    private PipelineInspector() {}

    public static Optional<PipelineDescription> describe(Path dir, String nameHint) {
        if (!Files.isRegularFile(dir.resolve("model_index.json"))) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        PipelineFolder folder = null;
        try {
            folder = PipelineFolder.open(dir);
        } catch (WeightsException e) {
            problems.addAll(problemLines(e.getMessage()));
        }
        String basis = null;
        ModelVariant variant = null;
        if (folder != null) {
            boolean zeroCond = zeroCondT(dir, problems);
            variant = variant(folder, zeroCond, dir, nameHint);
            basis = folder.pipelineClass() + (folder.family() == PipelineFolder.Family.QWEN_IMAGE_EDIT_PLUS
                    ? ", transformer zero_cond_t: " + zeroCond : "")
                    + (variant == ModelVariant.QWEN_IMAGE_2512 ? ", \"2512\" in its name" : "");
        }
        Map<String, Map<StDType, Long>> bytesByDtype = new LinkedHashMap<>();
        Counts counts = new Counts();
        for (Map.Entry<String, String> w : WEIGHTS.entrySet()) {
            Path sub = dir.resolve(w.getKey());
            if (!Files.isDirectory(sub)) {
                continue; // PipelineFolder said so
            }
            try (Checkpoint ck = Checkpoint.open(sub, w.getKey(), w.getValue())) {
                Map<StDType, Long> dt = new EnumMap<>(StDType.class);
                for (String name : ck.names()) {
                    TensorInfo t = ck.info(name);
                    dt.merge(t.dtype(), t.length(), Long::sum);
                    counts.add(w.getKey(), name, t.numel());
                }
                bytesByDtype.put(w.getKey(), dt);
            } catch (WeightsException e) {
                problems.add(e.getMessage());
            }
        }
        checkTokenizer(dir, problems);
        ModelWeights weights = bytesByDtype.size() == WEIGHTS.size()
                ? counts.weights(dir, variant != null && variant.isEdit(), problems) : null;
        return Optional.of(new PipelineDescription(dir, variant, basis, precision(bytesByDtype),
                DiskUsage.bytes(dir), problems, weights, unsupported(dir)));
    }

    /** The problem lines of a {@link PipelineFolder} message (one per line after the first, else the whole). */
    private static List<String> problemLines(String message) {
        String[] lines = message.split("\n");
        List<String> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(lines[i].strip());
            }
        }
        if (out.isEmpty()) {
            out.add(message.strip());
        }
        return out;
    }

    /** What the engine's transformer refuses in this folder's config (Edit-2511's zero_cond_t, ...), or null. */
    private static String unsupported(Path dir) {
        Path config = dir.resolve("transformer").resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return null;
        }
        try {
            TransformerConfig.fromJson(config);
            return null;
        } catch (WeightsException e) {
            return e.getMessage();
        }
    }

    private static boolean zeroCondT(Path dir, List<String> problems) {
        Path config = dir.resolve("transformer").resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            return JsonConfig.read(config, "transformer/config.json").getBoolean("zero_cond_t", false);
        } catch (WeightsException e) {
            problems.add(e.getMessage());
            return false;
        }
    }

    private static ModelVariant variant(PipelineFolder folder, boolean zeroCond, Path dir, String nameHint) {
        switch (folder.family()) {
            case QWEN_IMAGE_EDIT:
                return ModelVariant.EDIT;
            case QWEN_IMAGE_EDIT_PLUS:
                return zeroCond ? ModelVariant.EDIT_2511 : ModelVariant.EDIT_2509;
            default:
                String names = ((nameHint == null ? "" : nameHint) + " " + dir.getFileName()).toLowerCase(Locale.ROOT);
                return names.contains("2512") ? ModelVariant.QWEN_IMAGE_2512 : ModelVariant.QWEN_IMAGE;
        }
    }

    private static void checkTokenizer(Path dir, List<String> problems) {
        Path tok = dir.resolve("tokenizer");
        if (!Files.isDirectory(tok)) {
            return; // PipelineFolder said so
        }
        boolean fast = Files.isRegularFile(tok.resolve("tokenizer.json"));
        boolean slow = Files.isRegularFile(tok.resolve("vocab.json")) && Files.isRegularFile(tok.resolve("merges.txt"));
        if (!fast && !slow) {
            problems.add("tokenizer/ holds neither tokenizer.json nor vocab.json with merges.txt");
        }
    }

    /** {@code bf16} when every component stores one type, else each component's. */
    private static String precision(Map<String, Map<StDType, Long>> bytesByDtype) {
        Map<String, String> per = new LinkedHashMap<>();
        bytesByDtype.forEach((component, dt) -> per.put(component, Precisions.of(dt)));
        if (per.isEmpty()) {
            return "unknown";
        }
        if (per.values().stream().distinct().count() == 1) {
            return per.values().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        per.forEach((c, p) -> parts.add(c.replace('_', ' ') + " " + p));
        return String.join(", ", parts);
    }

    /** Parameter counts gathered tensor by tensor. */
    private static final class Counts {
        long transformerBlocks;
        long transformerOther;
        long textLayers;
        long textOther;
        long vision;
        long vae;

        void add(String component, String name, long numel) {
            switch (component) {
                case "transformer" -> {
                    if (name.startsWith("transformer_blocks.")) {
                        transformerBlocks += numel;
                    } else {
                        transformerOther += numel;
                    }
                }
                case "text_encoder" -> {
                    if (name.startsWith("visual.") || name.startsWith("model.visual.")) {
                        vision += numel;
                    } else if (name.contains(".layers.")) {
                        textLayers += numel;
                    } else if (!name.contains("embed_tokens") && !name.startsWith("lm_head")) {
                        textOther += numel;
                    }
                }
                default -> vae += numel;
            }
        }

        ModelWeights weights(Path dir, boolean edit, List<String> problems) {
            try {
                JsonConfig t = JsonConfig.read(dir.resolve("transformer").resolve("config.json"),
                        "transformer/config.json");
                JsonConfig te = JsonConfig.read(dir.resolve("text_encoder").resolve("config.json"),
                        "text_encoder/config.json");
                JsonConfig text = te.getObjectOrNull("text_config");
                int teLayers = (text != null ? text : te).getInt("num_hidden_layers");
                int width = t.getInt("num_attention_heads") * t.getInt("attention_head_dim");
                return new ModelWeights(transformerBlocks, transformerOther, t.getInt("num_layers"), width, textLayers,
                        teLayers, textOther, vision, vae, edit);
            } catch (WeightsException e) {
                problems.add(e.getMessage());
                return null;
            }
        }
    }
}
