package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.app.Cli;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.service.Project;
import dev.seedframe.service.ProgressListener;
import dev.seedframe.service.ReplayReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seedframe replay}: regenerate stored generations from their records and compare the pixels. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Regenerate stored generations and report, per generation: identical pixels, visually"
                + " identical (PSNR), or drifted (naming what changed in the model or engine).")
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--project", paramLabel = "FILE", required = true, description = "The project file.")
    Path project;

    static final class Which {
        @Option(names = "--generation", paramLabel = "ID", required = true, description = "The generation to replay.")
        Long generation;

        @Option(names = "--all", required = true, description = "Replay every generation of the project.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--verify", description = "Exit 0 only when every replayed image is identical.")
    boolean verify;

    @Option(names = "--model", paramLabel = "DIR",
            description = "The model folder (default: where this model was last seen, or the embedded model).")
    Path model;

    @picocli.CommandLine.Mixin
    EngineOptionsMixin engine;

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public ReplayCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        engine.apply(ctx, spec.commandLine().getErr());
        try (Project p = ctx.projects().openForReading(project)) {
            List<Long> ids = new ArrayList<>();
            if (which.all) {
                for (GenerationSummary s : p.history()) {
                    ids.add(s.id());
                }
            } else {
                ids.add(which.generation);
            }
            int notIdentical = 0;
            for (long id : ids) {
                ReplayReport r = p.replay(id, model, ProgressListener.NONE, new CancellationToken());
                out.println(r.describe());
                if (model == null && r.modelFolder() != null) {
                    spec.commandLine().getErr().println("  (model found from the record: " + r.modelFolder() + ")");
                }
                if (r.verdict() != ReplayReport.Verdict.IDENTICAL) {
                    notIdentical++;
                }
            }
            out.println(ids.size() + " replayed, " + (ids.size() - notIdentical) + " identical");
            return verify && notIdentical > 0 ? Cli.EXIT_FAILURE : Cli.EXIT_OK;
        }
    }
}
