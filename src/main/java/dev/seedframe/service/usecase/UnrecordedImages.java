package dev.seedframe.service.usecase;

import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.service.Generation;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.service.UserDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saving an image the project could not record (a full disk, a file turned read-only): written as a PNG with its
 * settings embedded, so that {@code import-png} records it later. The one place both front ends go through.
 */
public final class UnrecordedImages {

    private UnrecordedImages() {}

    /** Writes the generation's PNG to the first of {@code targets} that takes it; returns which, or null. */
    public static Path save(Generation g, List<Path> targets) {
        byte[] png;
        try {
            png = SeedframePng.encode(g);
        } catch (RuntimeException e) {
            return null;
        }
        for (Path target : targets) {
            try {
                Path dir = target.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                ImageFiles.writeAtomically(target, png);
                return target;
            } catch (IOException | SecurityException e) {
                // the next place may take it (another disk, the temporary folder)
            }
        }
        return null;
    }

    /**
     * The places for an image a project could not record, from the studio: beside the project, else in the
     * user's config folder, else in the temporary folder, under a name that says what it is.
     */
    public static List<Path> besides(Path project, long seed) {
        String stem = project.getFileName().toString().replaceFirst("\\.seedframe$", "");
        String name = stem + "-unrecorded-seed" + seed + "-" + System.currentTimeMillis() + ".png";
        List<Path> dirs = new ArrayList<>();
        if (project.toAbsolutePath().getParent() != null) {
            dirs.add(project.toAbsolutePath().getParent());
        }
        dirs.add(UserDirs.config());
        dirs.add(Path.of(System.getProperty("java.io.tmpdir")));
        return dirs.stream().map(d -> d.resolve(name)).toList();
    }
}
