package dev.seedframe.service;

import dev.seedframe.engine.ModelVariant;
import dev.seedframe.engine.SingleFileDescription.Component;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a ComfyUI transformer file can run with, among the models found: the complete pipeline folders of its family
 * (their text encoder, VAE and small files; the command line's {@code --model DIR --transformer FILE}), and the text
 * encoder and VAE files of the same ComfyUI folder (the command line's three single files). Text-encoder and VAE files
 * are parts of such a combination, not models of their own.
 */
final class SingleFilePairings {

    /**
     * The members whose pipelines and configs are the same (Qwen-Image-2512 differs from Qwen-Image by its name
     * only); any other member takes a folder of its own kind.
     */
    private static final Set<ModelVariant> TEXT_TO_IMAGE = EnumSet.of(ModelVariant.QWEN_IMAGE,
            ModelVariant.QWEN_IMAGE_2512);

    private SingleFilePairings() {}

    /**
     * What {@code transformer} can be combined with among {@code found} (the folders that fit this machine's memory
     * first, each group in the listing's order); null when it is not a transformer file.
     */
    static ListedModel.Pairing of(FoundModel transformer, List<FoundModel> found) {
        if (transformer.component() != Component.TRANSFORMER) {
            return null;
        }
        List<Path> folders = found.stream().filter(f -> usablePipeline(f)
                && sameFamily(transformer.variant(), f.variant())).sorted(Comparator.comparing(f -> !fits(f)))
                .map(FoundModel::path).toList();
        if (!textToImage(transformer.variant())) {
            return new ListedModel.Pairing(folders, transformer.comfyUi(), null, null, true);
        }
        return new ListedModel.Pairing(folders, transformer.comfyUi(),
                beside(transformer, Component.TEXT_ENCODER, found), beside(transformer, Component.VAE, found), false);
    }

    /**
     * Whether a transformer file of {@code file} runs with a ComfyUI text encoder and VAE alone: without a folder the
     * engine takes its bundled configs, Qwen-Image's (text to image), so only Qwen-Image's and Qwen-Image-2512's
     * files do; an Edit file needs its own pipeline's processor and vision tower. A file whose name does not say is
     * Qwen-Image's own.
     */
    static boolean textToImage(ModelVariant file) {
        return file == null || TEXT_TO_IMAGE.contains(file);
    }

    /** Whether a folder's memory estimate fits here (those come first: the default is the first that fits). */
    private static boolean fits(FoundModel f) {
        return f.fit() != null && f.fit().fits();
    }

    /** A complete pipeline folder Seedframe can run (what the picker can use alone). */
    static boolean usablePipeline(FoundModel f) {
        return !f.singleFile() && f.complete() && f.unsupported() == null && f.variant() != null;
    }

    /**
     * Whether a transformer file of {@code file} runs in a pipeline folder of {@code folder}: the same member, or both
     * text to image. A file whose name does not say ({@code null}: no {@code edit}, {@code 2509}, ... in it, as
     * ComfyUI's {@code qwen_image_fp8_e4m3fn.safetensors}) is Qwen-Image's own, text to image.
     */
    static boolean sameFamily(ModelVariant file, ModelVariant folder) {
        return file == folder || textToImage(file) && TEXT_TO_IMAGE.contains(folder);
    }

    /** The first file holding {@code part} in the ComfyUI folder {@code transformer} was found in. */
    private static Path beside(FoundModel transformer, Component part, List<FoundModel> found) {
        return found.stream().filter(f -> f.component() == part && f.comfyUi() != null
                && Objects.equals(f.comfyUi(), transformer.comfyUi())).map(FoundModel::path).findFirst().orElse(null);
    }
}
