package dev.seedframe.domain;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Seedframe's version and the pinned versions of its native stack, from the build. */
public final class AppVersion {

    private static final Properties PROPS = load();

    private AppVersion() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = AppVersion.class.getResourceAsStream("/dev/seedframe/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // a build without the resource reports "unknown"
        }
        return p;
    }

    /** Seedframe's own version, e.g. {@code 0.1.0}. */
    public static String seedframe() {
        return PROPS.getProperty("version", "unknown");
    }

    /** The DJL version the build pins. */
    public static String pinnedDjl() {
        return PROPS.getProperty("djl", "unknown");
    }

    /** The libtorch version the build pins. */
    public static String pinnedLibtorch() {
        return PROPS.getProperty("libtorch", "unknown");
    }
}
