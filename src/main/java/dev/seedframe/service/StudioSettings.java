package dev.seedframe.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/** The studio's {@link StudioPreferences}, kept in {@code studio.properties} beside the recent projects. */
final class StudioSettings implements StudioPreferences {

    private static final String LANGUAGE = "language";

    private final PropertiesFile file;

    StudioSettings(Path file) {
        this.file = new PropertiesFile(file);
    }

    private static String key(Folder which) {
        return which == Folder.IMPORT ? "importFolder" : "exportFolder";
    }

    @Override
    public synchronized Optional<Locale> language() {
        return file.load().map(p -> p.getProperty(LANGUAGE)).filter(s -> !s.isBlank()).map(Locale::forLanguageTag);
    }

    @Override
    public synchronized void saveLanguage(Locale language) {
        set(LANGUAGE, language.toLanguageTag());
    }

    @Override
    public synchronized Optional<Path> folder(Folder which) {
        return file.load().map(p -> p.getProperty(key(which))).filter(s -> !s.isBlank()).flatMap(s -> {
            try {
                return Optional.of(Path.of(s));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }).filter(Files::isDirectory);
    }

    @Override
    public synchronized void saveFolder(Folder which, Path folder) {
        set(key(which), folder.toAbsolutePath().normalize().toString());
    }

    private void set(String key, String value) {
        Properties p = file.load().orElseGet(Properties::new);
        p.setProperty(key, value);
        file.save(p, "Seedframe studio: language and folders");
    }
}
