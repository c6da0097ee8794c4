package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.service.Project;
import picocli.CommandLine.Mixin;

/** A command that replays a project's generations (replay, verify): it opens the project for reading. */
abstract class ReplayingCommand extends CliCommand {

    @Mixin
    ReplayOptions replay;

    ReplayingCommand(AppContext ctx) {
        super(ctx);
    }

    /** What the command does with the open project; returns the exit status. */
    abstract int run(Project p) throws Exception;

    @Override
    public final Integer call() throws Exception {
        try (Project p = replay.open(ctx, err())) {
            return run(p);
        }
    }
}
