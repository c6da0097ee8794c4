package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.engine.RequestSizes;
import dev.seedframe.imaging.ImageImport;
import dev.seedframe.service.ContextBoxes;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
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
public final class OutpaintCommand extends GeneratingCommand {

    @Option(names = "--image", paramLabel = "IN.png", required = true, description = "The image to extend.")
    Path image;

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

    @Option(names = "--raw", description = "Return the pipeline's own decoded output.")
    boolean raw;

    @Option(names = "--feather", paramLabel = "PX", defaultValue = "" + GenerationRequest.DEFAULT_FEATHER_PX,
            description = "Width of the soft edge where new and original pixels meet (default ${DEFAULT-VALUE}).")
    int feather;

    public OutpaintCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    java.util.List<Path> inputs() {
        return java.util.List.of(image);
    }

    @Override
    GenerationRequest request(ModelCapabilities caps, PrintWriter err) throws UsageException {
        if (g.width != null || g.height != null) {
            throw new UsageException("outpaint takes its size from the image and the amounts (--left, --right, --top,"
                    + " --bottom or --aspect); leave out --width and --height");
        }
        RgbImage img = ImageCommands.readImage(image, "--image", err);
        Outpaint wanted = extents(img);
        Outpaint e = RequestSizes.outpaintExtents(img.width(), img.height(), wanted, caps.sizeMultiple());
        int cw = img.width() + e.left() + e.right();
        int ch = img.height() + e.top() + e.bottom();
        GenerationRequest base = CliSupport.request(PipelineKind.OUTPAINT, g, caps, err).toBuilder()
                .image(img).outpaint(wanted).raw(raw).strength(strength).featherPx(feather).build();
        if (!raw && !ContextBoxes.fitsModel(cw, ch, caps)) {
            // a canvas larger than the model makes: worked on at its size, the original pixels kept at full size
            int fullW = img.width() + wanted.left() + wanted.right();
            int fullH = img.height() + wanted.top() + wanted.bottom();
            String why = (long) fullW * fullH > ImageImport.MAX_PIXELS
                    ? "over " + ImageImport.MAX_PIXELS / 1_000_000 + " megapixels" : null;
            if (why == null) {
                try {
                    return ContextBoxes.outpaint(base, caps);
                } catch (IllegalArgumentException tooNarrow) {
                    why = tooNarrow.getMessage();
                }
            }
            throw new UsageException("The outpainted canvas would be " + fullW + "×" + fullH + " (the " + img.width()
                    + "×" + img.height() + " image plus the amounts): " + why + "; ask for less");
        }
        if (cw > caps.maxSide() || ch > caps.maxSide()) {
            throw new UsageException("The outpainted canvas would be " + cw + "×" + ch + " (the " + img.width() + "×"
                    + img.height() + " image plus the amounts); this model makes at most " + caps.maxSide()
                    + " pixels on a side: ask for less, or shrink the image first");
        }
        return base.toBuilder().size(cw, ch).build();
    }

    private Outpaint extents(RgbImage img) throws UsageException {
        Outpaint wanted;
        if (aspect != null) {
            if (left + right + top + bottom > 0) {
                throw new UsageException("--aspect and per-side amounts cannot be combined");
            }
            String[] p = aspect.split(":");
            try {
                wanted = RequestSizes.outpaintToAspect(img.width(), img.height(), Integer.parseInt(p[0].strip()),
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
