package dev.seedframe.app.cli;

import dev.seedframe.domain.RgbImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --image IN.png}: the one image img2img, inpaint and outpaint work on. */
public final class InputImageOption {

    @Option(names = "--image", paramLabel = "IN.png", required = true, description = "The image to change.")
    Path file;

    RgbImage read(PrintWriter err) throws UsageException {
        return ImageCommands.readImage(file, "--image", err);
    }
}
