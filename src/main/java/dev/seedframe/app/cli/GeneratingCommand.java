package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.engine.ModelFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every image-producing command shares: the model, generation and engine options, {@code --out},
 * {@code --project}, the checks that fail before any work; the run itself is the application's generate use case
 * ({@link GenerationRun}).
 */
abstract class GeneratingCommand extends CliCommand {

    @Mixin
    ModelOption model;

    @Mixin
    GenerationOptions g;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "Where to write the PNG.")
    Path out;

    @Mixin
    ProjectOptions project;

    @Mixin
    EngineOptionsMixin engine;

    GeneratingCommand(AppContext ctx) {
        super(ctx);
    }

    /** The request this command runs, built from its options and the model's capabilities. */
    abstract GenerationRequest request(ModelCapabilities caps, PrintWriter err) throws Exception;

    /** The files this command reads (images, mask): {@code --out} must not be one of them. */
    List<Path> inputs() {
        return List.of();
    }

    @Override
    public final Integer call() throws Exception {
        g.requireDecodedText();
        CliSupport.checkOutput(out);
        for (Path in : inputs()) {
            if (in != null && Files.exists(out) && Files.exists(in) && Files.isSameFile(out, in)) {
                throw new UsageException("--out " + out + " is also an input (" + in + "): choose another file,"
                        + " so that the input is not overwritten");
            }
        }
        engine.apply(ctx, err());
        ModelFiles files = model.files();
        ModelCapabilities caps = ctx.useCases().inspect(files).capabilities();
        GenerationRequest request = g.withLoras(request(caps, err()), ctx.useCases(), err());
        return new GenerationRun(ctx, out(), err()).run(files, request, project, out);
    }
}
