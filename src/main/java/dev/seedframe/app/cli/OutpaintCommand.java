package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.imaging.ImageImport;
import dev.seedframe.service.ContextBoxes;
import dev.seedframe.service.EditPolicy;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedframe outpaint}: extend the canvas and paint the new area. */
@Command(name = "outpaint", mixinStandardHelpOptions = true,
        description = "Extend the canvas on any side and paint the new area. The original pixels stay as they were"
                + " except a seam band two size multiples deep (32 px on Qwen-Image) that is repainted so the new area"
                + " joins it; --raw returns the pipeline's own output everywhere. --aspect W:H extends to an aspect"
                + " ratio in one step (e.g. landscape to 9:16). The output size comes from the image and the amounts"
                + " (rounded up to the model's multiple); --width/--height are not used. A canvas larger than the"
                + " model's area budget is worked on at the model's size and the new area scaled up to it: the"
                + " original pixels stay at full resolution and the amounts are not rounded.")
public final class OutpaintCommand extends ImageEditCommand {

    @Option(names = "--left", paramLabel = "PX", defaultValue = "0", description = "Pixels to add on the left.")
    int left;

    @Option(names = "--right", paramLabel = "PX", defaultValue = "0", description = "Pixels to add on the right.")
    int right;

    @Option(names = "--top", paramLabel = "PX", defaultValue = "0", description = "Pixels to add at the top.")
    int top;

    @Option(names = "--bottom", paramLabel = "PX", defaultValue = "0", description = "Pixels to add at the bottom.")
    int bottom;

    @Option(names = "--aspect", paramLabel = "W:H", description = "Extend symmetrically to this aspect ratio.")
    String aspect;

    @Option(names = "--strength", paramLabel = "F", defaultValue = "0.9",
            description = "How much to change, in (0, 1] (default ${DEFAULT-VALUE}: high, so the new area is drawn"
                    + " rather than smeared from the fill).")
    double strength;

    @Mixin
    MaskedEditOptions masked;

    public OutpaintCommand(AppContext ctx) {
        super(ctx, PipelineKind.OUTPAINT);
    }

    @Override
    GenerationRequest.Builder edit(ImageImport.Picture pic, ModelCapabilities caps,
            Supplier<GenerationRequest.Builder> base) throws UsageException {
        RgbImage img = pic.image();
        if (g.width != null || g.height != null) {
            throw new UsageException("outpaint takes its size from the image and the amounts (--left, --right, --top,"
                    + " --bottom or --aspect); leave out --width and --height");
        }
        Outpaint wanted = extents(img);
        int[] canvas = EditPolicy.outpaintCanvas(img, wanted, caps.sizeMultiple());
        GenerationRequest.Builder b = masked.apply(base.get().outpaint(wanted).strength(strength));
        if (!masked.raw && !ContextBoxes.fitsModel(canvas[0], canvas[1], caps)) {
            // a canvas larger than the model makes: worked on at its size, the original pixels kept at full size
            int fullW = img.width() + wanted.left() + wanted.right();
            int fullH = img.height() + wanted.top() + wanted.bottom();
            String why = (long) fullW * fullH > ImageImport.MAX_PIXELS
                    ? "over " + ImageImport.MAX_PIXELS / 1_000_000 + " megapixels" : null;
            if (why == null) {
                try {
                    return ContextBoxes.outpaint(b.build(), caps).toBuilder();
                } catch (IllegalArgumentException tooNarrow) {
                    why = tooNarrow.getMessage();
                }
            }
            throw new UsageException("The outpainted canvas would be " + fullW + "×" + fullH + " (the " + img.width()
                    + "×" + img.height() + " image plus the amounts): " + why + "; ask for less");
        }
        if (canvas[0] > caps.maxSide() || canvas[1] > caps.maxSide()) {
            throw new UsageException("The outpainted canvas would be " + canvas[0] + "×" + canvas[1] + " (the "
                    + img.width() + "×" + img.height() + " image plus the amounts); this model makes at most "
                    + caps.maxSide() + " pixels on a side: ask for less, or shrink the image first");
        }
        return b.size(canvas[0], canvas[1]);
    }

    private Outpaint extents(RgbImage img) throws UsageException {
        Outpaint wanted;
        if (aspect != null) {
            if (left + right + top + bottom > 0) {
                throw new UsageException("--aspect and per-side amounts cannot be combined");
            }
            String[] p = aspect.split(":");
            try {
                wanted = EditPolicy.outpaintToAspect(img.width(), img.height(), Integer.parseInt(p[0].strip()),
                        Integer.parseInt(p[1].strip()));
            } catch (RuntimeException e) {
                throw new UsageException("--aspect must look like 9:16, got '" + aspect + "'");
            }
        } else {
            if (left < 0 || right < 0 || top < 0 || bottom < 0) {
                throw new UsageException("outpaint amounts cannot be negative");
            }
            wanted = new Outpaint(left, right, top, bottom);
        }
        if (wanted.isEmpty()) {
            throw new UsageException("nothing to add: pass --left/--right/--top/--bottom or --aspect");
        }
        return wanted;
    }
}
