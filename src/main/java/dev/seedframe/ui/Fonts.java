package dev.seedframe.ui;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A font family that has Chinese glyphs. JavaFX on Linux does not fall back from the stylesheet's families
 * to a CJK collection font ({@code .ttc}), so Chinese text (the Chinese interface, and Chinese prompts in
 * any interface) showed as empty boxes even with Noto Sans CJK installed; naming an installed CJK family
 * fixes it. Its Latin glyphs are ordinary sans-serif ones.
 */
final class Fonts {

    /** Families with Chinese glyphs, best first (Linux, then Windows and macOS names). */
    static final List<String> CJK_FAMILIES = List.of("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
            "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",
            "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB");

    private Fonts() {}

    /** The first of {@link #CJK_FAMILIES} among {@code installed}. */
    static Optional<String> cjkFamily(Collection<String> installed) {
        return CJK_FAMILIES.stream().filter(installed::contains).findFirst();
    }

    /**
     * Whether the window should name a CJK family: always on Linux (no fallback there), elsewhere for the
     * Chinese interface only (the system's own fallback covers Chinese prompts).
     */
    static boolean needsCjkFamily(String osName, Locale locale) {
        return osName.toLowerCase(Locale.ROOT).contains("linux") || "zh".equals(locale.getLanguage());
    }

    /** A stylesheet (as a data URL) that makes {@code family} the window's font. */
    static String stylesheet(String family) {
        String css = ".root { -fx-font-family: \"" + family.replace("\"", "") + "\"; }";
        return "data:text/css;base64,"
                + java.util.Base64.getEncoder().encodeToString(css.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
