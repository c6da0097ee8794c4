package dev.seedframe.engine.qwenimage.loading;

import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.weights.JsonConfig;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A diffusers pipeline folder of the Qwen-Image family: {@code model_index.json} and one sub-folder per
 * component. Opening it checks everything that can be checked without reading weights and reports
 * every problem at once.
 */
public final class PipelineFolder {

    /** The pipeline classes Seedframe runs, with what each can do. */
    public enum Family {
        QWEN_IMAGE(EnumSet.of(PipelineKind.TEXT_TO_IMAGE, PipelineKind.IMAGE_TO_IMAGE, PipelineKind.INPAINT,
                PipelineKind.OUTPAINT), false),
        QWEN_IMAGE_EDIT(EnumSet.of(PipelineKind.EDIT), true),
        QWEN_IMAGE_EDIT_PLUS(EnumSet.of(PipelineKind.EDIT), true);

        private final Set<PipelineKind> kinds;
        private final boolean needsProcessor;

        Family(Set<PipelineKind> kinds, boolean needsProcessor) {
            this.kinds = kinds;
            this.needsProcessor = needsProcessor;
        }

        public Set<PipelineKind> kinds() {
            return kinds;
        }

        public boolean needsProcessor() {
            return needsProcessor;
        }
    }

    static final Map<String, Family> PIPELINE_CLASSES = Map.of(
            "QwenImagePipeline", Family.QWEN_IMAGE,
            "QwenImageImg2ImgPipeline", Family.QWEN_IMAGE,
            "QwenImageInpaintPipeline", Family.QWEN_IMAGE,
            "QwenImageEditPipeline", Family.QWEN_IMAGE_EDIT,
            "QwenImageEditPlusPipeline", Family.QWEN_IMAGE_EDIT_PLUS);

    /** Component folder → the class model_index.json must name for it, and the config file it holds. */
    record Expected(String className, String configFile) {}

    static final Map<String, Expected> COMPONENTS;

    static {
        Map<String, Expected> m = new LinkedHashMap<>();
        m.put("transformer", new Expected("QwenImageTransformer2DModel", "config.json"));
        m.put("vae", new Expected("AutoencoderKLQwenImage", "config.json"));
        m.put("text_encoder", new Expected("Qwen2_5_VLForConditionalGeneration", "config.json"));
        m.put("tokenizer", new Expected("Qwen2Tokenizer", null));
        m.put("scheduler", new Expected("FlowMatchEulerDiscreteScheduler", "scheduler_config.json"));
        m.put("processor", new Expected("Qwen2VLProcessor", null));
        COMPONENTS = m;
    }

    /**
     * Seedframe's key in {@code model_index.json} for a pipeline trained for another output size than
     * diffusers' {@code default_sample_size} (the demo model, trained at 128 × 128): the default side in
     * latents. diffusers ignores keys that start with an underscore.
     */
    static final String DEFAULT_SAMPLE_SIZE_KEY = "_seedframe_default_sample_size";

    private final Path dir;
    private final String pipelineClass;
    private final Family family;
    private final JsonConfig index;
    private final OptionalInt defaultSampleSize;

    private PipelineFolder(Path dir, String pipelineClass, Family family, JsonConfig index,
            OptionalInt defaultSampleSize) {
        this.dir = dir;
        this.pipelineClass = pipelineClass;
        this.family = family;
        this.index = index;
        this.defaultSampleSize = defaultSampleSize;
    }

    public static PipelineFolder open(Path dir) throws WeightsException {
        return open(dir, Set.of());
    }

    /**
     * Opens {@code dir} when {@code singleFiles} (component names) are given as single files: their folders need not
     * be there (each is checked where its config is chosen).
     */
    public static PipelineFolder open(Path dir, Set<String> singleFiles) throws WeightsException {
        if (!Files.exists(dir)) {
            throw new WeightsException("Model folder not found: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new WeightsException(dir + " is a file, not a model folder. Choose the folder that"
                    + " holds model_index.json (for example the downloaded Qwen/Qwen-Image).");
        }
        Path indexFile = dir.resolve("model_index.json");
        if (!Files.isRegularFile(indexFile)) {
            String hint = "";
            if (Files.isRegularFile(dir.resolve("config.json"))
                    || Files.isRegularFile(dir.resolve("scheduler_config.json"))) {
                hint = " It looks like one component folder of a pipeline; use the folder above it.";
            }
            throw new WeightsException(dir + " is not a diffusers pipeline folder: it has no model_index.json."
                    + hint + " Choose the folder that holds model_index.json, transformer/, vae/,"
                    + " text_encoder/, tokenizer/ and scheduler/ (for example the downloaded Qwen/Qwen-Image).");
        }
        JsonConfig index = JsonConfig.read(indexFile, "model_index.json");
        String cls = index.getString("_class_name", "");
        Family family = PIPELINE_CLASSES.get(cls);
        if (family == null) {
            throw new WeightsException(dir + " holds a " + (cls.isEmpty() ? "pipeline of unknown class" : cls)
                    + "; Seedframe runs the Qwen-Image family (" + String.join(", ", PIPELINE_CLASSES.keySet())
                    + ").");
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Expected> e : COMPONENTS.entrySet()) {
            String name = e.getKey();
            boolean required = (!name.equals("processor") || family.needsProcessor()) && !singleFiles.contains(name);
            if (!required) {
                continue;
            }
            Expected exp = e.getValue();
            String declared = declaredClass(index, name);
            if (declared == null) {
                problems.add("model_index.json does not list the " + name + " component");
            } else if (!declared.equals(exp.className())) {
                problems.add(name + " is a " + declared + ", expected " + exp.className());
            }
            Path sub = dir.resolve(name);
            if (!Files.isDirectory(sub)) {
                problems.add("the " + name + "/ folder is missing");
            } else if (exp.configFile() != null && !Files.isRegularFile(sub.resolve(exp.configFile()))) {
                problems.add(name + "/" + exp.configFile() + " is missing");
            }
        }
        if (!problems.isEmpty()) {
            throw new WeightsException("The model folder " + dir + " is incomplete or not a Qwen-Image pipeline:\n  "
                    + String.join("\n  ", problems));
        }
        OptionalInt sampleSize = index.has(DEFAULT_SAMPLE_SIZE_KEY)
                ? OptionalInt.of(JsonConfig.positive(index, DEFAULT_SAMPLE_SIZE_KEY, index.getInt(DEFAULT_SAMPLE_SIZE_KEY)))
                : OptionalInt.empty();
        return new PipelineFolder(dir, cls, family, index, sampleSize);
    }

    private static String declaredClass(JsonConfig index, String component) {
        var el = index.json().get(component);
        if (el == null || !el.isJsonArray() || el.getAsJsonArray().size() != 2) {
            return null;
        }
        var c = el.getAsJsonArray().get(1);
        return c.isJsonNull() ? null : c.getAsString();
    }

    public Path dir() {
        return dir;
    }

    public Path component(String name) {
        return dir.resolve(name);
    }

    public String pipelineClass() {
        return pipelineClass;
    }

    public Family family() {
        return family;
    }

    /** The default output side in latents the folder declares ({@link #DEFAULT_SAMPLE_SIZE_KEY}), if any. */
    public OptionalInt defaultSampleSize() {
        return defaultSampleSize;
    }

    public String indexSha256() {
        return index.sha256();
    }
}
