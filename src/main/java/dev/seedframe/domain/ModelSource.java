package dev.seedframe.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a generation's model came from, recorded beside its identity (the fingerprints say <em>what</em> it
 * was; this says where to find it again): a snapshot of a Hugging Face repository in a Hub cache (written by
 * Seedframe's download, diffusers or {@code hf download}), or a plain folder; and the single files (ComfyUI's
 * {@code qwen_image_fp8_e4m3fn.safetensors}, ...) that replaced some of its components, if any.
 *
 * @param repoId the Hub repository, e.g. {@code Qwen/Qwen-Image}, or null for a plain folder
 * @param revision the branch or tag the snapshot was reached by ({@code main}), or null when not known
 * @param commit the snapshot's commit (40 hex digits), or null for a plain folder
 * @param folder the folder the model was loaded from, absolute; null only for a model of single files alone
 * @param files the single files that replaced the folder's components, or null when none did
 */
public record ModelSource(String repoId, String revision, String commit, String folder, SingleFiles files) {

    /**
     * Single files a model was loaded from, each an absolute path or null.
     *
     * @param transformer the transformer file
     * @param textEncoder the text encoder file
     * @param vae the VAE file
     * @param configs the folder whose configs described them, when one was named explicitly
     */
    public record SingleFiles(String transformer, String textEncoder, String vae, String configs) {

        public SingleFiles {
            if (transformer == null && textEncoder == null && vae == null) {
                throw new IllegalArgumentException("single files name at least one file");
            }
        }

        /** E.g. {@code transformer /m/qwen_image_fp8_e4m3fn.safetensors, VAE /m/vae.safetensors}. */
        public String describe() {
            return describe(null, transformer, textEncoder, vae, configs);
        }

        /**
         * A model's files in words, the folder first when there is one: how a recorded source and the engine's
         * {@code ModelFiles} say what they are. Null parts are left out.
         */
        public static String describe(Object folder, Object transformer, Object textEncoder, Object vae,
                Object configs) {
            List<String> parts = new ArrayList<>();
            if (folder != null) {
                parts.add(folder.toString());
            }
            if (transformer != null) {
                parts.add("transformer " + transformer);
            }
            if (textEncoder != null) {
                parts.add("text encoder " + textEncoder);
            }
            if (vae != null) {
                parts.add("VAE " + vae);
            }
            if (configs != null) {
                parts.add("configs from " + configs);
            }
            return String.join(", ", parts);
        }
    }

    public ModelSource {
        if (folder == null && files == null) {
            throw new IllegalArgumentException("a model source names its folder or its single files");
        }
        if ((repoId == null) != (commit == null)) {
            throw new IllegalArgumentException("a Hub source names both its repository and its commit");
        }
        if (repoId != null && folder == null) {
            throw new IllegalArgumentException("a Hub source names the snapshot folder it was loaded from");
        }
    }

    /** A source without single files. */
    public ModelSource(String repoId, String revision, String commit, String folder) {
        this(repoId, revision, commit, Objects.requireNonNull(folder, "folder"), null);
    }

    /** A plain folder. */
    public static ModelSource folder(String folder) {
        return new ModelSource(null, null, null, folder);
    }

    /** A snapshot of {@code repoId} at {@code commit} in a Hub cache. */
    public static ModelSource hub(String repoId, String revision, String commit, String folder) {
        return new ModelSource(Objects.requireNonNull(repoId), revision, Objects.requireNonNull(commit), folder);
    }

    /** This source with {@code files} replacing some of its components. */
    public ModelSource withFiles(SingleFiles files) {
        return new ModelSource(repoId, revision, commit, folder, files);
    }

    public boolean isHub() {
        return repoId != null;
    }

    /** E.g. {@code Qwen/Qwen-Image@main (commit 75e0b4b...)} or the folder, then the single files if any. */
    public String describe() {
        String base;
        if (folder == null) {
            base = null;
        } else if (!isHub()) {
            base = folder;
        } else {
            base = repoId + (revision != null && !revision.equals(commit) ? "@" + revision + " (commit " + commit + ")"
                    : " commit " + commit);
        }
        if (files == null) {
            return base;
        }
        return base == null ? files.describe() : base + " with " + files.describe();
    }
}
