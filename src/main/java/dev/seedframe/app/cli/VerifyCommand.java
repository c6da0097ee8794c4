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
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seedframe verify}: the project file's integrity, then every generation replayed. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a project file's integrity and that every generation replays to identical pixels.")
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--project", paramLabel = "FILE", required = true, description = "The project file.")
    Path project;

    @Option(names = "--model", paramLabel = "DIR", description = "The model folder (default: as for replay).")
    Path model;

    @picocli.CommandLine.Mixin
    EngineOptionsMixin engine;

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public VerifyCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        engine.apply(ctx, spec.commandLine().getErr());
        try (Project p = ctx.projects().openForReading(project)) {
            List<String> problems = p.verifyFile();
            if (problems.isEmpty()) {
                out.println("project file: sound (integrity, references, every image hash and the audit chain checked)");
            } else {
                problems.forEach(s -> out.println("project file: " + s));
            }
            int bad = problems.isEmpty() ? 0 : 1;
            List<GenerationSummary> all = p.history();
            java.util.Map<Long, List<String>> tampered = p.tampering();
            for (GenerationSummary s : all) {
                List<String> edits = tampered.get(s.id());
                if (edits != null) {
                    // an edited record is not the original: replaying it would blame the engine for the edit
                    out.println("#" + s.id() + ": the record was changed after Seedframe wrote it: "
                            + String.join("; ", edits) + " (not replayed)");
                    bad++;
                    continue;
                }
                ReplayReport r;
                try {
                    r = p.replay(s.id(), model, ProgressListener.NONE, new CancellationToken());
                } catch (dev.seedframe.store.StoreException | dev.seedframe.engine.InvalidRequestException e) {
                    // one unreadable record does not stop the others from being checked
                    out.println("#" + s.id() + ": cannot be replayed: " + e.getMessage());
                    bad++;
                    continue;
                }
                out.println(r.describe());
                if (r.verdict() != ReplayReport.Verdict.IDENTICAL) {
                    bad++;
                }
            }
            out.println(all.size() + (all.size() == 1 ? " generation" : " generations") + " checked; "
                    + (bad == 0 ? "all identical" : bad + (bad == 1 ? " problem" : " problems")));
            return bad == 0 ? Cli.EXIT_OK : Cli.EXIT_FAILURE;
        }
    }
}
