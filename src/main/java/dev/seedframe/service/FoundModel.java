package dev.seedframe.service;

import dev.seedframe.domain.ModelSource;
import dev.seedframe.engine.MemoryFit;
import dev.seedframe.engine.ModelVariant;
import dev.seedframe.engine.SingleFileDescription;
import java.nio.file.Path;
import java.util.List;

/**
 * One entry of the model list.
 *
 * @param origin where it was found
 * @param path the pipeline folder (a Hub snapshot, a user's folder) or the single file
 * @param name what to call it: {@code Qwen/Qwen-Image@main}, the folder's or the file's name
 * @param source where a generation made with it will record it came from (null for a single file)
 * @param variant which Qwen-Image it is, or null when not known (a single file whose name does not say)
 * @param component for a single file, which part it holds; null for a pipeline
 * @param precision how its weights are stored ({@code bf16}, {@code fp8 e4m3fn}, ...)
 * @param sizeBytes bytes on disk
 * @param problems what is missing or broken; empty when complete
 * @param fit which memory mode runs it on this machine (null for a single file: not estimated alone)
 * @param detail more in words (a single file's key layout, a Hub snapshot's half-finished download)
 * @param unsupported why this Seedframe cannot run it yet (e.g. Edit-2511's {@code zero_cond_t}), or null
 * @param comfyUi for a single file, the ComfyUI {@code models/} folder it was found in; null for a pipeline
 */
public record FoundModel(Origin origin, Path path, String name, ModelSource source, ModelVariant variant,
        SingleFileDescription.Component component, String precision, long sizeBytes, List<String> problems,
        MemoryFit fit, String detail, String unsupported, Path comfyUi) {

    /** Where a model was found. */
    public enum Origin {
        HUB_CACHE("Hugging Face cache"),
        FOLDER("folder"),
        COMFYUI("ComfyUI");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public FoundModel {
        problems = List.copyOf(problems);
    }

    public boolean complete() {
        return problems.isEmpty();
    }

    public boolean singleFile() {
        return component != null;
    }
}
