package dev.seedframe.engine;

import dev.seedframe.domain.ModelSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model source: a diffusers pipeline folder, single {@code .safetensors} files that replace its transformer, text
 * encoder or VAE (as ComfyUI keeps them: {@code qwen_image_fp8_e4m3fn.safetensors}, {@code qwen_2.5_vl_7b.safetensors},
 * {@code qwen_image_vae.safetensors}), or only the three single files.
 *
 * <p>A single file holds weights only. Its config comes from, in this order: the {@code configs} folder when one is
 * given; else the model folder's config of that component, if the file's size fits it (blocks, widths read from its
 * header); else the Qwen-Image configs that ship inside Seedframe, if the file is of the real model's size. The
 * pipeline's small files (pipeline class, tokenizer, scheduler, the edit models' processor) come from the {@code
 * configs} folder, else the model folder, else Seedframe's bundled Qwen-Image set (text-to-image and its image-to-image
 * relatives). A file that fits no config is refused, saying what it holds and what each config expects.
 *
 * <p>Any fp8 file ({@code F8_E4M3} matrices, plain or with ComfyUI's scales) stays one byte a weight on the device.
 * Each component's identity records the file it came from ({@link dev.seedframe.domain.ComponentIdentity#source()}).
 *
 * @param folder the diffusers pipeline folder ({@code model_index.json}), or null when all three single files are given
 * @param transformer a single-file transformer replacing the folder's, or null
 * @param textEncoder a single-file text encoder (Qwen2.5-VL) replacing the folder's, or null
 * @param vae a single-file VAE replacing the folder's, or null
 * @param configs a folder in diffusers layout whose configs, tokenizer and scheduler describe the single files (its
 *     weights are not read), or null: the explicit override for files whose size is not the released model's
 */
public record ModelFiles(Path folder, Path transformer, Path textEncoder, Path vae, Path configs) {

    public ModelFiles {
        if (folder == null && transformer == null && textEncoder == null && vae == null) {
            throw new IllegalArgumentException("a model needs a folder or single files");
        }
    }

    /** A diffusers pipeline folder as it is. */
    public static ModelFiles folder(Path dir) {
        return new ModelFiles(dir, null, null, null, null);
    }

    /** Three single files and nothing else: the small files are Seedframe's bundled Qwen-Image ones. */
    public static ModelFiles singleFiles(Path transformer, Path textEncoder, Path vae) {
        return new ModelFiles(null, transformer, textEncoder, vae, null);
    }

    public ModelFiles withTransformer(Path file) {
        return new ModelFiles(folder, file, textEncoder, vae, configs);
    }

    public ModelFiles withTextEncoder(Path file) {
        return new ModelFiles(folder, transformer, file, vae, configs);
    }

    public ModelFiles withVae(Path file) {
        return new ModelFiles(folder, transformer, textEncoder, file, configs);
    }

    /** The configs, tokenizer and scheduler from {@code dir} (a diffusers-layout folder) instead. */
    public ModelFiles withConfigs(Path dir) {
        return new ModelFiles(folder, transformer, textEncoder, vae, dir);
    }

    /** Whether this is a folder as it is, with no single file and no configs override. */
    public boolean plainFolder() {
        return folder != null && transformer == null && textEncoder == null && vae == null && configs == null;
    }

    /** The components given as single files, by their pipeline names ({@code transformer}, ...). */
    public List<String> singleFileComponents() {
        List<String> out = new ArrayList<>();
        if (transformer != null) {
            out.add("transformer");
        }
        if (textEncoder != null) {
            out.add("text_encoder");
        }
        if (vae != null) {
            out.add("vae");
        }
        return out;
    }

    /** In words: the folder, then each single file. */
    public String describe() {
        return ModelSource.SingleFiles.describe(folder, transformer, textEncoder, vae, configs);
    }
}
