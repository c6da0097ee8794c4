package dev.seedframe.ui.viewmodel;

import dev.seedframe.service.ContentFilter;
import dev.seedframe.service.ContentPolicy;
import dev.seedframe.service.Failure;
import dev.seedframe.service.Preferences;
import dev.seedframe.service.PreferencesStore;
import dev.seedframe.service.StudioPreferences;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The preferences' port over a real {@link PreferencesStore} in a test folder, with a policy the test sets. */
final class FakePreferences implements StudioPreferences {

    final PreferencesStore store;
    ContentPolicy policy = ContentPolicy.none();
    int saves;

    FakePreferences(Path dir) {
        this.store = new PreferencesStore(dir);
    }

    @Override
    public PreferencesStore.Loaded preferences() {
        return store.load();
    }

    @Override
    public void savePreferences(Preferences prefs) throws Failure {
        try {
            store.save(prefs);
            saves++;
        } catch (IllegalArgumentException | IOException e) {
            throw Failure.of(e);
        }
    }

    @Override
    public ContentPolicy contentPolicy() {
        return policy;
    }

    @Override
    public List<String> defaultTerms(String lang) {
        return ContentFilter.defaultList(lang);
    }

    @Override
    public Path defaultProjectsFolder() {
        return Path.of("/home/ada/.config/seedframe/projects");
    }
}
