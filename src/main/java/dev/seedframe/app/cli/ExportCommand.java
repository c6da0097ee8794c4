package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.service.Project;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedframe export}: a generation as a PNG carrying its full request. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a generation as a PNG with its parameters embedded (Seedframe JSON and 'parameters' text).")
public final class ExportCommand extends CliCommand {

    @Mixin
    ProjectFileOption project;

    @Option(names = "--generation", paramLabel = "ID", required = true)
    long generation;

    @Option(names = "--out", paramLabel = "FILE.png", required = true)
    Path out;

    public ExportCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() throws Exception {
        CliSupport.checkOutput(out);
        try (Project p = ctx.projects().openForReading(project.file)) {
            ctx.useCases().export(p, generation, out);
        }
        out().println("exported generation #" + generation + " to " + out);
        return 0;
    }
}
