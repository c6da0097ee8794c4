package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.service.Project;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What replay and verify share: the project, the model to replay with, the engine options. */
public final class ReplayOptions {

    @Mixin
    ProjectFileOption project;

    @Option(names = "--model", paramLabel = "DIR",
            description = "The model folder (default: where this model was last seen, or the embedded model).")
    Path model;

    @Mixin
    EngineOptionsMixin engine;

    /** Applies the engine options and opens the project for reading (a file that cannot be written still opens). */
    Project open(AppContext ctx, PrintWriter err) throws Exception {
        engine.apply(ctx, err);
        return ctx.projects().openForReading(project.file);
    }

    /** The model folder given (checked), or null to find the recorded model. */
    Path model() throws UsageException {
        return ModelOption.checked(model, null);
    }
}
