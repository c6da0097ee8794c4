package dev.seedframe.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * One snapshot in a Hub cache, as found on disk.
 *
 * @param root the cache folder
 * @param repoId the repository, e.g. {@code Qwen/Qwen-Image}
 * @param commit the snapshot's commit
 * @param folder the snapshot folder ({@code snapshots/<commit>})
 * @param refs the branches and tags that point at it ({@code main}), possibly none
 * @param brokenLinks entries whose blob is missing (deleted, or never finished), as paths in the repository
 * @param partialDownloads how many of the repository's blobs are half downloaded ({@code .incomplete})
 * @param partialBytes the bytes those hold
 */
public record CachedSnapshot(Path root, String repoId, String commit, Path folder, List<String> refs,
        List<String> brokenLinks, int partialDownloads, long partialBytes) {

    public CachedSnapshot {
        refs = List.copyOf(refs);
        brokenLinks = List.copyOf(brokenLinks);
    }

    /** The revision to name it by: its first ref, else the commit. */
    public String revision() {
        return refs.isEmpty() ? commit : refs.get(0);
    }
}
