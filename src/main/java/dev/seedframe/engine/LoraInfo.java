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

    /**
     * How a run's model identity names an adapter: its components after the model's are {@code lora:<file name>} (then
     * {@code #2} for a second use of one name), with the file's SHA-256 as their weights fingerprint (see {@link
     * ModelProvider#identityWith}).
     */
    public static final String IDENTITY_PREFIX = "lora:";

    public LoraInfo {
        metadata = Map.copyOf(metadata);
    }

    /** The file's name without its folder. */
    public String fileName() {
        return file.getFileName().toString();
    }
}
