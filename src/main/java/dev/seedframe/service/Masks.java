package dev.seedframe.service;

import dev.seedframe.domain.Mask;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.imaging.ImageImport;
import dev.seedframe.imaging.MaskEdits;
import dev.seedframe.imaging.Png;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Masks as files: a mask PNG read for a picture of a given size (white = repaint; any picture format, turned to grey
 * as Pillow's {@code convert("L")} does), refused with a clear message when its size differs; a mask written as an
 * 8-bit greyscale PNG; and the mask a picture's alpha channel gives.
 */
public final class Masks {

    private Masks() {}

    /** Reads a mask for a {@code width × height} picture. */
    public static Mask read(Path file, int width, int height) throws ImageFormatException, IOException {
        Mask m = read(file);
        if (m.width() != width || m.height() != height) {
            throw new ImageFormatException("The mask is " + m.width() + "×" + m.height() + " but the image is " + width
                    + "×" + height + "; a mask must be the size of its image (" + file.getFileName() + ")");
        }
        return m;
    }

    /** Reads a mask PNG (or any picture, turned to grey) at whatever size it has. */
    public static Mask read(Path file) throws ImageFormatException, IOException {
        return ImageFiles.toMask(ImageImport.read(file).image());
    }

    /** Writes a mask as a greyscale PNG, atomically. */
    public static void write(Mask mask, Path out) throws IOException {
        ImageFiles.writeAtomically(out, Png.encode(mask, Map.of()));
    }

    /** The mask that repaints a picture's transparent parts (grey where partly transparent). */
    public static Mask fromAlpha(Mask alpha) {
        return MaskEdits.fromAlpha(alpha, true);
    }
}
