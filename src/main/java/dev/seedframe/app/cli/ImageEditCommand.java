package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.imaging.ImageImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;

/** A command that changes one input image (img2img, inpaint, outpaint): reads it, then shapes the request. */
abstract class ImageEditCommand extends GeneratingCommand {

    @Mixin
    InputImageOption image;

    private final PipelineKind kind;

    ImageEditCommand(AppContext ctx, PipelineKind kind) {
        super(ctx);
        this.kind = kind;
    }

    /**
     * The request that changes the picture: checks what it must first, then shapes {@code base} (the generation
     * options with the picture's image set; getting it announces a random seed).
     */
    abstract GenerationRequest.Builder edit(ImageImport.Picture pic, ModelCapabilities caps,
            Supplier<GenerationRequest.Builder> base) throws UsageException;

    /** Other files the command reads besides the image. */
    List<Path> otherInputs() {
        return List.of();
    }

    @Override
    final List<Path> inputs() {
        List<Path> all = new ArrayList<>(List.of(image.file));
        all.addAll(otherInputs());
        return all;
    }

    @Override
    final GenerationRequest request(ModelCapabilities caps, PrintWriter err) throws Exception {
        ImageImport.Picture pic = image.read(err);
        return edit(pic, caps, () -> g.builder(kind, caps, err).image(pic.image())).build();
    }
}
