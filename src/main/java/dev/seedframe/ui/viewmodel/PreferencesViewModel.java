package dev.seedframe.ui.viewmodel;

import dev.seedframe.service.ContentFilter;
import dev.seedframe.service.ContentPolicy;
import dev.seedframe.service.Failure;
import dev.seedframe.service.Preferences;
import dev.seedframe.service.PreferencesStore;
import dev.seedframe.service.StudioEngine;
import dev.seedframe.service.StudioPreferences;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Preferences dialog over the person's {@link Preferences}: the engine's default device, memory mode and
 * precision; model and LoRA folders; where new projects go; cache limits; the interface language; the content filter
 * with its default lists and the person's own English and Chinese terms, shown locked when a studio's policy
 * requires it. Saving checks everything first ({@link Preferences#validate()}, and the engine for the
 * device/memory/precision combination) and saves nothing while a problem is listed; then the engine settings apply
 * at once, the language when the dialog closes, the folders at the next search or new project.
 */
public final class PreferencesViewModel {

    private final StudioPreferences port;
    private final Feedback feedback;
    private final EngineMenuViewModel engine;

    private final StringProperty device = new SimpleStringProperty("cpu");
    private final StringProperty memoryMode = new SimpleStringProperty("resident");
    private final StringProperty precision = new SimpleStringProperty("f32");
    private final ObservableList<Path> modelFolders = FXCollections.observableArrayList();
    private final ObservableList<Path> loraFolders = FXCollections.observableArrayList();
    private final StringProperty projectsFolder = new SimpleStringProperty("");
    private final StringProperty imageCacheMb = new SimpleStringProperty("");
    private final StringProperty diskCacheMb = new SimpleStringProperty("");
    private final StringProperty language = new SimpleStringProperty("system");
    private final BooleanProperty contentFilter = new SimpleBooleanProperty();
    private final BooleanProperty defaultLists = new SimpleBooleanProperty();
    private final StringProperty termsEn = new SimpleStringProperty("");
    private final StringProperty termsZh = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper locked = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper policyText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper defaultProjects = new ReadOnlyStringWrapper("");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private String savedLanguage = "system";

    public PreferencesViewModel(StudioPreferences port, Feedback feedback, EngineMenuViewModel engine) {
        this.port = port;
        this.feedback = feedback;
        this.engine = engine;
    }

    /** Fills the fields from the saved preferences and the policy; what could not be read is listed. */
    public void load() {
        PreferencesStore.Loaded loaded = port.preferences();
        Preferences p = loaded.preferences();
        StudioEngine.EngineChoice now = engine.engineChoice(); // the Engine menu's, which the preferences follow
        device.set(menuDevice(now.device()));
        memoryMode.set(now.memoryMode());
        precision.set(now.precision());
        modelFolders.setAll(p.modelFolders());
        loraFolders.setAll(p.loraFolders());
        projectsFolder.set(p.projectsFolder() == null ? "" : p.projectsFolder().toString());
        defaultProjects.set(port.defaultProjectsFolder().toString());
        imageCacheMb.set(Integer.toString(p.imageCacheMb()));
        diskCacheMb.set(Integer.toString(p.diskCacheMb()));
        language.set(p.language());
        savedLanguage = p.language();
        contentFilter.set(p.contentFilter());
        defaultLists.set(p.defaultLists());
        termsEn.set(String.join("\n", p.termsEn()));
        termsZh.set(String.join("\n", p.termsZh()));
        ContentPolicy policy = port.contentPolicy();
        locked.set(policy.required());
        policyText.set(policyWords(policy));
        problems.setAll(loaded.problems());
    }

    private String policyWords(ContentPolicy policy) {
        if (policy.sources().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        String where = policy.sources().stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("");
        if (policy.required()) {
            parts.add(feedback.f("prefs.locked", where));
        }
        if (policy.defaultLists()) {
            parts.add(feedback.t("prefs.policyDefaults"));
        }
        if (!policy.lists().isEmpty()) {
            parts.add(feedback.f("prefs.policyLists", policy.lists().stream().map(Path::toString)
                    .reduce((a, b) -> a + ", " + b).orElse("")));
        }
        parts.addAll(policy.problems());
        return String.join(" ", parts);
    }

    /** Seedframe's default list of {@code lang} ({@code en}, {@code zh}), one term a line, to read. */
    public String defaultTerms(String lang) {
        return String.join("\n", port.defaultTerms(lang));
    }

    /**
     * The preferences in the fields when they can be saved; else empty, with every problem listed (what cannot be read
     * as a number or a path, and what {@link Preferences#validate()} says of the rest).
     */
    Optional<Preferences> edited() {
        List<String> found = new ArrayList<>();
        Preferences d = Preferences.defaults();
        Integer image = megabytes(imageCacheMb.get(), "prefs.imageCacheName", found);
        Integer disk = megabytes(diskCacheMb.get(), "prefs.diskCacheName", found);
        Path projects = null;
        String pf = projectsFolder.get() == null ? "" : projectsFolder.get().strip();
        if (!pf.isEmpty()) {
            try {
                projects = Path.of(pf);
            } catch (InvalidPathException e) {
                found.add(feedback.f("prefs.notAPath", pf));
            }
        }
        // what could not be read stands in as its default, so that the rest is still checked
        Preferences p = new Preferences(device.get(), memoryMode.get(), precision.get(), modelFolders, loraFolders,
                projects, image != null ? image : d.imageCacheMb(), disk != null ? disk : d.diskCacheMb(),
                language.get(), contentFilter.get(), defaultLists.get(), ContentFilter.parseList(termsEn.get()),
                ContentFilter.parseList(termsZh.get()));
        found.addAll(p.validate());
        problems.setAll(found);
        return found.isEmpty() ? Optional.of(p) : Optional.empty();
    }

    private Integer megabytes(String text, String nameKey, List<String> found) {
        String s = text == null ? "" : text.strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            found.add(feedback.f("prefs.notNumber", feedback.t(nameKey), s));
            return null;
        }
    }

    /**
     * Checks and saves; on success the engine settings apply at once (the Engine menu follows) and the status line
     * says so.
     *
     * @return whether they were saved (else the problems are listed and nothing changed)
     */
    public boolean save() {
        Optional<Preferences> edited = edited();
        if (edited.isEmpty()) {
            return false;
        }
        Preferences p = edited.get();
        StudioEngine.EngineChoice before = engine.engineChoice();
        boolean engineChanged = !menuDevice(before.device()).equals(p.device())
                || !before.memoryMode().equals(p.memoryMode()) || !before.precision().equals(p.precision());
        if (engineChanged) {
            Optional<Failure> refused = engine.apply(p.device(), p.memoryMode(), p.precision());
            if (refused.isPresent()) {
                problems.setAll(refused.get().getMessage());
                return false;
            }
        }
        try {
            port.savePreferences(p);
        } catch (Failure f) {
            problems.setAll(f.getMessage());
            return false;
        }
        problems.clear();
        if (!engineChanged) {
            feedback.status(feedback.t("prefs.saved"));
        }
        return true;
    }

    /** The first GPU is the menu's "gpu"; another one keeps its {@code cuda:N}. */
    private static String menuDevice(String id) {
        return id.equals("cuda:0") ? "gpu" : id;
    }

    /** The language to switch the window to after a save, or empty when it did not change. */
    public Optional<Locale> languageToApply() {
        if (language.get().equals(savedLanguage)) {
            return Optional.empty();
        }
        savedLanguage = language.get();
        return Optional.of(language.get().equals("system") ? Locale.getDefault() : Locale.forLanguageTag(language.get()));
    }

    public void addModelFolder(Path dir) {
        add(modelFolders, dir);
    }

    public void addLoraFolder(Path dir) {
        add(loraFolders, dir);
    }

    private static void add(ObservableList<Path> list, Path dir) {
        if (dir != null && !list.contains(dir)) {
            list.add(dir);
        }
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public StringProperty memoryModeProperty() {
        return memoryMode;
    }

    public StringProperty precisionProperty() {
        return precision;
    }

    public ObservableList<Path> modelFolders() {
        return modelFolders;
    }

    public ObservableList<Path> loraFolders() {
        return loraFolders;
    }

    /** Empty for the default folder ({@link #defaultProjectsProperty()}). */
    public StringProperty projectsFolderProperty() {
        return projectsFolder;
    }

    public ReadOnlyStringProperty defaultProjectsProperty() {
        return defaultProjects.getReadOnlyProperty();
    }

    public StringProperty imageCacheMbProperty() {
        return imageCacheMb;
    }

    public StringProperty diskCacheMbProperty() {
        return diskCacheMb;
    }

    /** {@code system}, {@code en} or {@code zh-CN}. */
    public StringProperty languageProperty() {
        return language;
    }

    /** The person's own choice (a policy that requires the filter keeps it on whatever this says). */
    public BooleanProperty contentFilterProperty() {
        return contentFilter;
    }

    public BooleanProperty defaultListsProperty() {
        return defaultLists;
    }

    /** One term a line. */
    public StringProperty termsEnProperty() {
        return termsEn;
    }

    /** One term a line. */
    public StringProperty termsZhProperty() {
        return termsZh;
    }

    /** Whether a studio's policy requires the filter (then it is shown on and cannot be turned off). */
    public ReadOnlyBooleanProperty lockedProperty() {
        return locked.getReadOnlyProperty();
    }

    /** What the studio's policy says, with the file it says it in; empty without a policy. */
    public ReadOnlyStringProperty policyTextProperty() {
        return policyText.getReadOnlyProperty();
    }

    /** Why the last save did not happen (or what could not be read), one line each. */
    public ObservableList<String> problems() {
        return problems;
    }
}
