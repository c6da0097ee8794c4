package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.engine.ModelCapabilities;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every image-producing command shares: the generation options, {@code --out}, {@code --project},
 * the checks that fail before any work, and recording or caching through the project.
 */
abstract class GeneratingCommand implements Callable<Integer> {

    @Mixin
    GenerationOptions g;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "Where to write the PNG.")
    Path out;

    @Mixin
    ProjectOptions project;

    @Mixin
    EngineOptionsMixin engine;

    @Spec
    CommandSpec spec;

    final AppContext ctx;

    GeneratingCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    /** The request this command runs, built from its options and the model's capabilities. */
    abstract GenerationRequest request(ModelCapabilities caps, PrintWriter err) throws Exception;

    /** The files this command reads (images, mask): {@code --out} must not be one of them. */
    java.util.List<Path> inputs() {
        return java.util.List.of();
    }

    @Override
    public final Integer call() throws Exception {
        CliSupport.checkOutput(out);
        for (Path in : inputs()) {
            if (in != null && java.nio.file.Files.exists(out) && java.nio.file.Files.exists(in)
                    && java.nio.file.Files.isSameFile(out, in)) {
                throw new UsageException("--out " + out + " is also an input (" + in + "): choose another file,"
                        + " so that the input is not overwritten");
            }
        }
        engine.apply(ctx, spec.commandLine().getErr());
        Path modelDir = CliSupport.modelDir(g.model);
        ModelCapabilities caps = ctx.models().inspect(modelDir).capabilities();
        GenerationRequest request = request(caps, spec.commandLine().getErr());
        return CliSupport.run(ctx, spec, modelDir, request, project, out);
    }
}
