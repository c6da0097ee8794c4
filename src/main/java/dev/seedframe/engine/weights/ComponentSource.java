package dev.seedframe.engine.weights;

import java.nio.file.Path;

/**
 * Where one weighted pipeline component is: its weights (a diffusers component folder, or one {@code .safetensors}
 * file such as ComfyUI keeps) and the {@code config.json} that describes it (a single file has none of its own: it
 * comes from the model folder, from Seedframe's bundled Qwen-Image configs, or from a folder the caller names).
 *
 * @param component the component's name ({@code transformer}, {@code vae}, {@code text_encoder})
 * @param weights the component folder, or the single file
 * @param singleFile whether {@code weights} is one file
 * @param baseName the file stem diffusers and transformers use in a folder ({@code diffusion_pytorch_model},
 *     {@code model})
 * @param config the config file
 * @param configLabel how messages name the config ({@code transformer/config.json}, {@code Qwen-Image's bundled
 *     transformer config})
 */
public record ComponentSource(String component, Path weights, boolean singleFile, String baseName, Path config,
        String configLabel) {

    /** A diffusers component folder holding its weights and {@code config.json}. */
    public static ComponentSource folder(Path dir, String component, String baseName) {
        Path name = dir.getFileName();
        return new ComponentSource(component, dir, false, baseName, dir.resolve("config.json"),
                (name == null ? component : name.toString()) + "/config.json");
    }

    /** A single weights file described by {@code config}. */
    public static ComponentSource file(Path file, String component, String baseName, Path config, String configLabel) {
        return new ComponentSource(component, file, true, baseName, config, configLabel);
    }

    /** Opens the weights ({@link Checkpoint#open} for a folder, {@link Checkpoint#openFile} for a file). */
    public Checkpoint open() throws WeightsException {
        return singleFile ? Checkpoint.openFile(weights, component) : Checkpoint.open(weights, component, baseName);
    }

    /** In words, for messages: the folder, or "the single file X". */
    public String where() {
        return singleFile ? "the single file " + weights : weights.toString();
    }
}
