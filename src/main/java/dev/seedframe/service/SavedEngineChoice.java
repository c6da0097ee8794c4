package dev.seedframe.service;

import java.util.Optional;
import java.util.Properties;

/** The studio's Engine menu as the last session left it, kept in a properties file beside the recent projects. */
final class SavedEngineChoice {

    private final PropertiesFile file;

    SavedEngineChoice(java.nio.file.Path file) {
        this.file = new PropertiesFile(file);
    }

    void save(StudioEngine.EngineChoice c) {
        Properties p = new Properties();
        p.setProperty("device", c.device());
        p.setProperty("memoryMode", c.memoryMode());
        p.setProperty("precision", c.precision());
        file.save(p, "Seedframe studio: Engine menu"); // not remembering the menu loses nothing of the work
    }

    /** The saved choice; empty when none was saved or the file cannot be read. */
    Optional<StudioEngine.EngineChoice> load() {
        return file.load().map(p -> new StudioEngine.EngineChoice(p.getProperty("device", "cpu"),
                p.getProperty("memoryMode", "resident"), p.getProperty("precision", "f32")));
    }
}
