package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.app.Cli;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.service.Project;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedframe replay}: regenerate stored generations from their records and compare the pixels. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Regenerate stored generations and report, per generation: identical pixels, visually"
                + " identical (PSNR), or drifted (naming what changed in the model or engine).")
public final class ReplayCommand extends ReplayingCommand {

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

    public ReplayCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    int run(Project p) throws Exception {
        List<Long> ids = which.all ? p.history().stream().map(GenerationSummary::id).toList()
                : List.of(which.generation);
        Path model = replay.model();
        int notIdentical = ctx.useCases().replay(p, ids, model, false, r -> {
            out().println(r.describe());
            if (model == null && r.report() != null && r.report().modelFolder() != null) {
                err().println("  (model found from the record: " + r.report().modelFolder() + ")");
            }
        });
        out().println(ids.size() + " replayed, " + (ids.size() - notIdentical) + " identical");
        return verify && notIdentical > 0 ? Cli.EXIT_FAILURE : Cli.EXIT_OK;
    }
}
