package dev.seedframe.service;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the studio remembers for the next session besides the recent projects and the Engine menu: the language
 * chosen (the {@link Preferences}' own language, so the View menu and the Preferences dialog agree) and the folders
 * last used to open and to export pictures. Saving never fails loudly: not remembering loses nothing of the work.
 */
public interface StudioMemory {

    /** The folders the studio's file choosers start in. */
    enum Folder {
        /** Where pictures were last opened from. */
        IMPORT,
        /** Where pictures were last exported to. */
        EXPORT
    }

    /** The language chosen in an earlier session, if any ({@code system} in the preferences is none). */
    Optional<Locale> language();

    void saveLanguage(Locale language);

    /** The folder last used for {@code which}, if it still exists. */
    Optional<Path> folder(Folder which);

    void saveFolder(Folder which, Path folder);
}
