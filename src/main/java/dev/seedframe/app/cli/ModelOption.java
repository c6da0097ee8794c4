package dev.seedframe.app.cli;

import dev.seedframe.app.AppPaths;
import dev.seedframe.engine.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --model DIR}: the model that runs (default: the embedded tiny model); {@code --transformer}, {@code
 * --text-encoder} and {@code --vae}: single files (ComfyUI's, bf16 or fp8) that replace that component of the model.
 */
public final class ModelOption {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Diffusers pipeline folder (model_index.json, transformer/, vae/, ...). "
                    + "Default: the embedded demo model; with all three of --transformer, --text-encoder and --vae,"
                    + " no folder (Seedframe's bundled Qwen-Image configs).")
    Path model;

    @Option(names = "--transformer", paramLabel = "FILE",
            description = "A single-file transformer (ComfyUI's qwen_image_bf16.safetensors, qwen_image_fp8_e4m3fn"
                    + ".safetensors, ...; fp8 stays one byte a weight) replacing the model's; its config is the"
                    + " model folder's when the file fits it, else the bundled Qwen-Image one.")
    Path transformer;

    @Option(names = "--text-encoder", paramLabel = "FILE",
            description = "A single-file Qwen2.5-VL text encoder (ComfyUI's qwen_2.5_vl_7b*.safetensors) replacing"
                    + " the model's.")
    Path textEncoder;

    @Option(names = "--vae", paramLabel = "FILE",
            description = "A single-file VAE (ComfyUI's qwen_image_vae.safetensors) replacing the model's.")
    Path vae;

    /** The model folder: as given (which must be a folder), else the embedded default (demo) model. */
    Path dir() throws UsageException {
        return checked(model, AppPaths.defaultModel());
    }

    /**
     * What runs: the model folder with the single files given replacing its components; without {@code --model} and
     * with all three single files, those alone (the pipeline's small files are Seedframe's bundled ones).
     */
    ModelFiles files() throws UsageException {
        Path t = file("--transformer", transformer);
        Path e = file("--text-encoder", textEncoder);
        Path v = file("--vae", vae);
        if (model == null && t != null && e != null && v != null) {
            return ModelFiles.singleFiles(t, e, v);
        }
        return new ModelFiles(dir(), t, e, v, null);
    }

    /** Whether a single file replaces a component. */
    boolean hasSingleFiles() {
        return transformer != null || textEncoder != null || vae != null;
    }

    private static Path file(String option, Path given) throws UsageException {
        if (given == null) {
            return null;
        }
        if (Files.isDirectory(given)) {
            throw new UsageException(option + " " + given + " is a folder: pass the single .safetensors file (a"
                    + " diffusers folder goes to --model)");
        }
        if (!Files.isRegularFile(given)) {
            throw new UsageException(option + " " + given + " does not exist");
        }
        return given;
    }

    /** {@code given} when it is a folder (else a refusal that says what to pass), or {@code otherwise} when null. */
    static Path checked(Path given, Path otherwise) throws UsageException {
        if (given != null && !Files.isDirectory(given)) {
            throw new UsageException("--model " + given + (Files.exists(given) ? " is a file" : " does not exist")
                    + ": pass the folder of a diffusers Qwen-Image model (the one holding model_index.json)"
                    + (Files.isRegularFile(given) ? "; a single-file transformer goes to --transformer" : ""));
        }
        return given != null ? given : otherwise;
    }
}
