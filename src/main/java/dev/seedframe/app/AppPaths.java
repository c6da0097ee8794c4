package dev.seedframe.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the application finds what ships with it. */
public final class AppPaths {

    /** The embedded default model's folder name under {@code models/}. */
    public static final String DEFAULT_MODEL = "qwen-image-tiny";

    private AppPaths() {}

    /**
     * The installation (or checkout) root: the {@code seedframe.repo} property if set, else the folder
     * above the jar's {@code target/} (running from a checkout), else the jar's folder, else the working
     * directory.
     */
    public static Path home() {
        String p = System.getProperty("seedframe.repo");
        if (p != null) {
            return Path.of(p);
        }
        try {
            Path code = Path.of(AppPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(code) ? code : code.getParent();
            for (Path d = dir; d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("models").resolve(DEFAULT_MODEL))) {
                    return d;
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException ignored) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * Seedframe's per-user cache folder: the {@code seedframe.cache} property if set (tests point it into
     * {@code target/}), else the OS's convention ({@code ~/.cache/seedframe} on Linux).
     */
    public static Path cacheDir() {
        String p = System.getProperty("seedframe.cache");
        return p != null && !p.isBlank() ? Path.of(p) : dev.seedframe.engine.Engines.defaultCacheDir();
    }

    /** The embedded tiny model that lets every feature be tried without a download. */
    public static Path defaultModel() {
        return home().resolve("models").resolve(DEFAULT_MODEL);
    }
}
