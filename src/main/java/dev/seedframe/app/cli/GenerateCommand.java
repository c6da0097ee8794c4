package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.ModelCapabilities;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seedframe generate}: text to image. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate an image from a prompt.")
public final class GenerateCommand implements Callable<Integer> {

    @Mixin
    GenerationOptions g;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "Where to write the PNG.")
    Path out;

    @Mixin
    ProjectOptions project;

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public GenerateCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        CliSupport.checkDevice(g.device);
        CliSupport.checkOutput(out);
        Path modelDir = CliSupport.modelDir(g.model);
        PrintWriter err = spec.commandLine().getErr();
        ModelCapabilities caps = ctx.models().inspect(modelDir).capabilities();
        GenerationRequest request = CliSupport.request(PipelineKind.TEXT_TO_IMAGE, g, caps, err);
        return CliSupport.run(ctx, spec, modelDir, request, project, out);
    }
}
