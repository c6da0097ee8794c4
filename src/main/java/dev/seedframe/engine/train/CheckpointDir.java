package dev.seedframe.engine.train;

import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A training checkpoint folder replaced as a whole: a new state is written into {@code <name>.next}, then
 * the folders are swapped by renames ({@code <name>} → {@code <name>.prev}, {@code <name>.next} →
 * {@code <name>}), so a run killed at any moment leaves one complete checkpoint to resume from.
 */
final class CheckpointDir {

    private final Path dir;

    CheckpointDir(Path dir) {
        this.dir = dir;
    }

    /** The current checkpoint folder, after recovering from a swap that was cut short; null if none. */
    Path current() throws IOException {
        Path prev = sibling(".prev");
        Path next = sibling(".next");
        if (Files.isDirectory(dir)) {
            deleteTree(prev);
            deleteTree(next);
            return dir;
        }
        if (Files.isDirectory(prev)) {
            // killed between the two renames: the previous state is complete, the next may not be
            deleteTree(next);
            Files.move(prev, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        }
        deleteTree(next);
        return null;
    }

    /** Writes a stage's initial weights (and their config) into a checkpoint folder. */
    interface FirstWeights {
        void write(Path dir) throws IOException, WeightsException;
    }

    /**
     * The current checkpoint; where there is none, the stage's first one: {@code first}'s initial weights and a
     * fresh training state of {@code steps} steps, committed as a whole.
     */
    Path currentOrFirst(String stage, long seed, int steps, FirstWeights first) throws IOException, WeightsException {
        Path current = current();
        if (current != null) {
            return current;
        }
        Path next = beginNext();
        first.write(next);
        TrainingState.fresh(stage, seed, steps).write(next);
        commitNext();
        return dir;
    }

    /** A fresh, empty folder to write the next state into. */
    Path beginNext() throws IOException {
        Path next = sibling(".next");
        deleteTree(next);
        Files.createDirectories(next);
        return next;
    }

    /** Makes the folder from {@link #beginNext()} the current checkpoint. */
    void commitNext() throws IOException {
        Path next = sibling(".next");
        Path prev = sibling(".prev");
        deleteTree(prev);
        if (Files.isDirectory(dir)) {
            Files.move(dir, prev, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(next, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(prev);
    }

    Path path() {
        return dir;
    }

    private Path sibling(String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Copies {@code from} (files only, one level) into {@code to}. */
    static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            s.filter(Files::isRegularFile).forEach(f -> {
                try {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
