package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command has: the application context it runs against and picocli's streams. */
@Command
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    final AppContext ctx;

    CliCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
