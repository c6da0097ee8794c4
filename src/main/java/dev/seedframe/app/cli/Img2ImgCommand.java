package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.service.ContextBoxes;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedframe img2img}: repaint a whole image guided by a prompt. */
@Command(name = "img2img", mixinStandardHelpOptions = true,
        description = "Generate from an input image (QwenImageImg2ImgPipeline). An image of a size the model does"
                + " not make (not a multiple of its size multiple, or larger than its area budget) is worked on at one"
                + " it does and the result scaled back: the output keeps the image's size. --width/--height resize"
                + " it instead.")
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
        GenerationRequest base = CliSupport.request(PipelineKind.IMAGE_TO_IMAGE, g, caps, err).toBuilder()
                .image(img).strength(strength).build();
        if (g.width == null && g.height == null && !ContextBoxes.fitsModel(img.width(), img.height(), caps)) {
            // not a size the model makes: worked on at one it does, the result scaled back to the image's own size
            try {
                return ContextBoxes.img2img(base, caps);
            } catch (IllegalArgumentException e) {
                throw new UsageException("The image is " + img.width() + "×" + img.height() + ": " + e.getMessage()
                        + ". Crop it, or pass --width and --height to have it resized whole.");
            }
        }
        int[] size = ImageCommands.outputSize(g, img, caps);
        return base.toBuilder().size(size[0], size[1]).build();
    }
}
