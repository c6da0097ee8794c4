package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedframe img2img}: repaint a whole image guided by a prompt. */
@Command(name = "img2img", mixinStandardHelpOptions = true,
        description = "Generate from an input image (QwenImageImg2ImgPipeline).")
public final class Img2ImgCommand extends GeneratingCommand {

    @Option(names = "--image", paramLabel = "IN.png", required = true, description = "The input image.")
    Path image;

    @Option(names = "--strength", paramLabel = "F", required = true,
            description = "How much to change, in (0, 1]: the share of the schedule that runs.")
    double strength;

    public Img2ImgCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    java.util.List<Path> inputs() {
        return java.util.List.of(image);
    }

    @Override
    GenerationRequest request(ModelCapabilities caps, PrintWriter err) throws UsageException {
        RgbImage img = ImageCommands.readImage(image, "--image", err);
        int[] size = ImageCommands.outputSize(g, img, caps);
        return CliSupport.request(PipelineKind.IMAGE_TO_IMAGE, g, caps, err).toBuilder()
                .image(img).strength(strength).size(size[0], size[1]).build();
    }
}
