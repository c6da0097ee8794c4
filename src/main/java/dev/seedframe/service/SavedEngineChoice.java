package dev.seedframe.service;

import java.io.IOException;
import java.util.Optional;

/**
 * The studio's Engine menu as the last session left it: the engine part of the person's preferences
 * ({@link PreferencesStore}, beside the recent projects; a file from before preferences is still read).
 */
final class SavedEngineChoice {

    private final PreferencesStore store;

    SavedEngineChoice(PreferencesStore store) {
        this.store = store;
    }

    void save(StudioEngine.EngineChoice c) {
        try {
            store.save(store.load().preferences().withEngine(c.device(), c.memoryMode(), c.precision()));
        } catch (IOException | RuntimeException e) {
            // not remembering the menu loses nothing of the work
        }
    }

    /** The saved choice; empty when none was saved or the file cannot be read. */
    Optional<StudioEngine.EngineChoice> load() {
        return store.load().savedEngine()
                .map(p -> new StudioEngine.EngineChoice(p.device(), p.memoryMode(), p.precision()));
    }
}
