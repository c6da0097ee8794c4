package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.service.EditPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seedframe edit}: change an image by an instruction (Qwen-Image-Edit), or combine 1–3 images
 * (Qwen-Image-Edit-2509). Without {@code --width/--height} the output is about one megapixel at the
 * aspect ratio of the (last) input image, as the reference pipeline chooses.
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Edit an image by instruction (QwenImageEditPipeline; QwenImageEditPlusPipeline takes up to 3"
                + " images).")
public final class EditCommand extends GeneratingCommand {

    @Option(names = "--image", paramLabel = "IN.png", required = true,
            description = "The image to edit; repeat it (up to 3) for a multi-image edit model (Qwen-Image-Edit-2509).")
    List<Path> images;

    @Option(names = "--condition-size", paramLabel = "PX", defaultValue = "1024",
            description = "Resize each input image to about PX² pixels (at its aspect ratio) before the model sees"
                    + " it; default ${DEFAULT-VALUE}, as the reference. Smaller is faster and less faithful; it is"
                    + " recorded with the generation.")
    int conditionSize;

    public EditCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    List<Path> inputs() {
        return images == null ? List.of() : images;
    }

    @Override
    GenerationRequest request(ModelCapabilities caps, PrintWriter err) throws UsageException {
        if (!caps.kinds().contains(PipelineKind.EDIT)) {
            throw new UsageException("This model cannot edit: edit needs a Qwen-Image-Edit folder (its"
                    + " model_index.json names QwenImageEditPipeline or QwenImageEditPlusPipeline)");
        }
        if (images.size() > caps.maxImages()) {
            throw new UsageException("This edit model takes " + (caps.maxImages() == 1 ? "one --image"
                    : "at most " + caps.maxImages() + " --image") + ", got " + images.size());
        }
        List<RgbImage> imgs = new ArrayList<>();
        for (Path p : images) {
            imgs.add(ImageCommands.readImage(p, "--image", err));
        }
        int[] def = EditPolicy.defaultEditSize(imgs, caps.sizeMultiple());
        int w = g.width != null ? g.width : def[0];
        int h = g.height != null ? g.height : def[1];
        if (g.width == null || g.height == null) {
            RgbImage last = imgs.get(imgs.size() - 1);
            ImageCommands.checkDerived(w, h, caps, "the edit keeps about one megapixel at the image's aspect ratio ("
                    + last.width() + "×" + last.height() + ")");
            err.println("note: output size " + w + "×" + h + (g.width == null && g.height == null ? "" : " (the missing"
                    + " side from the input)") + ": about one megapixel at the input's aspect ratio, as the reference"
                    + " pipeline chooses; pass --width and --height to change it");
        }
        return g.builder(PipelineKind.EDIT, caps, err).images(imgs).size(w, h).conditionSize(conditionSize).build();
    }
}
