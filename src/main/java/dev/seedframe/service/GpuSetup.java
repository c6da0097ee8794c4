package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.LibtorchSetup;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.hub.HubException;
import dev.seedframe.hub.LibtorchDownloader;
import dev.seedframe.hub.TransferListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GPU set-up ({@code seedframe setup-gpu}; the studio's first-run offer later): when an NVIDIA driver is here and no
 * CUDA libtorch is configured, fetches the CUDA build of libtorch that DJL 0.35.1's JNI library needs (libtorch
 * {@value LibtorchSetup#VERSION}, {@value LibtorchSetup#CUDA_FLAVOR}) from where DJL fetches it, into Seedframe's data
 * folder, checks it the way {@code seedframe devices} does (in another process, so that a libtorch that cannot load
 * harms nothing), and remembers it so that later runs use it.
 */
public final class GpuSetup {

    /** How a set-up ended. */
    public enum Status {
        /** Downloaded, checked, remembered. */
        INSTALLED,
        /** {@code PYTORCH_LIBRARY_PATH} already points at a CUDA libtorch: nothing done. */
        ALREADY_CONFIGURED,
        /** Installed before and intact: nothing downloaded. */
        ALREADY_INSTALLED,
        /** No NVIDIA driver: nothing downloaded. */
        NO_DRIVER,
        /** No CUDA libtorch exists for this platform (macOS, ARM): nothing downloaded. */
        UNSUPPORTED,
        /** Downloaded and verified, but the engine did not start on it: not remembered. */
        CHECK_FAILED
    }

    /** Starts the engine on a libtorch folder in another process, as {@code seedframe devices} does. */
    @FunctionalInterface
    public interface RuntimeCheck {
        Check check(Path libDir) throws IOException, InterruptedException;
    }

    /**
     * What the check said.
     *
     * @param started whether the engine started on the folder
     * @param report what {@code devices} printed (or why it failed)
     */
    public record Check(boolean started, String report) {}

    /**
     * The outcome.
     *
     * @param status how it ended
     * @param message what happened, in words
     * @param libDir the installed libraries, or null
     * @param installed what was downloaded and how it was checked, or null when nothing was
     * @param check the engine check, or null when none ran
     */
    public record Result(Status status, String message, Path libDir, LibtorchDownloader.Installed installed,
            Check check) {}

    private final Path dataDir;
    private final LibtorchSetting setting;
    private final URI base;
    private final HubConfig transfer;
    private final Supplier<List<String>> driver;
    private final RuntimeCheck check;

    /**
     * @param dataDir Seedframe's data folder (libtorch goes to {@code libtorch/<version>-<flavor>-<platform>/})
     * @param setting where the installed folder is remembered
     * @param base where libtorch is fetched from ({@link LibtorchDownloader#DEFAULT_BASE}, a mirror, a test server)
     * @param transfer stall timeout and tries per file (its other fields are not used)
     * @param driver the GPUs the NVIDIA driver lists ({@link LibtorchSetup#nvidiaGpus()})
     * @param check the engine check
     */
    public GpuSetup(Path dataDir, LibtorchSetting setting, URI base, HubConfig transfer, Supplier<List<String>> driver,
            RuntimeCheck check) {
        this.dataDir = dataDir;
        this.setting = setting;
        this.base = base;
        this.transfer = transfer;
        this.driver = driver;
        this.check = check;
    }

    /** This user's data folder and setting, the real driver, DJL's server unless {@code base} says otherwise. */
    public static GpuSetup userDefault(URI base, RuntimeCheck check) {
        return new GpuSetup(UserDirs.data(), LibtorchSetting.userDefault(), base != null ? base
                : LibtorchDownloader.DEFAULT_BASE, HubConfig.fromEnvironment(System.getenv(),
                        Path.of(System.getProperty("user.home"))), LibtorchSetup::nvidiaGpus, check);
    }

    /** Makes this process use the remembered libtorch (call before the engine starts); the folder, if one was used. */
    public static Optional<Path> useRemembered() {
        return LibtorchSetting.userDefault().remembered().filter(LibtorchSetup::use);
    }

    /**
     * Sets the GPU up.
     *
     * @param force download and install even when a CUDA libtorch is configured or installed already
     */
    public Result run(boolean force, TransferListener listener, CancellationToken cancel) throws HubException {
        List<String> gpus = driver.get();
        if (gpus.isEmpty()) {
            return new Result(Status.NO_DRIVER, "No NVIDIA driver was found (`nvidia-smi -L` lists no GPU), so there is"
                    + " nothing to set up and nothing was downloaded: Seedframe runs on the CPU. With an NVIDIA card,"
                    + " install its driver (one that supports CUDA 12.8) and run setup-gpu again.", null, null, null);
        }
        Optional<String> classifier = LibtorchSetup.cudaClassifier();
        if (classifier.isEmpty()) {
            return new Result(Status.UNSUPPORTED, "There is no CUDA build of libtorch for " + System.getProperty("os.name")
                    + " on " + System.getProperty("os.arch") + "; nothing was downloaded.", null, null, null);
        }
        LibtorchDownloader.Source source = new LibtorchDownloader.Source(base, LibtorchSetup.VERSION,
                LibtorchSetup.CUDA_FLAVOR, classifier.get());
        Path target = dataDir.resolve("libtorch").resolve(source.folderName());
        Path ours = target.resolve("lib").toAbsolutePath().normalize();
        // the user's own CUDA libtorch (not the one this set-up installed, which a run also finds on the library path)
        Optional<Path> configured = LibtorchSetup.configuredCudaLibtorch().filter(d -> !d.equals(ours));
        if (configured.isPresent() && !force) {
            return new Result(Status.ALREADY_CONFIGURED, "A CUDA libtorch is configured already ("
                    + LibtorchSetup.describe(configured.get()) + ", from PYTORCH_LIBRARY_PATH); nothing was downloaded."
                    + " Check it with `seedframe devices`.", configured.get(), null, null);
        }
        Optional<Path> remembered = setting.remembered();
        if (!force && remembered.isPresent() && remembered.get().equals(ours)
                && LibtorchDownloader.verifyInstalled(target).isEmpty()) {
            return new Result(Status.ALREADY_INSTALLED, "The CUDA libtorch is installed already and intact (" + ours
                    + "); nothing was downloaded. Check it with `seedframe devices`.", ours, null, null);
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new HubException(HubException.Kind.LOCAL_IO, "Cannot create " + target.getParent() + ": "
                    + e.getMessage(), e);
        }
        LibtorchDownloader.Installed installed = new LibtorchDownloader(transfer.stallTimeout(), transfer.attempts())
                .install(source, target, listener, cancel);
        Check c;
        try {
            c = check.check(installed.libDir());
        } catch (IOException e) {
            c = new Check(false, "the check could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(HubException.Kind.CANCELLED, "Cancelled while checking " + installed.libDir()
                    + "; it is installed but not remembered: run setup-gpu again to check it.");
        }
        if (!c.started()) {
            return new Result(Status.CHECK_FAILED, "libtorch was downloaded and verified into " + installed.libDir()
                    + ", but the engine did not start on it, so it is not used: " + c.report(), installed.libDir(),
                    installed, c);
        }
        try {
            setting.remember(installed.libDir());
        } catch (IOException e) {
            throw new HubException(HubException.Kind.LOCAL_IO, "libtorch is installed in " + installed.libDir()
                    + " but could not be remembered (" + setting.file() + ": " + e.getMessage() + "); set"
                    + " PYTORCH_LIBRARY_PATH=" + installed.libDir() + " yourself.", e);
        }
        String build = LibtorchSetup.isCudaBuild(installed.libDir()) ? ""
                : " Note: the libraries downloaded are not a CUDA build (no libtorch_cuda), so --device gpu will"
                        + " still run on the CPU.";
        return new Result(Status.INSTALLED, "Installed libtorch " + LibtorchSetup.VERSION + " ("
                + LibtorchSetup.CUDA_FLAVOR + ") in " + installed.libDir() + " for " + gpus.get(0)
                + "; later runs use it (PYTORCH_LIBRARY_PATH, when set, still wins)." + build, installed.libDir(),
                installed, c);
    }
}
