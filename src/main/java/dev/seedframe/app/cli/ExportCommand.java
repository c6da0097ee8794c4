package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.service.Project;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seedframe export}: a generation as a PNG carrying its full request. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a generation as a PNG with its parameters embedded (Seedframe JSON and 'parameters' text).")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--project", paramLabel = "FILE", required = true)
    Path project;

    @Option(names = "--generation", paramLabel = "ID", required = true)
    long generation;

    @Option(names = "--out", paramLabel = "FILE.png", required = true)
    Path out;

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public ExportCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        CliSupport.checkOutput(out);
        try (Project p = ctx.projects().openForReading(project)) {
            try {
                p.export(generation, out);
            } catch (java.io.IOException e) {
                throw CliSupport.writeFailure(out, e); // a full disk is said, not an internal error
            }
        }
        spec.commandLine().getOut().println("exported generation #" + generation + " to " + out);
        return 0;
    }
}
