package dev.seedframe.app.cli;

import dev.seedframe.engine.PipelineDescription;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.hub.SnapshotDownloader;
import dev.seedframe.service.ModelDownloads;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seedframe download Qwen/Qwen-Image [--revision R]}: a pipeline from the Hub into the Hugging Face cache. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a Qwen-Image pipeline from the Hugging Face Hub (or the mirror in HF_ENDPOINT) into the"
                + " Hugging Face cache, where diffusers and hf find it too: only the files a pipeline needs (never"
                + " pickled .bin/.pt weights), each checked against the Hub's SHA-256 before it is used. Progress goes"
                + " to stderr; Ctrl-C stops it, and the same command resumes where it stopped.",
                "Gated repositories need a token: HF_TOKEN, or the token file `hf auth login` writes.",
                "Exit status: 0 downloaded (or already there), 1 failed (the message says why and what was kept),"
                        + " 2 no such repository/revision or not a pipeline, 130 cancelled."})
public final class DownloadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REPO", description = "The repository, e.g. Qwen/Qwen-Image.")
    String repo;

    @Option(names = "--revision", paramLabel = "R", defaultValue = "main",
            description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "The Hugging Face cache to download into (default: HF_HUB_CACHE, else $HF_HOME/hub, else"
                    + " ~/.cache/huggingface/hub).")
    Path cache;

    @Option(names = "--endpoint", paramLabel = "URL", description = "The Hub's address (default: HF_ENDPOINT, else"
            + " https://huggingface.co).")
    URI endpoint;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HubConfig config = config();
        err.println("downloading " + repo + " (" + revision + ") from " + config.endpoint() + " into " + config.cache()
                + (config.token() != null ? ", with the token from " + config.tokenSource() : ""));
        DownloadProgress progress = new DownloadProgress(err);
        HubFailures.Ran<ModelDownloads.Outcome> ran = HubFailures.run(err,
                cancel -> new ModelDownloads(config).download(repo, revision, progress, cancel));
        if (ran.value() == null) {
            return ran.status();
        }
        ModelDownloads.Outcome o = ran.value();
        SnapshotDownloader.Result r = o.download();
        if (r.copies()) {
            err.println("note: this file system has no symbolic links, so the snapshot holds the files themselves"
                    + " (as huggingface_hub does there)");
        }
        out.println((r.fetched() == 0 ? "already downloaded: " : "downloaded ") + repo + " at commit " + r.commit()
                + " (" + r.fetched() + " file(s) fetched, " + SnapshotDownloader.bytes(r.bytesFetched()) + "; "
                + r.present() + " already there)");
        out.println("folder: " + r.snapshot());
        o.description().ifPresent(d -> out.println(describe(d)));
        out.println("use it: seedframe generate --model " + r.snapshot() + " --prompt \"...\"");
        return 0;
    }

    /** The environment's Hub configuration, with the options over it. */
    private HubConfig config() {
        HubConfig config = HubConfig.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
        if (cache != null) {
            config = config.withCache(cache);
        }
        return endpoint != null ? config.withEndpoint(endpoint) : config;
    }

    static String describe(PipelineDescription d) {
        return (d.variant() != null ? d.variant().label() : "not a Qwen-Image pipeline") + ", " + d.precision() + ", "
                + SnapshotDownloader.bytes(d.sizeBytes()) + (d.complete() ? ", complete"
                        : ", INCOMPLETE:\n  " + String.join("\n  ", d.problems()));
    }
}
