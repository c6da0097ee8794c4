package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.imaging.ImageImport;
import dev.seedframe.service.ContextBoxes;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedframe img2img}: repaint a whole image guided by a prompt. */
@Command(name = "img2img", mixinStandardHelpOptions = true,
        description = "Generate from an input image (QwenImageImg2ImgPipeline). An image of a size the model does"
                + " not make (not a multiple of its size multiple, or larger than its area budget) is worked on at one"
                + " it does and the result scaled back: the output keeps the image's size. --width/--height resize"
                + " it instead.")
public final class Img2ImgCommand extends ImageEditCommand {

    @Option(names = "--strength", paramLabel = "F", required = true,
            description = "How much to change, in (0, 1]: the share of the schedule that runs.")
    double strength;

    public Img2ImgCommand(AppContext ctx) {
        super(ctx, PipelineKind.IMAGE_TO_IMAGE);
    }

    @Override
    GenerationRequest.Builder edit(ImageImport.Picture pic, ModelCapabilities caps,
            Supplier<GenerationRequest.Builder> base) throws UsageException {
        RgbImage img = pic.image();
        GenerationRequest.Builder b = base.get().strength(strength);
        if (g.width == null && g.height == null && !ContextBoxes.fitsModel(img.width(), img.height(), caps)) {
            // not a size the model makes: worked on at one it does, the result scaled back to the image's own size
            try {
                return ContextBoxes.img2img(b.build(), caps).toBuilder();
            } catch (IllegalArgumentException e) {
                throw new UsageException("The image is " + img.width() + "×" + img.height() + ": " + e.getMessage()
                        + ". Crop it, or pass --width and --height to have it resized whole.");
            }
        }
        int[] size = ImageCommands.outputSize(g, img, caps);
        return b.size(size[0], size[1]);
    }
}
