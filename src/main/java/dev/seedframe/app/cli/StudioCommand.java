package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.ui.StudioApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code seedframe studio}: the studio window (also what runs without any command). */
@Command(name = "studio", mixinStandardHelpOptions = true,
        description = "Open the studio window (the default when no command is given).")
public final class StudioCommand implements Callable<Integer> {

    private final AppContext ctx;

    public StudioCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        StudioApp.launch(ctx::studio);
        return 0;
    }
}
