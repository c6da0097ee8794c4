package dev.seedframe.service;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where Seedframe keeps per-user settings (recent projects, known model folders). The system property
 * {@code seedframe.home} overrides it (tests point it into {@code target/}).
 */
public final class UserDirs {

    private UserDirs() {}

    /**
     * Where Seedframe keeps large per-user data (a downloaded libtorch): {@code $XDG_DATA_HOME/seedframe} (by default
     * {@code ~/.local/share/seedframe}) on Linux, {@code %LOCALAPPDATA%\Seedframe} on Windows, {@code
     * ~/Library/Application Support/Seedframe} on macOS; {@code <seedframe.home>/data} when that property is set.
     */
    public static Path data() {
        String override = System.getProperty("seedframe.home");
        if (override != null && !override.isBlank()) {
            return Path.of(override).resolve("data");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null ? Path.of(local) : home).resolve("Seedframe");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Seedframe");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share"))
                .resolve("seedframe");
    }

    public static Path config() {
        String override = System.getProperty("seedframe.home");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : home).resolve("Seedframe");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Seedframe");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("seedframe");
    }
}
