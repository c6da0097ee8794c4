package dev.seedframe.service;

import dev.seedframe.domain.LoraSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * The studio's door to LoRA files: the LoRA folders and the files in them, reading what one holds before it is used,
 * and finding the files a recorded generation used. Each reads files: call them off the FX thread.
 */
public interface StudioLoras {

    /**
     * The LoRA folders, each once: the user's LoRA folder ({@code loras} under Seedframe's data folder, made when
     * missing), the folders the person added (the preferences' LoRA folders), the folders of LoRAs used before.
     */
    List<Path> loraFolders();

    /** The {@code .safetensors} files in the {@link #loraFolders()} (and two levels of subfolders), in order. */
    List<Path> loraFiles();

    /**
     * Adds {@code folder} to the preferences' LoRA folders (nothing when it is there already).
     *
     * @throws Failure when the preferences cannot be saved
     */
    void addLoraFolder(Path folder) throws Failure;

    /**
     * What {@code file} holds, checked without a model.
     *
     * @throws Failure with the engine's message when it is no LoRA this engine reads (damaged, pickled, unknown keys)
     */
    LoraSummary inspectLora(Path file) throws Failure;

    /**
     * The LoRAs of the recorded generation {@code id}, each where its file is now (its recorded path, else a file
     * with its recorded SHA-256 in the LoRA folders), or named as missing.
     */
    List<Located> locateLoras(long id) throws Failure;

    /**
     * LoRAs without a record of their files (a picture's settings), each at its path if a LoRA file is there, or
     * named as missing.
     */
    List<Located> locateLoras(List<LoraSpec> specs) throws Failure;

    /**
     * One recorded LoRA: the spec (its path where the file is now) and what the file holds, or, when it is nowhere,
     * the recorded spec, a null summary and why it is missing (naming the file, for people).
     */
    record Located(LoraSpec spec, LoraSummary summary, String message) {

        /** A LoRA found: {@code spec} at the path where its file is now. */
        public static Located found(LoraSpec spec, LoraSummary summary) {
            return new Located(spec, summary, null);
        }

        /** A LoRA found nowhere, with why ({@code message} names the file). */
        public static Located missing(LoraSpec spec, String message) {
            return new Located(spec, null, message);
        }

        public boolean missing() {
            return summary == null;
        }
    }
}
