package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seedframe inpaint}: repaint the masked region, keep every other pixel. */
@Command(name = "inpaint", mixinStandardHelpOptions = true,
        description = "Repaint the white part of a mask (QwenImageInpaintPipeline); every pixel outside it stays"
                + " exactly as it was unless --raw.")
public final class InpaintCommand implements Callable<Integer> {

    @Mixin
    GenerationOptions g;

    @Option(names = "--image", paramLabel = "IN.png", required = true)
    Path image;

    @Option(names = "--mask", paramLabel = "MASK.png", required = true,
            description = "White = repaint, black = keep; grey levels soften the edge.")
    Path mask;

    @Option(names = "--strength", paramLabel = "F", required = true, description = "How much to change, in (0, 1].")
    double strength;

    @Option(names = "--raw", description = "Return the pipeline's own decoded output (identical to diffusers').")
    boolean raw;

    @Option(names = "--feather", paramLabel = "PX", description = "Width of the blend band inside the mask edge"
            + " (default " + GenerationRequest.DEFAULT_FEATHER_PX + ").")
    Integer feather;

    @Option(names = "--out", paramLabel = "FILE.png", required = true)
    Path out;

    @Mixin
    ProjectOptions project;

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public InpaintCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        CliSupport.checkDevice(g.device);
        CliSupport.checkOutput(out);
        PrintWriter err = spec.commandLine().getErr();
        RgbImage img = ImageCommands.readImage(image, "--image", err);
        Path modelDir = CliSupport.modelDir(g.model);
        ModelCapabilities caps = ctx.models().inspect(modelDir).capabilities();
        int[] size = ImageCommands.outputSize(g, img, caps);
        GenerationRequest request = CliSupport.request(PipelineKind.INPAINT, g, caps, err).toBuilder()
                .image(img).mask(ImageCommands.readMask(mask)).strength(strength).raw(raw)
                .featherPx(feather != null ? feather : GenerationRequest.DEFAULT_FEATHER_PX)
                .size(size[0], size[1]).build();
        return CliSupport.run(ctx, spec, modelDir, request, project, out);
    }
}
