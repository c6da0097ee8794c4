package dev.seedframe.engine.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libtorch folder the user pointed DJL at ({@code PYTORCH_LIBRARY_PATH}), read without loading it: whether it
 * is a CUDA build and which libtorch version it holds, so that a failure to load it can say why.
 *
 * <p>DJL 0.35.1 loads its JNI library ({@code libdjl_torch.so}, from the {@code pytorch-jni} jar, which carries a
 * {@code cpu} and a {@code cu128} build) against whatever libtorch that folder holds. That library is compiled
 * against libtorch {@value #JNI_LIBTORCH_VERSION}'s C++ API, so another libtorch version fails with an undefined
 * symbol (or, worse, loads and misbehaves). The version is read from what each layout ships beside its
 * {@code lib} folder: {@code build-version} (the libtorch zip from pytorch.org), {@code version.py} (the
 * {@code torch/lib} folder of a PyTorch wheel) or DJL's own cache folder name.
 *
 * @param dir the folder holding {@code libtorch.so}
 * @param cudaBuild whether it holds {@code libtorch_cuda.so}
 * @param version the libtorch version, e.g. {@code 2.7.1+cu128}, or null when the folder does not say
 * @param versionSource the file (or folder name) the version was read from, or null
 */
public record LibtorchFolder(Path dir, boolean cudaBuild, String version, String versionSource) {

    /** The libtorch version DJL 0.35.1's JNI library is built against. */
    public static final String JNI_LIBTORCH_VERSION = "2.7.1";

    /** The CUDA flavour of DJL 0.35.1's JNI jar (the only CUDA build it carries). */
    public static final String JNI_CUDA_FLAVOR = "cu128";

    private static final Pattern PY_VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern PY_CUDA = Pattern.compile("(?m)^cuda\\s*(?::\\s*[^=]+)?=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern DJL_CACHE_NAME = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:-\\d+)?-(cpu|cu\\d+)(?:-.*)?");
    private static final Pattern VERSION_WORD = Pattern.compile("\\d+\\.\\d+\\.\\d+(?:[+.\\-][0-9A-Za-z.]+)?");
    private static final Pattern BASE_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    /**
     * The libtorch folder DJL will load instead of the bundled one, found as DJL 0.35.1 finds it ({@code
     * LibUtils.findOverrideLibrary}): the first entry of {@code PYTORCH_LIBRARY_PATH}, from the environment, else from
     * the system property of that name, that holds {@code libtorch.so}. (DJL 0.35.1 does not look in {@code
     * java.library.path}.)
     */
    public static Optional<LibtorchFolder> override() {
        String env = System.getenv(PATH_VARIABLE);
        return firstIn(env != null ? env : System.getProperty(PATH_VARIABLE));
    }

    /** The variable (or system property) naming a libtorch folder for DJL. */
    public static final String PATH_VARIABLE = "PYTORCH_LIBRARY_PATH";

    static Optional<LibtorchFolder> firstIn(String searchPath) {
        if (searchPath == null || searchPath.isBlank()) {
            return Optional.empty();
        }
        String lib = System.mapLibraryName("torch");
        for (String entry : searchPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && p.getFileName().toString().equals(lib)) {
                return Optional.of(inspect(p.toAbsolutePath().getParent()));
            }
            if (Files.isRegularFile(p.resolve(lib))) {
                return Optional.of(inspect(p.toAbsolutePath()));
            }
        }
        return Optional.empty();
    }

    /** Reads {@code dir} (a folder holding {@code libtorch.so}). Never throws: what cannot be read stays unknown. */
    public static LibtorchFolder inspect(Path dir) {
        boolean cuda = Files.exists(dir.resolve(System.mapLibraryName("torch_cuda")));
        Path parent = dir.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            Path buildVersion = parent.resolve("build-version");
            String v = firstLine(buildVersion);
            if (v != null && VERSION_WORD.matcher(v).matches()) {
                return new LibtorchFolder(dir, cuda, v, buildVersion.toString());
            }
            Path versionPy = parent.resolve("version.py");
            String py = read(versionPy);
            if (py != null) {
                Matcher m = PY_VERSION.matcher(py);
                if (m.find()) {
                    String version = m.group(1);
                    Matcher c = PY_CUDA.matcher(py);
                    if (!version.contains("+") && c.find() && !c.group(1).equals("None")) {
                        version = version + " (CUDA " + c.group(1) + ")";
                    }
                    return new LibtorchFolder(dir, cuda, version, versionPy.toString());
                }
            }
        }
        Path name = dir.getFileName();
        if (name != null) {
            Matcher m = DJL_CACHE_NAME.matcher(name.toString());
            if (m.matches()) {
                return new LibtorchFolder(dir, cuda, m.group(1) + "+" + m.group(2), "the folder's name");
            }
        }
        return new LibtorchFolder(dir, cuda, null, null);
    }

    /** The JNI flavour to load against this folder: {@code cu128} for a CUDA build, else {@code cpu}. */
    public String jniFlavor() {
        return cudaBuild ? JNI_CUDA_FLAVOR : "cpu";
    }

    /** The version without its local suffix ({@code 2.11.0} of {@code 2.11.0+cu130}), or null. */
    public String baseVersion() {
        if (version == null) {
            return null;
        }
        Matcher m = BASE_VERSION.matcher(version);
        return m.lookingAt() ? m.group() : null;
    }

    /** False only when the folder says it holds a libtorch other than {@value #JNI_LIBTORCH_VERSION}. */
    public boolean matchesJni() {
        String base = baseVersion();
        return base == null || base.equals(JNI_LIBTORCH_VERSION);
    }

    /** E.g. {@code /opt/torch/lib (libtorch 2.11.0+cu130, CUDA build, version from /opt/torch/version.py)}. */
    public String describe() {
        List<String> facts = new ArrayList<>();
        facts.add(version != null ? "libtorch " + version : "libtorch of unknown version");
        facts.add(cudaBuild ? "CUDA build" : "CPU build");
        if (versionSource != null) {
            facts.add("version from " + versionSource);
        }
        return dir + " (" + String.join(", ", facts) + ")";
    }

    /**
     * Why this folder cannot work with DJL 0.35.1, in words, or null when nothing is known against it. Said
     * before loading, and again when the load fails.
     */
    public String mismatch() {
        if (matchesJni()) {
            return null;
        }
        return "libtorch " + version + " is not the " + JNI_LIBTORCH_VERSION + " that DJL 0.35.1's JNI library"
                + " (libdjl_torch, " + jniFlavor() + " build) is compiled against, and libtorch does not keep its C++"
                + " API from one version to the next: use libtorch " + JNI_LIBTORCH_VERSION
                + (cudaBuild ? " for CUDA 12.8 (cu128)" : "") + " (README: Running on a GPU)";
    }

    private static String firstLine(Path p) {
        String s = read(p);
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String read(Path p) {
        try {
            if (!Files.isRegularFile(p) || Files.size(p) > 64 * 1024) {
                return null;
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
