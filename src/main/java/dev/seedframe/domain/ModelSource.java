package dev.seedframe.domain;

import java.util.Objects;

/**
 * Where a generation's model came from, recorded beside its identity (the fingerprints say <em>what</em> it
 * was; this says where to find it again): a snapshot of a Hugging Face repository in a Hub cache (written by
 * Seedframe's download, diffusers or {@code hf download}), or a plain folder.
 *
 * @param repoId the Hub repository, e.g. {@code Qwen/Qwen-Image}, or null for a plain folder
 * @param revision the branch or tag the snapshot was reached by ({@code main}), or null when not known
 * @param commit the snapshot's commit (40 hex digits), or null for a plain folder
 * @param folder the folder the model was loaded from, absolute
 */
public record ModelSource(String repoId, String revision, String commit, String folder) {

    public ModelSource {
        Objects.requireNonNull(folder, "folder");
        if ((repoId == null) != (commit == null)) {
            throw new IllegalArgumentException("a Hub source names both its repository and its commit");
        }
    }

    /** A plain folder. */
    public static ModelSource folder(String folder) {
        return new ModelSource(null, null, null, folder);
    }

    /** A snapshot of {@code repoId} at {@code commit} in a Hub cache. */
    public static ModelSource hub(String repoId, String revision, String commit, String folder) {
        return new ModelSource(Objects.requireNonNull(repoId), revision, Objects.requireNonNull(commit), folder);
    }

    public boolean isHub() {
        return repoId != null;
    }

    /** E.g. {@code Qwen/Qwen-Image@main (commit 75e0b4b...)} or the folder. */
    public String describe() {
        if (!isHub()) {
            return folder;
        }
        String at = revision != null && !revision.equals(commit) ? "@" + revision + " (commit " + commit + ")"
                : " commit " + commit;
        return repoId + at;
    }
}
