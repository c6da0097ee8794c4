package dev.seedframe.engine;

import dev.seedframe.engine.runtime.Devices;
import dev.seedframe.engine.runtime.LibtorchFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code seedframe setup-gpu} needs from the engine: which CUDA build of libtorch DJL 0.35.1's JNI library
 * works with (libtorch {@value #VERSION}, flavour {@value #CUDA_FLAVOR}, per platform), whether an NVIDIA driver is
 * here, whether a CUDA libtorch is configured already, and how a process uses an installed one. Starts no engine.
 */
public final class LibtorchSetup {

    /** The libtorch version DJL 0.35.1's JNI library is compiled against. */
    public static final String VERSION = LibtorchFolder.JNI_LIBTORCH_VERSION;

    /** The CUDA flavour whose JNI library DJL 0.35.1's jar carries (so no JNI download is needed). */
    public static final String CUDA_FLAVOR = LibtorchFolder.JNI_CUDA_FLAVOR;

    private LibtorchSetup() {}

    /**
     * DJL's name for this platform when a CUDA libtorch exists for it ({@code linux-x86_64}, {@code win-x86_64}),
     * empty elsewhere (macOS has no CUDA; ARM Linux has no CUDA build of DJL's).
     */
    public static Optional<String> cudaClassifier() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        if (x64 && os.contains("linux")) {
            return Optional.of("linux-x86_64");
        }
        if (x64 && os.contains("win")) {
            return Optional.of("win-x86_64");
        }
        return Optional.empty();
    }

    /** The GPUs the NVIDIA driver lists ({@code nvidia-smi -L}); empty without a driver. */
    public static List<String> nvidiaGpus() {
        return Devices.nvidiaSmiGpus();
    }

    /** The CUDA libtorch folder {@code PYTORCH_LIBRARY_PATH} (variable or system property) points at, if any. */
    public static Optional<Path> configuredCudaLibtorch() {
        return LibtorchFolder.override().filter(LibtorchFolder::cudaBuild).map(f -> f.dir().toAbsolutePath().normalize());
    }

    /** {@code dir} (a folder holding libtorch's libraries) in words: version, CUDA or CPU build. */
    public static String describe(Path dir) {
        return LibtorchFolder.inspect(dir).describe();
    }

    /** Whether {@code dir} holds a CUDA build ({@code libtorch_cuda}). */
    public static boolean isCudaBuild(Path dir) {
        return LibtorchFolder.inspect(dir).cudaBuild();
    }

    /**
     * Makes this process's engine load libtorch from {@code dir} (an installed CUDA libtorch remembered by {@code
     * setup-gpu}), as {@code PYTORCH_LIBRARY_PATH} would: DJL 0.35.1 reads that name from the environment, else from
     * the system property of the same name, which this sets. Does nothing when the variable (or property) is set
     * already (the user's choice wins) or the folder has no libtorch; call it before the engine starts.
     */
    public static boolean use(Path dir) {
        String env = System.getenv(LibtorchFolder.PATH_VARIABLE);
        String prop = System.getProperty(LibtorchFolder.PATH_VARIABLE);
        if ((env != null && !env.isBlank()) || (prop != null && !prop.isBlank())) {
            return false;
        }
        if (!Files.isRegularFile(dir.resolve(System.mapLibraryName("torch")))) {
            return false;
        }
        System.setProperty(LibtorchFolder.PATH_VARIABLE, dir.toAbsolutePath().toString());
        return true;
    }
}
