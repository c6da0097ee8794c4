package dev.seedframe.app.cli;

import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Checks and writing of the {@code --out} file, shared by the commands that write one. */
final class CliSupport {

    private CliSupport() {}

    /** Fails before any work if the output cannot be written. */
    static void checkOutput(Path out) throws UsageException {
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new UsageException("--out must name a .png file, got " + out);
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("cannot write " + out + ": the folder " + dir + " does not exist");
        }
        if (Files.isDirectory(out)) {
            throw new UsageException("cannot write " + out + ": it is a folder");
        }
        if (!Files.isWritable(dir) || (Files.exists(out) && !Files.isWritable(out))) {
            throw new UsageException("cannot write " + out + ": permission denied");
        }
    }

    static void write(Path out, byte[] png) throws UsageException {
        try {
            ImageFiles.writeAtomically(out, png);
        } catch (IOException e) {
            throw writeFailure(out, e);
        }
    }

    /** Why {@code out} could not be written, in words (the atomic write leaves nothing half-written). */
    static UsageException writeFailure(Path out, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new UsageException("cannot write " + out + ": permission denied");
        }
        if (e instanceof NoSuchFileException) {
            return new UsageException("cannot write " + out + ": the folder does not exist");
        }
        String msg = e.getMessage() == null ? "an input/output error" : e.getMessage();
        if (msg.contains("No space left")) {
            return new UsageException("cannot write " + out + ": the disk is full (nothing was written)");
        }
        if (msg.contains("Read-only file system")) {
            return new UsageException("cannot write " + out + ": the folder is read-only (nothing was written)");
        }
        return new UsageException("cannot write " + out + ": " + msg);
    }
}
