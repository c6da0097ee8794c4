package dev.seedframe.service;

import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The person's preferences, as one value: the engine's default device, memory mode and precision; model and LoRA
 * folders; where new projects go; cache limits; the interface language; and the content filter (on or off, the
 * default lists opted into or not, and the person's own English and Chinese term lists). {@link #validate()} names
 * every problem; {@link PreferencesStore} loads and saves it.
 *
 * @param device {@code auto}, {@code cpu}, {@code gpu} or {@code cuda:N}
 * @param memoryMode a {@link MemoryMode} id
 * @param precision a {@link Precision} id
 * @param modelFolders folders holding model folders, searched in order
 * @param loraFolders folders holding LoRA files
 * @param projectsFolder where new projects go; null for the default, {@code projects/} in the user's folder
 * @param imageCacheMb the studio's decoded images kept in memory, MB
 * @param diskCacheMb Seedframe's cache folder (unpacked runtimes, downloads), MB
 * @param language {@code system}, {@code en} or {@code zh-CN}
 * @param contentFilter whether prompts are checked
 * @param defaultLists whether Seedframe's small default lists are checked too
 * @param termsEn the person's English terms
 * @param termsZh the person's Chinese terms
 */
public record Preferences(
        String device,
        String memoryMode,
        String precision,
        List<Path> modelFolders,
        List<Path> loraFolders,
        Path projectsFolder,
        int imageCacheMb,
        int diskCacheMb,
        String language,
        boolean contentFilter,
        boolean defaultLists,
        List<String> termsEn,
        List<String> termsZh) {

    public static final List<String> LANGUAGES = List.of("system", "en", "zh-CN");
    public static final int MIN_IMAGE_CACHE_MB = 64;
    public static final int MAX_IMAGE_CACHE_MB = 65_536;
    public static final int MIN_DISK_CACHE_MB = 256;
    public static final int MAX_DISK_CACHE_MB = 10_000_000;
    public static final int MAX_TERMS = 10_000;
    public static final int MAX_TERM_LENGTH = 100;

    public Preferences {
        Objects.requireNonNull(device);
        Objects.requireNonNull(memoryMode);
        Objects.requireNonNull(precision);
        Objects.requireNonNull(language);
        modelFolders = List.copyOf(modelFolders);
        loraFolders = List.copyOf(loraFolders);
        termsEn = List.copyOf(termsEn);
        termsZh = List.copyOf(termsZh);
    }

    /** What a new user gets: the CPU, resident, f32; no folders; the content filter off, its lists empty. */
    public static Preferences defaults() {
        return new Preferences("cpu", MemoryMode.RESIDENT.id(), Precision.F32.id(), List.of(), List.of(), null, 512,
                20_480, "system", false, false, List.of(), List.of());
    }

    /** Every problem, in words; empty when these preferences can be saved and used. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        check(problems, "device", () -> DeviceChoice.parse(device));
        check(problems, "memory mode", () -> MemoryMode.parse(memoryMode));
        check(problems, "precision", () -> Precision.parse(precision));
        folders(problems, "model folder", modelFolders);
        folders(problems, "LoRA folder", loraFolders);
        if (projectsFolder != null && !projectsFolder.isAbsolute()) {
            problems.add("the projects folder must be a full path, not " + projectsFolder);
        }
        if (imageCacheMb < MIN_IMAGE_CACHE_MB || imageCacheMb > MAX_IMAGE_CACHE_MB) {
            problems.add("the image cache must be " + MIN_IMAGE_CACHE_MB + " to " + MAX_IMAGE_CACHE_MB + " MB, not "
                    + imageCacheMb);
        }
        if (diskCacheMb < MIN_DISK_CACHE_MB || diskCacheMb > MAX_DISK_CACHE_MB) {
            problems.add("the disk cache must be " + MIN_DISK_CACHE_MB + " to " + MAX_DISK_CACHE_MB + " MB, not "
                    + diskCacheMb);
        }
        if (!LANGUAGES.contains(language)) {
            problems.add("the language must be one of " + LANGUAGES + ", not \"" + language + "\"");
        }
        terms(problems, "English", termsEn);
        terms(problems, "Chinese", termsZh);
        return problems;
    }

    /** The locale the studio shows, or null to follow the system's. */
    public Locale locale() {
        return language.equals("system") ? null : Locale.forLanguageTag(language);
    }

    public Preferences withEngine(String d, String m, String p) {
        return new Preferences(d, m, p, modelFolders, loraFolders, projectsFolder, imageCacheMb, diskCacheMb,
                language, contentFilter, defaultLists, termsEn, termsZh);
    }

    public Preferences withContentFilter(boolean on, boolean defaults, List<String> en, List<String> zh) {
        return new Preferences(device, memoryMode, precision, modelFolders, loraFolders, projectsFolder, imageCacheMb,
                diskCacheMb, language, on, defaults, en, zh);
    }

    public Preferences withFolders(List<Path> models, List<Path> loras, Path projects) {
        return new Preferences(device, memoryMode, precision, models, loras, projects, imageCacheMb, diskCacheMb,
                language, contentFilter, defaultLists, termsEn, termsZh);
    }

    public Preferences withCaches(int imageMb, int diskMb) {
        return new Preferences(device, memoryMode, precision, modelFolders, loraFolders, projectsFolder, imageMb,
                diskMb, language, contentFilter, defaultLists, termsEn, termsZh);
    }

    public Preferences withLanguage(String lang) {
        return new Preferences(device, memoryMode, precision, modelFolders, loraFolders, projectsFolder, imageCacheMb,
                diskCacheMb, lang, contentFilter, defaultLists, termsEn, termsZh);
    }

    private static void check(List<String> problems, String what, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            problems.add(what + ": " + e.getMessage());
        }
    }

    private static void folders(List<String> problems, String what, List<Path> folders) {
        for (Path f : folders) {
            if (f == null || !f.isAbsolute()) {
                problems.add("a " + what + " must be a full path, not " + f);
            }
        }
    }

    private static void terms(List<String> problems, String list, List<String> terms) {
        if (terms.size() > MAX_TERMS) {
            problems.add("the " + list + " term list has " + terms.size() + " terms; at most " + MAX_TERMS);
        }
        for (String t : terms) {
            if (t == null || t.isBlank()) {
                problems.add("the " + list + " term list has an empty term");
            } else if (t.strip().length() > MAX_TERM_LENGTH) {
                problems.add("the " + list + " term \"" + t.strip().substring(0, 20) + "...\" is longer than "
                        + MAX_TERM_LENGTH + " characters");
            } else if (t.contains("\n") || t.contains("\r")) {
                problems.add("the " + list + " term \"" + t.strip() + "\" spans lines");
            }
        }
    }
}
