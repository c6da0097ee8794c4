package dev.seedframe.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the application finds what ships with it. */
public final class AppPaths {

    /** The embedded default model's folder name under {@code models/}: the demo model, which draws shapes. */
    public static final String DEFAULT_MODEL = "qwen-image-demo";

    /** The embedded random-weight model's folder name under {@code models/} (parity tests, its tokenizer). */
    public static final String TINY_MODEL = "qwen-image-tiny";

    /**
     * System property naming another folder as the default model. The test suite pins it to the tiny model,
     * which its tests were written for, so that a different embedded default would not change them.
     */
    public static final String DEFAULT_MODEL_PROPERTY = "seedframe.defaultModel";

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
                if (Files.isDirectory(d.resolve("models").resolve(DEFAULT_MODEL))
                        || Files.isDirectory(d.resolve("models").resolve(TINY_MODEL))) {
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

    /**
     * The model used when none is chosen: the embedded demo model, which lets every feature be tried on real
     * (if simple) pictures without a download, or the folder the {@value #DEFAULT_MODEL_PROPERTY} property names.
     */
    public static Path defaultModel() {
        String p = System.getProperty(DEFAULT_MODEL_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return home().resolve("models").resolve(DEFAULT_MODEL);
    }

    /** The embedded random-weight tiny model. */
    public static Path tinyModel() {
        return home().resolve("models").resolve(TINY_MODEL);
    }
}
