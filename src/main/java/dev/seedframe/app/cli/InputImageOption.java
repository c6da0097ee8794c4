package dev.seedframe.app.cli;

import dev.seedframe.imaging.ImageImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --image IN.png}: the one image img2img, inpaint and outpaint work on. */
public final class InputImageOption {

    @Option(names = "--image", paramLabel = "IN", required = true,
            description = "The image to change (PNG, JPEG, WebP, TIFF, BMP; any size up to 100 megapixels).")
    Path file;

    /** The picture as an import reads it (orientation applied, 8-bit sRGB, alpha set aside), conversions noted. */
    ImageImport.Picture read(PrintWriter err) throws UsageException {
        return ImageCommands.readPicture(file, "--image", err);
    }
}
