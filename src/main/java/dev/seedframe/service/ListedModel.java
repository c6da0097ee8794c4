package dev.seedframe.service;

import java.nio.file.Path;
import java.util.List;

/**
 * One entry of the studio's model picker: a {@link FoundModel} in plain values (the window sees no engine type),
 * with what the picker can do with it.
 *
 * @param origin where it was found
 * @param path the pipeline folder or the single file
 * @param name what to call it ({@code Qwen/Qwen-Image@main}, the folder's or the file's name)
 * @param model which Qwen-Image it is ({@code Qwen-Image-Edit-2509}), or null when not known
 * @param part for a single file, the pipeline part it holds ({@code transformer}, {@code text encoder}, {@code VAE});
 *     null for a pipeline
 * @param precision how its weights are stored
 * @param sizeBytes bytes on disk
 * @param problems what is missing or broken; empty when complete
 * @param unsupported why this Seedframe cannot run it yet, or null
 * @param detail more in words (a single file's key layout, a half-finished download), or null
 * @param fit which memory mode runs it here, or null when not estimated (weights missing, a single file)
 * @param resume the download that completes it (an interrupted Hub snapshot), or null
 * @param loadable whether picking it opens it as the model (a transformer file: combined as its {@code pairing} says)
 * @param pairing for a transformer file, what it can run with; null for anything else
 */
public record ListedModel(FoundModel.Origin origin, Path path, String name, String model, String part,
        String precision, long sizeBytes, List<String> problems, String unsupported, String detail, Fit fit,
        Resume resume, boolean loadable, Pairing pairing) {

    public ListedModel {
        problems = List.copyOf(problems);
    }

    /**
     * The memory estimate.
     *
     * @param memoryMode the first memory mode that fits (its CLI id), or null when none does
     * @param estimateBytes that mode's estimated peak, or the least any mode needs when none fits
     * @param budgetBytes the memory compared with
     * @param gpu whether that is a GPU's memory
     */
    public record Fit(String memoryMode, long estimateBytes, long budgetBytes, boolean gpu) {

        public boolean fits() {
            return memoryMode != null;
        }
    }

    /**
     * What a ComfyUI transformer file can be combined with to make a whole pipeline.
     *
     * @param folders the complete pipeline folders of its family that were listed, those that fit this machine's
     *     memory first (the first is the default)
     * @param comfyUi the ComfyUI {@code models/} folder it was found in
     * @param textEncoder the text encoder file found in that folder, or null when there is none
     * @param vae the VAE file found there, or null when there is none
     * @param ownFolderOnly whether only a pipeline folder of its own kind completes it (an Edit-family file: the text
     *     encoder and VAE alone run with Qwen-Image's bundled configs, text to image, without the Edit pipeline's
     *     processor and vision tower); then {@code textEncoder} and {@code vae} are null
     */
    public record Pairing(List<Path> folders, Path comfyUi, Path textEncoder, Path vae, boolean ownFolderOnly) {

        public Pairing {
            folders = List.copyOf(folders);
            if (ownFolderOnly && (textEncoder != null || vae != null)) {
                throw new IllegalArgumentException("a file that needs a folder of its own kind takes no ComfyUI text"
                        + " encoder or VAE");
            }
        }

        /** Whether the ComfyUI folder holds the rest: a text encoder and a VAE. */
        public boolean companions() {
            return textEncoder != null && vae != null;
        }

        /** Whether it can be combined with anything. */
        public boolean possible() {
            return !folders.isEmpty() || companions();
        }
    }

    /** A Hub download to finish: the repository and the revision it was asked at. */
    public record Resume(String repoId, String revision) {}

    public boolean complete() {
        return problems.isEmpty();
    }

    public boolean singleFile() {
        return part != null;
    }
}
