package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.service.Project;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seedframe import-png}: a PNG's generation parameters back into a project. */
@Command(name = "import-png", mixinStandardHelpOptions = true,
        description = "Import a PNG written by Seedframe (exact request) or another tool ('parameters' text) as a"
                + " generation; replay it to check that it reproduces.")
public final class ImportPngCommand implements Callable<Integer> {

    @Option(names = "--project", paramLabel = "FILE", required = true)
    Path project;

    @Parameters(paramLabel = "PNG")
    Path png;

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public ImportPngCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        {
            Project.ImportResult r = ctx.projects().importPng(project, png);
            GenerationRequest q = r.imported().request();
            out.println("imported " + png.getFileName() + " as generation #" + r.generationId() + " ("
                    + q.kind().id() + ", seed " + q.seed() + ", " + q.steps() + " steps, cfg " + q.cfg() + ", "
                    + q.width() + "x" + q.height() + ")" + (r.imported().exact() ? "" : " from its parameters text"));
            for (String n : r.imported().notes()) {
                spec.commandLine().getErr().println("note: " + n);
            }
        }
        return 0;
    }
}
