package dev.seedframe.service;

import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where {@link Preferences} live: {@code preferences.properties} in the user's Seedframe folder, beside the
 * recent-projects list, and the content filter's term lists beside it as plain text, one term per line
 * ({@code content-filter-en.txt}, {@code content-filter-zh.txt}), so that they can be edited in any editor too.
 * The engine keys of an older version's {@code engine.properties} are read when the preferences have none.
 * Writes are atomic; a value that does not read back as valid is replaced by its default and named in
 * {@link Loaded#problems()}.
 */
public final class PreferencesStore {

    public static final String FILE = "preferences.properties";
    public static final String TERMS_EN = "content-filter-en.txt";
    public static final String TERMS_ZH = "content-filter-zh.txt";
    /** The Engine menu's file before preferences existed. */
    static final String LEGACY_ENGINE_FILE = "engine.properties";

    private final Path dir;

    public PreferencesStore(Path dir) {
        this.dir = dir;
    }

    /** The store in the user's Seedframe folder. */
    public static PreferencesStore userDefault() {
        return new PreferencesStore(UserDirs.config());
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    public Path folder() {
        return dir;
    }

    /**
     * Preferences as read, with what could not be used (then the default stands).
     *
     * @param savedEngine the engine settings as written, valid or not, when some were saved (the studio applies
     *     them at start and says when this version refuses them)
     */
    public record Loaded(Preferences preferences, List<String> problems, java.util.Optional<SavedEngine> savedEngine) {}

    /** Engine settings as written in the file. */
    public record SavedEngine(String device, String memoryMode, String precision) {}

    /** The preferences; defaults for what is missing or unreadable. Never fails. */
    public synchronized Loaded load() {
        List<String> problems = new ArrayList<>();
        Properties p = read(file(), problems);
        boolean engineSaved = p.containsKey("engine.device");
        if (!engineSaved) {
            Properties legacy = read(dir.resolve(LEGACY_ENGINE_FILE), problems);
            if (legacy.containsKey("device")) {
                p.setProperty("engine.device", legacy.getProperty("device"));
                p.setProperty("engine.memoryMode", legacy.getProperty("memoryMode", "resident"));
                p.setProperty("engine.precision", legacy.getProperty("precision", "f32"));
                engineSaved = true;
            }
        }
        Preferences d = Preferences.defaults();
        Preferences read = new Preferences(
                p.getProperty("engine.device", d.device()).strip(),
                p.getProperty("engine.memoryMode", d.memoryMode()).strip(),
                p.getProperty("engine.precision", d.precision()).strip(),
                paths(p, "models.folder", problems),
                paths(p, "lora.folder", problems),
                path(p.getProperty("projects.folder"), "projects.folder", problems),
                integer(p, "cache.imageMemoryMb", d.imageCacheMb(), problems),
                integer(p, "cache.diskMb", d.diskCacheMb(), problems),
                p.getProperty("ui.language", d.language()).strip(),
                bool(p, "contentFilter.enabled", d.contentFilter(), problems),
                bool(p, "contentFilter.defaultLists", d.defaultLists(), problems),
                terms(dir.resolve(TERMS_EN), problems),
                terms(dir.resolve(TERMS_ZH), problems));
        java.util.Optional<SavedEngine> saved = engineSaved
                ? java.util.Optional.of(new SavedEngine(read.device(), read.memoryMode(), read.precision()))
                : java.util.Optional.empty();
        List<String> invalid = read.validate();
        if (invalid.isEmpty()) {
            return new Loaded(read, problems, saved);
        }
        // keep every valid part: fall back field group by field group
        Preferences fixed = d;
        fixed = tryApply(fixed, fixed.withEngine(read.device(), read.memoryMode(), read.precision()));
        fixed = tryApply(fixed, fixed.withFolders(read.modelFolders(), read.loraFolders(), read.projectsFolder()));
        fixed = tryApply(fixed, fixed.withCaches(read.imageCacheMb(), d.diskCacheMb()));
        fixed = tryApply(fixed, fixed.withCaches(fixed.imageCacheMb(), read.diskCacheMb()));
        fixed = tryApply(fixed, fixed.withLanguage(read.language()));
        fixed = tryApply(fixed, fixed.withContentFilter(read.contentFilter(), read.defaultLists(), read.termsEn(),
                read.termsZh()));
        fixed = tryApply(fixed, fixed.withContentFilter(read.contentFilter(), read.defaultLists(), List.of(), List.of()));
        for (String problem : invalid) {
            problems.add(file() + ": " + problem + " (the default is used)");
        }
        return new Loaded(fixed, problems, saved);
    }

    private static Preferences tryApply(Preferences current, Preferences candidate) {
        return candidate.validate().isEmpty() ? candidate : current;
    }

    /**
     * Saves {@code prefs} (the preferences file and both term lists).
     *
     * @throws IllegalArgumentException naming every problem, when they are not valid (nothing is written)
     * @throws IOException when the folder cannot be written
     */
    public synchronized void save(Preferences prefs) throws IOException {
        List<String> problems = prefs.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("These preferences cannot be saved: " + String.join("; ", problems));
        }
        Properties p = new Properties();
        p.setProperty("engine.device", prefs.device());
        p.setProperty("engine.memoryMode", prefs.memoryMode());
        p.setProperty("engine.precision", prefs.precision());
        putPaths(p, "models.folder", prefs.modelFolders());
        putPaths(p, "lora.folder", prefs.loraFolders());
        if (prefs.projectsFolder() != null) {
            p.setProperty("projects.folder", prefs.projectsFolder().toString());
        }
        p.setProperty("cache.imageMemoryMb", Integer.toString(prefs.imageCacheMb()));
        p.setProperty("cache.diskMb", Integer.toString(prefs.diskCacheMb()));
        p.setProperty("ui.language", prefs.language());
        p.setProperty("contentFilter.enabled", Boolean.toString(prefs.contentFilter()));
        p.setProperty("contentFilter.defaultLists", Boolean.toString(prefs.defaultLists()));
        Files.createDirectories(dir);
        StringWriter w = new StringWriter();
        p.store(w, "Seedframe preferences (term lists: " + TERMS_EN + ", " + TERMS_ZH + ")");
        writeTerms(dir.resolve(TERMS_EN), "English", prefs.termsEn());
        writeTerms(dir.resolve(TERMS_ZH), "Chinese", prefs.termsZh());
        ImageFiles.writeAtomically(file(), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void writeTerms(Path file, String lang, List<String> terms) throws IOException {
        StringBuilder sb = new StringBuilder("# Seedframe content filter, " + lang
                + " terms: one per line; lines starting with # are ignored.\n");
        for (String t : terms) {
            sb.append(t.strip()).append('\n');
        }
        ImageFiles.writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Properties read(Path file, List<String> problems) {
        Properties p = new Properties();
        if (!Files.isRegularFile(file)) {
            return p;
        }
        try (Reader r = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            problems.add(file + " could not be read (" + e.getMessage() + "); defaults are used");
        }
        return p;
    }

    private static List<String> terms(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return ContentFilter.parseList(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            problems.add(file + " could not be read (" + e.getMessage() + ")");
            return List.of();
        }
    }

    private static List<Path> paths(Properties p, String prefix, List<String> problems) {
        List<Path> out = new ArrayList<>();
        for (int i = 1; p.containsKey(prefix + "." + i); i++) {
            Path path = path(p.getProperty(prefix + "." + i), prefix + "." + i, problems);
            if (path != null) {
                out.add(path);
            }
        }
        return out;
    }

    private static void putPaths(Properties p, String prefix, List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            p.setProperty(prefix + "." + (i + 1), paths.get(i).toString());
        }
    }

    private static Path path(String s, String key, List<String> problems) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Path.of(s.strip());
        } catch (RuntimeException e) {
            problems.add(key + ": \"" + s + "\" is not a path");
            return null;
        }
    }

    private static int integer(Properties p, String key, int dflt, List<String> problems) {
        String s = p.getProperty(key);
        if (s == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            problems.add(key + ": \"" + s + "\" is not a whole number (the default " + dflt + " is used)");
            return dflt;
        }
    }

    private static boolean bool(Properties p, String key, boolean dflt, List<String> problems) {
        String s = p.getProperty(key);
        if (s == null) {
            return dflt;
        }
        String v = s.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        problems.add(key + ": \"" + s + "\" is neither true nor false (the default " + dflt + " is used)");
        return dflt;
    }
}
