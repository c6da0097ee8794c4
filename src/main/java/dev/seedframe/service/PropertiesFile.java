package dev.seedframe.service;

import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * A small settings file the studio remembers between sessions (beside the recent projects), read and written whole;
 * written atomically, so a crash leaves the old one. Remembering is a convenience: a file that cannot be read reads
 * as empty, one that cannot be written is left as it was.
 */
final class PropertiesFile {

    private final Path file;

    PropertiesFile(Path file) {
        this.file = file;
    }

    /** The file's settings; empty when there is none or it cannot be read. */
    Optional<Properties> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Replaces the file with {@code p}; false when it could not be written. */
    boolean save(Properties p, String comment) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            StringWriter w = new StringWriter();
            p.store(w, comment);
            ImageFiles.writeAtomically(file, w.toString().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
