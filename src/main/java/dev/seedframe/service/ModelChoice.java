package dev.seedframe.service;

import dev.seedframe.domain.ModelSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model the studio runs, in the window's terms: a pipeline folder, ComfyUI single files replacing some of its
 * components, or the three single files alone (the engine's {@code ModelFiles}, which the window does not see; {@link
 * ModelSources#files(ModelChoice)} turns one into the other, as the command line's {@code --model}, {@code
 * --transformer}, {@code --text-encoder} and {@code --vae} do).
 *
 * @param folder the diffusers pipeline folder, or null when all three single files are given
 * @param transformer a single-file transformer replacing the folder's, or null
 * @param textEncoder a single-file text encoder replacing the folder's, or null
 * @param vae a single-file VAE replacing the folder's, or null
 */
public record ModelChoice(Path folder, Path transformer, Path textEncoder, Path vae) {

    public ModelChoice {
        if (folder == null && (transformer == null || textEncoder == null || vae == null)) {
            throw new IllegalArgumentException("a model is a folder, or single files over a folder, or all three"
                    + " single files");
        }
    }

    /** A pipeline folder as it is. */
    public static ModelChoice folder(Path dir) {
        return new ModelChoice(dir, null, null, null);
    }

    /** A transformer file over the rest of the pipeline folder {@code dir}. */
    public static ModelChoice transformerOver(Path transformer, Path dir) {
        return new ModelChoice(dir, transformer, null, null);
    }

    /** The three single files alone. */
    public static ModelChoice singleFiles(Path transformer, Path textEncoder, Path vae) {
        return new ModelChoice(null, transformer, textEncoder, vae);
    }

    /** Whether a single file replaces a component. */
    public boolean hasSingleFiles() {
        return transformer != null || textEncoder != null || vae != null;
    }

    /**
     * What to call it: each single file's name, then what the folder is called ({@code qwen_image_fp8_e4m3fn
     * .safetensors + Qwen/Qwen-Image}); {@code folderName} alone for a folder as it is.
     */
    public String name(String folderName) {
        List<String> parts = new ArrayList<>();
        for (Path p : new Path[] {transformer, textEncoder, vae}) {
            if (p != null) {
                parts.add(p.getFileName().toString());
            }
        }
        if (folder != null) {
            parts.add(folderName);
        }
        return String.join(" + ", parts);
    }

    /** In words, with full paths: the folder, then each single file. */
    public String describe() {
        return ModelSource.SingleFiles.describe(folder, transformer, textEncoder, vae, null);
    }
}
