package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.app.StudioLauncher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code seedframe studio}: the studio window (also what runs without any command). */
@Command(name = "studio", mixinStandardHelpOptions = true,
        description = {"Open the studio window (the default when no command is given).",
                "With a project file, open it; when the studio already runs, the file opens in that window."})
public final class StudioCommand implements Callable<Integer> {

    private final AppContext ctx;

    public StudioCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Parameters(arity = "0..1", paramLabel = "PROJECT.seedframe", description = "The project to open.")
    Path project;

    @Override
    public Integer call() {
        return StudioLauncher.run(ctx, project, System.out);
    }
}
