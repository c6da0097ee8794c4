package dev.seedframe.app.cli;

import dev.seedframe.app.Cli;
import dev.seedframe.hub.LibtorchDownloader;
import dev.seedframe.hub.SnapshotDownloader;
import dev.seedframe.service.GpuSetup;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seedframe setup-gpu}: fetch, check and remember the CUDA libtorch DJL 0.35.1 needs. */
@Command(name = "setup-gpu", mixinStandardHelpOptions = true,
        description = {"With an NVIDIA driver and no CUDA libtorch configured: download the CUDA 12.8 build of libtorch"
                + " 2.7.1 that DJL 0.35.1 needs (from publish.djl.ai, where DJL itself fetches it; several GB), with"
                + " progress and resume, check every file (size, gzip CRC-32, and MD5 where the server states one:"
                + " the source publishes no checksums), unpack it into Seedframe's data folder, start the engine on it"
                + " as `seedframe devices` does, and remember it so that later runs use it.",
                "Exit status: 0 set up (or already), 1 nothing to set up here (no driver, no CUDA build for this"
                        + " platform) or it failed, 130 cancelled (the same command resumes)."})
public final class SetupGpuCommand implements Callable<Integer> {

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Where to fetch libtorch from: the folder holding <version>/files.txt (default:"
                    + " SEEDFRAME_LIBTORCH_URL, else https://publish.djl.ai/pytorch/).")
    URI baseUrl;

    @Option(names = "--force", description = "Download and install even when a CUDA libtorch is configured or installed.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI base = baseUrl;
        String env = System.getenv("SEEDFRAME_LIBTORCH_URL");
        if (base == null && env != null && !env.isBlank()) {
            base = URI.create(env.strip());
        }
        GpuSetup setup = GpuSetup.userDefault(base, new DevicesInChildProcess());
        err.println("setting up the GPU from " + (base != null ? base : LibtorchDownloader.DEFAULT_BASE));
        HubFailures.Ran<GpuSetup.Result> ran = HubFailures.run(err,
                cancel -> setup.run(force, new DownloadProgress(err), cancel));
        if (ran.value() == null) {
            return ran.status();
        }
        GpuSetup.Result r = ran.value();
        switch (r.status()) {
            case INSTALLED -> {
                out.println(r.message());
                out.println("checked: " + r.installed().files().size() + " files, "
                        + SnapshotDownloader.bytes(r.installed().bytes()) + " unpacked; " + r.installed().md5Checked()
                        + " matched the server's MD5, every one passed its size and gzip CRC-32 check");
                out.println(r.check().report());
                return Cli.EXIT_OK;
            }
            case ALREADY_CONFIGURED, ALREADY_INSTALLED -> {
                out.println(r.message());
                return Cli.EXIT_OK;
            }
            case CHECK_FAILED -> {
                err.println("error: " + r.message());
                return Cli.EXIT_FAILURE;
            }
            default -> {
                err.println(r.message());
                return Cli.EXIT_FAILURE;
            }
        }
    }
}
