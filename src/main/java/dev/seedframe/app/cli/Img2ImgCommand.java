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

/** {@code seedframe img2img}: repaint a whole image guided by a prompt. */
@Command(name = "img2img", mixinStandardHelpOptions = true,
        description = "Generate from an input image (QwenImageImg2ImgPipeline).")
public final class Img2ImgCommand implements Callable<Integer> {

    @Mixin
    GenerationOptions g;

    @Option(names = "--image", paramLabel = "IN.png", required = true, description = "The input image.")
    Path image;

    @Option(names = "--strength", paramLabel = "F", required = true,
            description = "How much to change, in (0, 1]: the share of the schedule that runs.")
    double strength;

    @Option(names = "--out", paramLabel = "FILE.png", required = true)
    Path out;

    @Mixin
    ProjectOptions project;

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public Img2ImgCommand(AppContext ctx) {
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
        GenerationRequest request = CliSupport.request(PipelineKind.IMAGE_TO_IMAGE, g, caps, err).toBuilder()
                .image(img).strength(strength).size(size[0], size[1]).build();
        return CliSupport.run(ctx, spec, modelDir, request, project, out);
    }
}
