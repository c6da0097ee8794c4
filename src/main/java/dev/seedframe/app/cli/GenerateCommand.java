package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.service.GenerationService;
import dev.seedframe.service.PngExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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
        StderrProgress progress = new StderrProgress(err);
        if (!ctx.models().isLoaded(modelDir)) {
            progress.stage("Loading model " + modelDir);
        }
        ImageModel model = ctx.models().model(modelDir);
        GenerationRequest request = CliSupport.request(PipelineKind.TEXT_TO_IMAGE, g, model.capabilities(), err);
        GenerationService.Result r = ctx.generation().generate(modelDir, request, progress, new CancellationToken());
        byte[] png = PngExport.encode(r.image(), r.request(), r.model(), r.environment(), r.adjustments());
        CliSupport.write(out, png);
        for (String a : r.adjustments()) {
            err.println("note: " + a);
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "wrote %s (%dx%d, seed %d, %d steps, cfg %s, %.1f s)", out, r.image().width(), r.image().height(),
                request.seed(), request.steps(), request.cfg(), r.timings().totalMs() / 1000.0));
        return 0;
    }
}
