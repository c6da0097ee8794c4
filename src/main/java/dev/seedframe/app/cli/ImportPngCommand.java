package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Note;
import dev.seedframe.service.usecase.ImportPng;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code seedframe import-png}: a PNG's generation parameters back into a project. */
@Command(name = "import-png", mixinStandardHelpOptions = true,
        description = "Import a PNG written by Seedframe (exact request) or another tool ('parameters' text) as a"
                + " generation; replay it to check that it reproduces.")
public final class ImportPngCommand extends CliCommand {

    @Mixin
    ProjectFileOption project;

    @Parameters(paramLabel = "PNG")
    Path png;

    public ImportPngCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() throws Exception {
        // a new project is created only once the PNG has passed
        ImportPng.Imported r = ctx.useCases().importPng(project.file, png);
        GenerationRequest q = r.imported().request();
        out().println("imported " + png.getFileName() + " as generation #" + r.generationId() + " ("
                + q.kind().id() + ", seed " + q.seed() + ", " + q.steps() + " steps, cfg " + q.cfg() + ", "
                + q.width() + "x" + q.height() + ")" + (r.imported().exact() ? "" : " from its parameters text"));
        for (Note n : r.imported().notes()) {
            err().println("note: " + n.english());
        }
        return 0;
    }
}
