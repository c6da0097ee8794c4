package dev.seedframe.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The studio's {@link StudioMemory}: the language in the {@link PreferencesStore} (its {@code ui.language}), the
 * folders in {@code studio.properties} beside the recent projects.
 */
final class StudioSettings implements StudioMemory {

    private final PropertiesFile file;
    private final PreferencesStore preferences;

    StudioSettings(Path file, PreferencesStore preferences) {
        this.file = new PropertiesFile(file);
        this.preferences = preferences;
    }

    private static String key(Folder which) {
        return which == Folder.IMPORT ? "importFolder" : "exportFolder";
    }

    @Override
    public synchronized Optional<Locale> language() {
        return Optional.ofNullable(preferences.load().preferences().locale());
    }

    @Override
    public synchronized void saveLanguage(Locale language) {
        try {
            preferences.save(preferences.load().preferences().withLanguage(language.toLanguageTag()));
        } catch (IOException | RuntimeException e) {
            // a language the preferences do not offer, or a folder that cannot be written: not remembered
        }
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
        Properties p = file.load().orElseGet(Properties::new);
        p.setProperty(key(which), folder.toAbsolutePath().normalize().toString());
        file.save(p, "Seedframe studio: the folders last used");
    }
}
