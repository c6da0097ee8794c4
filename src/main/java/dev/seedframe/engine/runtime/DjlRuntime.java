package dev.seedframe.engine.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Starts DJL's PyTorch engine offline, with its native libraries extracted into a folder Seedframe
 * owns. DJL must never reach the network: {@code ai.djl.offline=true} stops both downloads and the
 * start-up telemetry call (see docs/STACK.md).
 */
public final class DjlRuntime {

    public static final String ENGINE_NAME = "PyTorch";

    private static volatile Engine engine;

    private DjlRuntime() {}

    /** The PyTorch engine, started on first use. */
    public static Engine engine() throws EngineException {
        Engine e = engine;
        if (e == null) {
            synchronized (DjlRuntime.class) {
                e = engine;
                if (e == null) {
                    e = start();
                    engine = e;
                }
            }
        }
        return e;
    }

    /** A new root manager on the CPU. Only the pipeline owns one; components receive managers. */
    public static NDManager newCpuManager() throws EngineException {
        return engine().newBaseManager(ai.djl.Device.cpu());
    }

    private static Engine start() throws EngineException {
        configureOffline();
        LibtorchFolder override = LibtorchFolder.override().orElse(null);
        if (override != null) {
            chooseJniFlavor(override);
        }
        try {
            return Engine.getEngine(ENGINE_NAME);
        } catch (RuntimeException | UnsatisfiedLinkError | AssertionError e) {
            // DJL reports a JNI library missing from its jar with an AssertionError
            throw new EngineException(startFailure(e, override, flavorSetting()), e);
        }
    }

    /**
     * Without {@code PYTORCH_FLAVOR}, DJL looks for a {@code cpu-precxx11} JNI library next to a user's libtorch,
     * which its 0.35.1 jar does not carry ("Cannot copy jni files"). The folder says which build it is, so the
     * flavour follows from it unless the user chose one.
     */
    static void chooseJniFlavor(LibtorchFolder folder) {
        if (flavorSetting() == null) {
            System.setProperty(FLAVOR, folder.jniFlavor());
        }
    }

    private static final String FLAVOR = "PYTORCH_FLAVOR";

    /** {@code PYTORCH_FLAVOR} as DJL reads it (environment first), or null. */
    private static String flavorSetting() {
        String env = System.getenv(FLAVOR);
        return env != null ? env : System.getProperty(FLAVOR);
    }

    /**
     * The message for an engine that did not start: DJL's reasons, and what the libtorch folder and the JNI
     * flavour ({@code PYTORCH_FLAVOR}, or null) say.
     */
    static String startFailure(Throwable e, LibtorchFolder override, String flavor) {
        String causes = causes(e);
        StringBuilder sb = new StringBuilder("The PyTorch engine could not start: ").append(causes).append('.');
        if (override == null) {
            sb.append(" Seedframe ships libtorch ").append(expectedLibtorch()).append(" for the CPU and unpacks it into")
                    .append(" its cache folder (").append(defaultCacheDir().resolve("djl"))
                    .append("); if that folder is damaged, delete it and run again.");
            return sb.toString();
        }
        sb.append(" PYTORCH_LIBRARY_PATH: ").append(override.describe()).append('.');
        String mismatch = override.mismatch();
        if (mismatch != null) {
            sb.append(' ').append(mismatch).append('.');
        } else if (flavor != null && !flavor.equals("cpu") && !flavor.equals(LibtorchFolder.JNI_CUDA_FLAVOR)) {
            sb.append(" PYTORCH_FLAVOR=").append(flavor).append(" names a JNI library that DJL 0.35.1's jar does not")
                    .append(" carry (it has cpu and ").append(LibtorchFolder.JNI_CUDA_FLAVOR)
                    .append("); unset it, or allow DJL to download it (--allow-runtime-download) on an online machine.");
        } else if (flavor != null && flavor.startsWith("cu") && !override.cudaBuild()) {
            sb.append(" PYTORCH_FLAVOR=").append(flavor).append(" asks for the CUDA JNI library, but that folder holds")
                    .append(" a CPU build: unset PYTORCH_FLAVOR, or point PYTORCH_LIBRARY_PATH at a CUDA build.");
        } else if (causes.contains("undefined symbol")) {
            sb.append(" DJL's JNI library is compiled against libtorch ").append(LibtorchFolder.JNI_LIBTORCH_VERSION)
                    .append(", and this libtorch lacks one of its C++ symbols: it is another version.");
        }
        return sb.toString();
    }

    /** The distinct messages of {@code e}'s cause chain, joined. */
    static String causes(Throwable e) {
        java.util.LinkedHashSet<String> messages = new java.util.LinkedHashSet<>();
        for (Throwable t = e; t != null && messages.size() < 6; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                messages.add(m.strip());
            }
        }
        if (messages.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        return String.join(": ", messages);
    }

    /** System property that lets DJL download native libraries (e.g. its CUDA libtorch); off by default. */
    public static final String ALLOW_DOWNLOAD_PROPERTY = "seedframe.allowRuntimeDownload";

    /** Environment variable with the same meaning as {@link #ALLOW_DOWNLOAD_PROPERTY}. */
    public static final String ALLOW_DOWNLOAD_ENV = "SEEDFRAME_ALLOW_RUNTIME_DOWNLOAD";

    /**
     * Whether the user opted in to DJL downloading its own native libraries (a CUDA libtorch on an online
     * machine): {@code -Dseedframe.allowRuntimeDownload=true}, {@code SEEDFRAME_ALLOW_RUNTIME_DOWNLOAD=true}
     * or the CLI's {@code --allow-runtime-download}. Off by default: Seedframe then keeps DJL offline.
     */
    public static boolean runtimeDownloadAllowed() {
        return Boolean.parseBoolean(System.getProperty(ALLOW_DOWNLOAD_PROPERTY))
                || Boolean.parseBoolean(System.getenv(ALLOW_DOWNLOAD_ENV));
    }

    /** Opts in to runtime downloads for this process; only effective before the engine starts. */
    public static boolean allowRuntimeDownload() {
        System.setProperty(ALLOW_DOWNLOAD_PROPERTY, "true");
        return engine == null;
    }

    /** Sets DJL's offline switch (unless downloads were allowed) and cache folder, unless the user chose them. */
    static void configureOffline() {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", runtimeDownloadAllowed() ? "false" : "true");
        }
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            Path cache = defaultCacheDir().resolve("djl");
            try {
                Files.createDirectories(cache);
            } catch (java.io.IOException ignored) {
                // DJL reports a clear error itself if it cannot write there.
            }
            System.setProperty("DJL_CACHE_DIR", cache.toString());
        }
    }

    /** Per-user cache folder following each OS's convention. */
    public static Path defaultCacheDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null ? Path.of(local) : home).resolve("Seedframe").resolve("cache");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Caches").resolve("Seedframe");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache"))
                .resolve("seedframe");
    }

    /** DJL's own version. */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }

    /** The libtorch version the running engine reports. */
    public static String libtorchVersion() throws EngineException {
        return engine().getVersion();
    }

    /**
     * libtorch's intra-op thread count, as libtorch reports it. Recorded with every generation because a
     * different count can change the order of floating-point reductions.
     */
    public static int threads() throws EngineException {
        engine();
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    static String expectedLibtorch() {
        return "2.7.1";
    }
}
