package dev.seedframe.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a LoRA file holds, read and checked without a model ({@link ModelProvider#inspectLora}): whether it fits a
 * given model is checked when a request uses it.
 *
 * @param file the file
 * @param sha256 SHA-256 of its bytes (what a run's model identity records)
 * @param sizeBytes its size
 * @param layout the key layout it follows, in words (diffusers/PEFT, ai-toolkit, kohya/musubi, without a prefix)
 * @param modules how many modules it adapts
 * @param minRank the smallest rank of its modules
 * @param maxRank the largest
 * @param dtypes the dtypes of its projections ("F32", "BF16", ...)
 * @param metadata its safetensors metadata
 * @param preset the sampling settings it brings (a Lightning LoRA: its scheduler, steps and CFG 1), or null
 */
public record LoraInfo(Path file, String sha256, long sizeBytes, String layout, int modules, int minRank,
        int maxRank, String dtypes, Map<String, String> metadata, SamplingPreset preset) {

    public LoraInfo {
        metadata = Map.copyOf(metadata);
    }

    /** The file's name without its folder. */
    public String fileName() {
        return file.getFileName().toString();
    }
}
