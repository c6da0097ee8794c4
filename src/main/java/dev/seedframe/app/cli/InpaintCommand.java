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

/** {@code seedframe inpaint}: repaint the masked region, keep every other pixel. */
@Command(name = "inpaint", mixinStandardHelpOptions = true,
        description = "Repaint the white part of a mask (QwenImageInpaintPipeline); every pixel outside it stays"
                + " exactly as it was unless --raw.")
public final class InpaintCommand extends GeneratingCommand {

    @Option(names = "--image", paramLabel = "IN.png", required = true, description = "The image to change.")
    Path image;

    @Option(names = "--mask", paramLabel = "MASK.png", required = true,
            description = "White = repaint, black = keep; grey levels soften the edge.")
    Path mask;

    @Option(names = "--strength", paramLabel = "F", required = true, description = "How much to change, in (0, 1].")
    double strength;

    @Option(names = "--raw", description = "Return the pipeline's own decoded output (identical to diffusers').")
    boolean raw;

    @Option(names = "--feather", paramLabel = "PX", defaultValue = "" + GenerationRequest.DEFAULT_FEATHER_PX,
            description = "Width of the blend band inside the mask edge (default ${DEFAULT-VALUE}).")
    int feather;

    public InpaintCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    java.util.List<Path> inputs() {
        return java.util.List.of(image, mask);
    }

    @Override
    GenerationRequest request(ModelCapabilities caps, PrintWriter err) throws UsageException {
        RgbImage img = ImageCommands.readImage(image, "--image", err);
        int[] size = ImageCommands.outputSize(g, img, caps);
        return CliSupport.request(PipelineKind.INPAINT, g, caps, err).toBuilder()
                .image(img).mask(ImageCommands.readMask(mask)).strength(strength).raw(raw).featherPx(feather)
                .size(size[0], size[1]).build();
    }
}
