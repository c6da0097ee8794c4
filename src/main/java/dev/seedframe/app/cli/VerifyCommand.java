package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.app.Cli;
import dev.seedframe.service.Project;
import dev.seedframe.service.usecase.Verify;
import picocli.CommandLine.Command;

/** {@code seedframe verify}: the project file's integrity, then every generation replayed. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a project file's integrity and that every generation replays to identical pixels.")
public final class VerifyCommand extends ReplayingCommand {

    public VerifyCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    int run(Project p) throws Exception {
        Verify.Verification v = ctx.useCases().verify(p, replay.model(), problems -> {
            if (problems.isEmpty()) {
                out().println("project file: sound (integrity, references, every image hash and the audit chain"
                        + " checked)");
            }
            problems.forEach(s -> out().println("project file: " + s));
        }, r -> out().println(r.describe()));
        int bad = v.problems();
        out().println(v.generations() + (v.generations() == 1 ? " generation" : " generations") + " checked; "
                + (bad == 0 ? "all identical" : bad + (bad == 1 ? " problem" : " problems")));
        return bad == 0 ? Cli.EXIT_OK : Cli.EXIT_FAILURE;
    }
}
