package dev.seedframe.engine;

import dev.seedframe.engine.catalog.MemoryEstimator;
import dev.seedframe.engine.catalog.PipelineInspector;
import dev.seedframe.engine.catalog.SingleFileInspector;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The engine's knowledge of the Qwen-Image family for finding models (the model list, {@code seedframe models}):
 * what a folder or a single file is, whether it is complete, and which memory mode lets it run here. Reads
 * configs and safetensors headers only; never loads a weight and never throws for a folder that is not a model.
 */
public final class ModelCatalog {

    private ModelCatalog() {}

    /**
     * Describes a diffusers pipeline folder.
     *
     * @param dir the folder holding {@code model_index.json}
     * @param nameHint the repository id or folder name it is known by (Qwen-Image-2512 is told from Qwen-Image only
     *     by its name), or null
     * @return its description, or empty when the folder holds no {@code model_index.json}
     */
    public static Optional<PipelineDescription> describeFolder(Path dir, String nameHint) {
        return PipelineInspector.describe(dir, nameHint);
    }

    /** Describes a single safetensors file; empty when it is not a part of a Qwen-Image model (or not readable). */
    public static Optional<SingleFileDescription> describeFile(Path file) {
        return SingleFileInspector.describe(file);
    }

    /**
     * Which memory mode lets {@code weights} run within {@code budgetBytes}: on a GPU with bf16 weights (int8 with
     * float32 activations), on the CPU in float32.
     */
    public static MemoryFit memoryFit(ModelWeights weights, long budgetBytes, boolean gpu) {
        return MemoryEstimator.fit(weights, budgetBytes, gpu);
    }
}
