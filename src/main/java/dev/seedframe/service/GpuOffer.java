package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.LibtorchSetup;
import dev.seedframe.hub.HubException;
import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The studio's first-run GPU offer over {@link GpuSetup}: made once when an NVIDIA driver is here and no CUDA libtorch
 * is configured, its answer remembered in {@code gpu-offer.properties} beside the recent-projects list; never a
 * download without the person's yes.
 */
public final class GpuOffer implements StudioGpu {

    static final String FILE = "gpu-offer.properties";

    private final Path answerFile;
    private final Supplier<List<String>> driver;
    private final LibtorchSetting setting;
    private final Supplier<GpuSetup> setup;
    private final String source;
    private final Path data;

    /**
     * @param answerFile where the answer is kept
     * @param driver the GPUs the NVIDIA driver lists ({@link LibtorchSetup#nvidiaGpus()})
     * @param setting where an installed libtorch is remembered
     * @param setup the set-up to run (with the same driver and setting)
     * @param source where it downloads from, in words
     * @param data Seedframe's data folder, where it installs
     */
    public GpuOffer(Path answerFile, Supplier<List<String>> driver, LibtorchSetting setting, Supplier<GpuSetup> setup,
            String source, Path data) {
        this.answerFile = answerFile;
        this.driver = driver;
        this.setting = setting;
        this.setup = setup;
        this.source = source;
        this.data = data;
    }

    /** This user's: the real driver, DJL's server, the answer beside {@code recent}. */
    public static GpuOffer userDefault(RecentProjects recent, GpuSetup.RuntimeCheck check) {
        GpuSetup setup = GpuSetup.userDefault(null, check);
        return new GpuOffer(recent.sibling(FILE), LibtorchSetup::nvidiaGpus, LibtorchSetting.userDefault(),
                () -> setup, dev.seedframe.hub.LibtorchDownloader.DEFAULT_BASE.toString(), UserDirs.data());
    }

    @Override
    public Optional<Offer> gpuOffer() {
        if (answer().isPresent()) {
            return Optional.empty();
        }
        Optional<String> platform = LibtorchSetup.cudaClassifier();
        if (platform.isEmpty() || LibtorchSetup.configuredCudaLibtorch().isPresent()
                || setting.remembered().isPresent()) {
            return Optional.empty();
        }
        Offer o = gpuSetup();
        return o.gpu() == null ? Optional.empty() : Optional.of(o);
    }

    @Override
    public Offer gpuSetup() {
        List<String> gpus = driver.get();
        String platform = LibtorchSetup.cudaClassifier().orElse(System.getProperty("os.name") + " "
                + System.getProperty("os.arch"));
        String build = LibtorchSetup.VERSION + "-" + LibtorchSetup.CUDA_FLAVOR + "-" + platform;
        return new Offer(gpus.isEmpty() ? null : gpus.get(0), "libtorch " + LibtorchSetup.VERSION + " "
                + LibtorchSetup.CUDA_FLAVOR + " (" + platform + ")", source, data.resolve("libtorch").resolve(build));
    }

    /** The remembered answer ({@code declined} or {@code accepted}), if the offer was answered. */
    Optional<String> answer() {
        try {
            if (!Files.isRegularFile(answerFile)) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(answerFile, StandardCharsets.UTF_8)));
            return Optional.ofNullable(p.getProperty("answer")).map(String::strip).filter(s -> !s.isEmpty());
        } catch (IOException | RuntimeException e) {
            return Optional.of("unreadable"); // a damaged file: rather not ask again than ask every start
        }
    }

    private void remember(String answer) throws IOException {
        String text = "# Seedframe's first-run GPU offer, answered " + Instant.now() + "\nanswer=" + answer + "\n";
        Files.createDirectories(answerFile.toAbsolutePath().getParent());
        ImageFiles.writeAtomically(answerFile, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void declineGpuOffer() throws Failure {
        try {
            remember("declined");
        } catch (IOException e) {
            throw Failure.of(e);
        }
    }

    @Override
    public SetUp setUpGpu(Consumer<TransferProgress> progress, CancellationToken cancel) throws Failure {
        try {
            remember("accepted");
            GpuSetup.Result r = setup.get().run(false, new TransferWatch(progress), cancel);
            String check = r.check() != null ? r.check().report() : null;
            return switch (r.status()) {
                case INSTALLED, ALREADY_INSTALLED, ALREADY_CONFIGURED -> new SetUp(true, !inUse(r.libDir()),
                        r.message(), check);
                case NO_DRIVER, UNSUPPORTED, CHECK_FAILED -> new SetUp(false, false, r.message(), check);
            };
        } catch (HubException | IOException | RuntimeException e) {
            throw Failure.of(e);
        }
    }

    /** Whether this process loads libtorch from {@code libDir} (set before the engine started, as at start-up). */
    private static boolean inUse(Path libDir) {
        return libDir != null && LibtorchSetup.configuredCudaLibtorch()
                .filter(d -> d.equals(libDir.toAbsolutePath().normalize())).isPresent();
    }
}
