package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedframe img2img}: repaint a whole image guided by a prompt. */
@Command(name = "img2img", mixinStandardHelpOptions = true,
        description = "Generate from an input image (QwenImageImg2ImgPipeline).")
public final class Img2ImgCommand extends ImageEditCommand {

    @Option(names = "--strength", paramLabel = "F", required = true,
            description = "How much to change, in (0, 1]: the share of the schedule that runs.")
    double strength;

    public Img2ImgCommand(AppContext ctx) {
        super(ctx, PipelineKind.IMAGE_TO_IMAGE);
    }

    @Override
    GenerationRequest.Builder edit(RgbImage img, ModelCapabilities caps, Supplier<GenerationRequest.Builder> base)
            throws UsageException {
        int[] size = ImageCommands.outputSize(g, img, caps);
        return base.get().strength(strength).size(size[0], size[1]);
    }
}
