package dev.seedframe.service;

import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The projects opened last, newest first, kept as {@code recent-projects.txt} in the user's folder. */
public final class RecentProjects {

    static final int LIMIT = 10;

    private final Path file;

    public RecentProjects(Path file) {
        this.file = file;
    }

    public static RecentProjects userDefault() {
        return new RecentProjects(UserDirs.config().resolve("recent-projects.txt"));
    }

    /** A file beside the list, for the studio's other remembered settings. */
    public Path sibling(String name) {
        return file.resolveSibling(name);
    }

    /** The recent projects that still exist, newest first. */
    public synchronized List<Path> list() {
        List<Path> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    Path p = Path.of(line.strip());
                    if (Files.isRegularFile(p) && !out.contains(p)) {
                        out.add(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable list only means nothing is remembered
        }
        return out;
    }

    /** Puts {@code project} first. */
    public synchronized void remember(Path project) {
        Path p = project.toAbsolutePath().normalize();
        List<Path> all = list();
        all.remove(p);
        all.add(0, p);
        StringBuilder sb = new StringBuilder();
        for (Path q : all.subList(0, Math.min(LIMIT, all.size()))) {
            sb.append(q).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            ImageFiles.writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // remembering is a convenience
        }
    }
}
