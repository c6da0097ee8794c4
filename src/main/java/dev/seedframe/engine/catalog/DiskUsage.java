package dev.seedframe.engine.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/** Bytes on disk of a folder's files, following links (a Hub snapshot is links into its blobs), each file once. */
final class DiskUsage {

    private DiskUsage() {}

    static long bytes(Path dir) {
        Set<Path> seen = new HashSet<>();
        long total = 0;
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    try {
                        if (seen.add(p.toRealPath())) {
                            total += Files.size(p);
                        }
                    } catch (IOException e) {
                        // a file that went away while counting is not counted
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // what could be walked is counted (a link loop or an unreadable folder stops the walk)
        }
        return total;
    }
}
