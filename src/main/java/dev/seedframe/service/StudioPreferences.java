package dev.seedframe.service;

import java.nio.file.Path;
import java.util.List;

/** The studio's door to the person's preferences (the Preferences dialog) and the studio's content policy. */
public interface StudioPreferences {

    /** The preferences as saved (defaults for what is missing or unusable, named in the result). */
    PreferencesStore.Loaded preferences();

    /**
     * Saves the preferences; they hold from the next generation, search or new project on.
     *
     * @throws Failure naming every invalid value (nothing is saved), or when the file cannot be written
     */
    void savePreferences(Preferences prefs) throws Failure;

    /** The studio's policy on the content filter (locked on, forced lists), read now. */
    ContentPolicy contentPolicy();

    /** Seedframe's small default term list of {@code lang} ({@code en} or {@code zh}). */
    List<String> defaultTerms(String lang);

    /** Where new projects go when the preferences do not say: {@code projects/} in the user's Seedframe folder. */
    Path defaultProjectsFolder();
}
