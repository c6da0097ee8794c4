package dev.seedframe.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * What a pipeline folder is, read from its configs and safetensors headers without loading a weight.
 *
 * @param folder the folder holding {@code model_index.json}
 * @param variant which Qwen-Image model it is, or null when the folder is not one Seedframe runs
 * @param basis what the variant was read from, in words (e.g. {@code QwenImageEditPlusPipeline,
 *     transformer zero_cond_t: true})
 * @param precision how the weights are stored: {@code bf16}, {@code f32}, {@code f16}, or per component
 *     when they differ ({@code transformer bf16, text encoder f32})
 * @param sizeBytes bytes on disk of every file reached from the folder (links followed, each file once)
 * @param problems what is missing or damaged, one line each; empty when the pipeline is complete
 * @param weights parameter counts for the memory estimate, or null when the weights could not be read
 * @param unsupported why this engine cannot run it yet (a feature its transformer config asks for), or null
 */
public record PipelineDescription(Path folder, ModelVariant variant, String basis, String precision, long sizeBytes,
        List<String> problems, ModelWeights weights, String unsupported) {

    public PipelineDescription {
        problems = List.copyOf(problems);
    }

    public boolean complete() {
        return problems.isEmpty();
    }
}
