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

/** The studio's Engine menu as the last session left it, kept in a properties file beside the recent projects. */
final class SavedEngineChoice {

    private final Path file;

    SavedEngineChoice(Path file) {
        this.file = file;
    }

    void save(StudioEngine.EngineChoice c) {
        Properties p = new Properties();
        p.setProperty("device", c.device());
        p.setProperty("memoryMode", c.memoryMode());
        p.setProperty("precision", c.precision());
        try {
            Files.createDirectories(file.getParent());
            StringWriter w = new StringWriter();
            p.store(w, "Seedframe studio: Engine menu");
            ImageFiles.writeAtomically(file, w.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // not remembering the menu loses nothing of the work
        }
    }

    /** The saved choice; empty when none was saved or the file cannot be read. */
    Optional<StudioEngine.EngineChoice> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new StudioEngine.EngineChoice(p.getProperty("device", "cpu"),
                p.getProperty("memoryMode", "resident"), p.getProperty("precision", "f32")));
    }
}
