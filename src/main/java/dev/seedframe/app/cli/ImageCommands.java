package dev.seedframe.app.cli;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.service.EditPolicy;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.imaging.ImageImport;
import dev.seedframe.service.Masks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the input images and masks of image-conditioned commands, with messages that name the file. */
final class ImageCommands {

    private ImageCommands() {}

    static RgbImage readImage(Path file, String option, PrintWriter err) throws UsageException {
        return readPicture(file, option, err).image();
    }

    /**
     * Reads a picture as an import does (EXIF orientation, 8-bit sRGB, alpha set aside), saying each conversion
     * made as a note.
     */
    static ImageImport.Picture readPicture(Path file, String option, PrintWriter err) throws UsageException {
        try {
            ImageImport.Picture p = ImageImport.read(file);
            for (Note n : p.notes()) {
                err.println("note: " + file.getFileName() + ": " + n.english());
            }
            return p;
        } catch (NoSuchFileException e) {
            throw new UsageException(option + ": file not found: " + file);
        } catch (ImageFormatException e) {
            throw new UsageException(option + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UsageException(option + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    static Mask readMask(Path file) throws UsageException {
        return mask(file, () -> ImageFiles.readMask(file));
    }

    /** Reads a mask for a picture of the given size; a mask of another size is refused with both sizes. */
    static Mask readMask(Path file, int width, int height) throws UsageException {
        return mask(file, () -> Masks.read(file, width, height));
    }

    /** How a mask is read. */
    private interface MaskRead {
        Mask read() throws ImageFormatException, IOException;
    }

    private static Mask mask(Path file, MaskRead read) throws UsageException {
        try {
            return read.read();
        } catch (NoSuchFileException e) {
            throw new UsageException("--mask: file not found: " + file);
        } catch (ImageFormatException e) {
            throw new UsageException("--mask: " + e.getMessage());
        } catch (IOException e) {
            throw new UsageException("--mask: cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Refuses an output size the user did not type (taken from an image, an outpaint amount, an aspect
     * ratio) when the model cannot make it, saying where it came from and what to pass instead.
     */
    static void checkDerived(int w, int h, ModelCapabilities caps, String because) throws UsageException {
        int max = caps.maxSide();
        if (w <= max && h <= max) {
            return;
        }
        double scale = (double) max / Math.max(w, h);
        int m = caps.sizeMultiple();
        int rw = Math.max(m, (int) (w * scale) / m * m);
        int rh = Math.max(m, (int) (h * scale) / m * m);
        throw new UsageException("The output would be " + w + "×" + h + " because " + because + "; this model makes"
                + " at most " + max + " pixels on a side. Pass --width " + rw + " --height " + rh
                + " (or smaller) to have it resized.");
    }

    /**
     * The output size: as given, else the image's own size, which must then be a multiple of the model's
     * size multiple (the message says which sizes to pass instead).
     */
    static int[] outputSize(GenerationOptions g, RgbImage image, ModelCapabilities caps) throws UsageException {
        if (g.width != null && g.height != null) {
            return new int[] {g.width, g.height};
        }
        int w = g.width != null ? g.width : image.width();
        int h = g.height != null ? g.height : image.height();
        int m = caps.sizeMultiple();
        checkDerived(w, h, caps, "the output takes the image's size (" + image.width() + "×" + image.height() + ")");
        if (!EditPolicy.fits(w, h, m)) {
            int rw = EditPolicy.snap(w, m);
            int rh = EditPolicy.snap(h, m);
            throw new UsageException("The image is " + image.width() + "×" + image.height() + "; this model needs"
                    + " sizes that are multiples of " + m + ". Pass --width " + rw + " --height " + rh
                    + " to have it resized (Lanczos), or crop it to a multiple of " + m + ".");
        }
        return new int[] {w, h};
    }
}
