package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.imaging.ImageImport;
import dev.seedframe.service.ContextBoxes;
import dev.seedframe.service.Masks;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedframe inpaint}: repaint the masked region, keep every other pixel. */
@Command(name = "inpaint", mixinStandardHelpOptions = true,
        description = "Repaint the white part of a mask (QwenImageInpaintPipeline); every pixel outside it stays"
                + " exactly as it was unless --raw. Works on the image at its own size, any size: the mask's region"
                + " plus --context pixels around it is cut out, worked on at the model's size, and pasted back"
                + " through the feathered mask; the output has the input's size. --width/--height (or --raw) instead"
                + " resize the whole image to that size, as the reference pipeline does.")
public final class InpaintCommand extends ImageEditCommand {

    static final class MaskSource {
        @Option(names = "--mask", paramLabel = "MASK.png", required = true,
                description = "White = repaint, black = keep; grey levels soften the edge. The image's size.")
        Path mask;

        @Option(names = "--mask-from-alpha", required = true,
                description = "Repaint where the image is transparent (its alpha channel as the mask).")
        boolean fromAlpha;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    MaskSource maskSource;

    @Option(names = "--strength", paramLabel = "F", defaultValue = "1",
            description = "How much to change, in (0, 1] (default ${DEFAULT-VALUE}: the region is drawn anew).")
    double strength;

    @Option(names = "--context", paramLabel = "PX",
            description = "Pixels of the image around the mask that the model sees with it (default: half the"
                    + " mask's larger side, at least " + ContextBoxes.MIN_CONTEXT_PX + ").")
    Integer context;

    @Mixin
    MaskedEditOptions masked;

    public InpaintCommand(AppContext ctx) {
        super(ctx, PipelineKind.INPAINT);
    }

    @Override
    List<Path> otherInputs() {
        return maskSource.mask == null ? List.of() : List.of(maskSource.mask);
    }

    @Override
    GenerationRequest.Builder edit(ImageImport.Picture pic, ModelCapabilities caps,
            Supplier<GenerationRequest.Builder> base) throws UsageException {
        Mask mask;
        if (maskSource.fromAlpha) {
            if (pic.alpha() == null) {
                throw new UsageException("--mask-from-alpha: " + image.file.getFileName() + " has no transparent"
                        + " pixels; pass a --mask");
            }
            mask = Masks.fromAlpha(pic.alpha());
        } else {
            mask = ImageCommands.readMask(maskSource.mask, pic.image().width(), pic.image().height());
        }
        GenerationRequest.Builder b = masked.apply(base.get().mask(mask).strength(strength));
        if (masked.raw || g.width != null || g.height != null) {
            if (context != null) {
                throw new UsageException("--context works on the image at its own size; it cannot be combined with "
                        + (masked.raw ? "--raw" : "--width/--height") + ", which resize the whole image");
            }
            int[] size = ImageCommands.outputSize(g, pic.image(), caps);
            return b.size(size[0], size[1]);
        }
        if (context != null && context < 0) {
            throw new UsageException("--context must be 0 pixels or more, got " + context);
        }
        if (ContextBoxes.bounds(mask) == null) {
            throw new UsageException("The mask has nothing painted: paint the region to repaint in white");
        }
        try {
            return ContextBoxes.inpaint(b.build(), context, caps).toBuilder();
        } catch (IllegalArgumentException e) {
            throw new UsageException("The mask's region with its context is " + e.getMessage().replaceFirst("^a ", "")
                    + "; paint a wider region or pass a larger --context");
        }
    }
}
