package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedframe inpaint}: repaint the masked region, keep every other pixel. */
@Command(name = "inpaint", mixinStandardHelpOptions = true,
        description = "Repaint the white part of a mask (QwenImageInpaintPipeline); every pixel outside it stays"
                + " exactly as it was unless --raw.")
public final class InpaintCommand extends ImageEditCommand {

    @Option(names = "--mask", paramLabel = "MASK.png", required = true,
            description = "White = repaint, black = keep; grey levels soften the edge.")
    Path mask;

    @Option(names = "--strength", paramLabel = "F", required = true, description = "How much to change, in (0, 1].")
    double strength;

    @Mixin
    MaskedEditOptions masked;

    public InpaintCommand(AppContext ctx) {
        super(ctx, PipelineKind.INPAINT);
    }

    @Override
    List<Path> otherInputs() {
        return List.of(mask);
    }

    @Override
    GenerationRequest.Builder edit(RgbImage img, ModelCapabilities caps, Supplier<GenerationRequest.Builder> base)
            throws UsageException {
        int[] size = ImageCommands.outputSize(g, img, caps);
        Mask m = ImageCommands.readMask(mask);
        return masked.apply(base.get().mask(m).strength(strength).size(size[0], size[1]));
    }
}
