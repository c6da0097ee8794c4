package dev.seedframe.service;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a generation is recorded: nowhere (the command line without {@code --project}), or in an open project
 * under a parent, with the places an image goes when the project cannot record it (the command line's
 * {@code --out}; beside the studio's project) so that nothing made is lost.
 *
 * @param project the project, or null to record nothing
 * @param parentId the generation this one continues from, or null for a root
 * @param unrecordedTargets files to try, in order, for an image the project could not record
 */
public record Recording(Project project, Long parentId, List<Path> unrecordedTargets) {

    public Recording {
        unrecordedTargets = List.copyOf(unrecordedTargets);
    }

    /** Record nothing. */
    public static Recording none() {
        return new Recording(null, null, List.of());
    }

    /** Record in {@code project} under {@code parentId} (or as a root). */
    public static Recording into(Project project, Long parentId, List<Path> unrecordedTargets) {
        return new Recording(java.util.Objects.requireNonNull(project, "project"), parentId, unrecordedTargets);
    }
}
