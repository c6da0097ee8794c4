package dev.seedframe.domain;

import java.util.Objects;

/**
 * One LoRA adapter of a request: which file, how strongly, and how it is applied. The file's content is named by
 * its SHA-256 in the identity of the run that used it (the engine computes it).
 *
 * @param path the adapter file (a {@code .safetensors} file), as the user chose it
 * @param weight the adapter weight (diffusers' {@code set_adapters(..., adapter_weights)}; 1 is the adapter as
 *     trained, negative values subtract it)
 * @param method applied at run time or merged into the weights
 */
public record LoraSpec(String path, double weight, LoraMethod method) {

    public LoraSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(method, "method");
        if (path.isBlank()) {
            throw new IllegalArgumentException("a LoRA needs a file");
        }
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("a LoRA weight must be a finite number, not " + weight);
        }
    }

    /** Applied at run time. */
    public static LoraSpec runtime(String path, double weight) {
        return new LoraSpec(path, weight, LoraMethod.RUNTIME);
    }

    /** The file's name without its folder. */
    public String fileName() {
        String p = path.replace('\\', '/');
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
