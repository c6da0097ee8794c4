package dev.seedframe.imaging;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Bringing a designer's picture file in: PNG, JPEG (baseline, progressive, CMYK/YCCK), WebP, TIFF, BMP and GIF,
 * read by the JDK's ImageIO and the TwelveMonkeys plug-ins, and turned into the 8-bit sRGB pixels the engine
 * works on. Every conversion is explicit and said as a note ({@link ImportNotes}): the EXIF orientation applied,
 * 16-bit, greyscale and palette samples turned into 8-bit RGB, an embedded colour profile converted to sRGB, an
 * alpha channel set aside as a mask source. A file that cannot be imported is refused with a message naming it
 * and why: not an image, damaged or cut short, or larger than {@link #MAX_PIXELS} (judged from its header,
 * before any pixel is decoded).
 */
public final class ImageImport {

    /** The largest picture imported, in pixels: 100 megapixels (its RGB pixels alone are 300 MB). */
    public static final long MAX_PIXELS = dev.seedframe.domain.RequestLimits.MAX_FULL_RESOLUTION_PIXELS;

    /** What reading the file gave. */
    public record Picture(
            RgbImage image,
            Mask alpha,
            List<Note> notes,
            String format,
            PngText text) {

        public Picture {
            notes = List.copyOf(notes);
        }
    }

    /** Words in a JPEG decoder's warnings that mean the data ended early or is damaged: the file is refused. */
    private static final List<String> FATAL_WARNINGS = List.of("truncated", "premature end", "corrupt");

    /** The warning TwelveMonkeys gives for a CMYK JPEG without an embedded profile. */
    private static final String NO_CMYK_PROFILE = "no embedded icc color profile";

    private ImageImport() {}

    /** Reads a picture file (refused before reading when over {@link ImageFiles#MAX_FILE_BYTES}). */
    public static Picture read(Path file) throws ImageFormatException, IOException {
        return decode(ImageFiles.readBounded(file), file.getFileName().toString());
    }

    /** Decodes a picture file's bytes; {@code name} is used in messages. */
    public static Picture decode(byte[] bytes, String name) throws ImageFormatException {
        if (bytes.length == 0) {
            throw new ImageFormatException(name + " is empty (0 bytes): not an image");
        }
        FileMetadata meta = FileMetadata.of(bytes);
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new ImageFormatException(name + " is not an image Seedframe can read (it reads PNG, JPEG, WebP,"
                        + " TIFF, BMP and GIF files)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, false, false); // metadata read: the JPEG plug-in takes the ICC profile from it
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkSize(name, w, h);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                List<Note> notes = new ArrayList<>();
                int frames = frames(reader, format);
                BufferedImage bi = reader.read(0);
                for (String warning : warnings) {
                    String lower = warning.toLowerCase(Locale.ROOT);
                    if (FATAL_WARNINGS.stream().anyMatch(lower::contains)) {
                        throw new ImageFormatException(name + " is damaged or cut short: " + warning);
                    }
                }
                Picture p = convert(bi, meta, warnings, notes, format, name);
                if (frames > 1) {
                    notes.add(Note.of(NoteCode.IMPORT_FIRST_FRAME, frames));
                }
                PngText text = PngText.empty();
                if (Png.isPng(bytes)) {
                    try (InputStream in = new ByteArrayInputStream(bytes)) {
                        text = Png.readText(in);
                    } catch (ImageFormatException unreadableText) {
                        // text that cannot be read (too large, damaged) offers no settings; the pixels decoded
                    }
                }
                return new Picture(p.image(), p.alpha(), notes, format, text);
            } finally {
                reader.dispose();
            }
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ImageFormatException(name + " is damaged or cut short, and cannot be read: " + why, e);
        } catch (RuntimeException e) {
            // a decoder that breaks on a damaged file speaks of its own classes (a TIFF tag's value that is an
            // exception, not a number): the person reading learns only that the file is damaged
            throw new ImageFormatException(name + " is damaged or cut short, and cannot be read (its "
                    + "contents do not follow its format)", e);
        } catch (OutOfMemoryError e) {
            throw new ImageFormatException(name + " needs more memory to decode than Java has here (" + e.getMessage()
                    + "); give Java more memory (java -Xmx...) or scale the picture down first", e);
        }
    }

    /** Refuses a picture over the limit, from its header's size. */
    static void checkSize(String name, int w, int h) throws ImageFormatException {
        if (w <= 0 || h <= 0) {
            throw new ImageFormatException(name + " says it is " + w + "×" + h + " pixels: damaged");
        }
        long pixels = (long) w * h;
        if (pixels > MAX_PIXELS) {
            throw new ImageFormatException(String.format(Locale.ROOT, "%s is %d×%d pixels (%.1f megapixels); Seedframe"
                    + " imports pictures of up to %d megapixels. Scale it down first.", name, w, h, pixels / 1e6,
                    MAX_PIXELS / 1_000_000));
        }
    }

    /** How many images a multi-image format holds, when the reader can tell cheaply; 1 otherwise. */
    private static int frames(ImageReader reader, String format) {
        if (!format.equals("gif") && !format.equals("tiff") && !format.equals("tif")) {
            return 1;
        }
        try {
            return Math.max(1, reader.getNumImages(true));
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    private static Picture convert(BufferedImage bi, FileMetadata meta, List<String> warnings, List<Note> notes,
            String format, String name) throws ImageFormatException {
        int w = bi.getWidth();
        int h = bi.getHeight();
        ColorModel cm = bi.getColorModel();
        Raster r = bi.getRaster();
        byte[] rgb;
        byte[] alpha = null;
        if (cm instanceof IndexColorModel icm) {
            rgb = new byte[w * h * 3];
            alpha = icm.hasAlpha() ? new byte[w * h] : null;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    int c = icm.getRGB(row[x]);
                    rgb[3 * i] = (byte) (c >>> 16);
                    rgb[3 * i + 1] = (byte) (c >>> 8);
                    rgb[3 * i + 2] = (byte) c;
                    if (alpha != null) {
                        alpha[i] = (byte) icm.getAlpha(row[x]);
                    }
                }
            }
            notes.add(isGrey(icm) ? Note.of(NoteCode.IMPORT_GRAY_TO_RGB) : Note.of(NoteCode.IMPORT_PALETTE_TO_RGB));
        } else {
            ColorSpace cs = cm.getColorSpace();
            int type = cs.getType();
            int colourBands = cm.getNumColorComponents();
            boolean direct = (type == ColorSpace.TYPE_RGB && colourBands == 3)
                    || (type == ColorSpace.TYPE_GRAY && colourBands == 1);
            int bits = 0;
            for (int b = 0; b < cm.getNumComponents(); b++) {
                bits = Math.max(bits, cm.getComponentSize(b));
            }
            if (!direct) {
                rgb = ColourProfiles.toSrgb(colourOnly(bi));
                if (type == ColorSpace.TYPE_CMYK && format.startsWith("tif")) {
                    notes.add(cs instanceof ICC_ColorSpace ics
                            ? Note.of(NoteCode.IMPORT_CMYK_PROFILE, ColourProfiles.name(ics.getProfile()))
                            : Note.of(NoteCode.IMPORT_CMYK_GENERIC));
                } else {
                    notes.add(Note.of(NoteCode.IMPORT_COLOUR_SPACE_CONVERTED, spaceName(type)));
                }
            } else {
                byte[] samples = samples8(r, w, h, colourBands);
                if (bits > 8) {
                    notes.add(Note.of(NoteCode.IMPORT_DEPTH_REDUCED, bits));
                }
                ICC_Profile profile = profileToApply(cs, meta, format, colourBands);
                if (profile != null) {
                    rgb = ColourProfiles.toSrgb(samples, w, h, colourBands, profile);
                    notes.add(Note.of(NoteCode.IMPORT_PROFILE_CONVERTED, ColourProfiles.name(profile)));
                } else if (colourBands == 1) {
                    rgb = new byte[w * h * 3];
                    for (int i = 0; i < samples.length; i++) {
                        rgb[3 * i] = samples[i];
                        rgb[3 * i + 1] = samples[i];
                        rgb[3 * i + 2] = samples[i];
                    }
                } else {
                    rgb = samples;
                }
                if (colourBands == 1) {
                    notes.add(Note.of(NoteCode.IMPORT_GRAY_TO_RGB));
                }
            }
            if (cm.hasAlpha()) {
                alpha = samples8(r.createChild(0, 0, w, h, 0, 0, new int[] {cm.getNumComponents() - 1}), w, h, 1);
            }
            if (meta.fourComponentJpeg() && !cm.hasAlpha()) {
                String profileName = ColourProfiles.parse(meta.iccProfile()) == null ? null
                        : ColourProfiles.name(ColourProfiles.parse(meta.iccProfile()));
                boolean generic = warnings.stream().anyMatch(wn -> wn.toLowerCase(Locale.ROOT).contains(NO_CMYK_PROFILE))
                        || profileName == null;
                notes.add(generic ? Note.of(NoteCode.IMPORT_CMYK_GENERIC)
                        : Note.of(NoteCode.IMPORT_CMYK_PROFILE, profileName));
            } else if (appliedByReader(format)) {
                ICC_Profile embedded = ColourProfiles.parse(meta.iccProfile());
                if (embedded != null && !ColourProfiles.isSrgb(embedded)) {
                    notes.add(Note.of(NoteCode.IMPORT_PROFILE_CONVERTED, ColourProfiles.name(embedded)));
                }
            }
        }
        RgbImage image = new RgbImage(w, h, rgb);
        Mask alphaMask = null;
        if (alpha != null) {
            long translucent = 0;
            for (byte a : alpha) {
                if (a != (byte) 0xff) {
                    translucent++;
                }
            }
            if (translucent == 0) {
                notes.add(Note.of(NoteCode.IMPORT_ALPHA_OPAQUE));
            } else {
                alphaMask = new Mask(w, h, alpha);
                notes.add(Note.of(NoteCode.IMPORT_ALPHA_KEPT, translucent, (long) w * h));
            }
        }
        if (meta.orientation() != 1) {
            RgbImage upright = Orientation.apply(image, meta.orientation());
            notes.add(Note.of(NoteCode.IMPORT_ORIENTED, meta.orientation(), w, h, upright.width(),
                    upright.height()));
            image = upright;
            alphaMask = alphaMask == null ? null : Orientation.apply(alphaMask, meta.orientation());
        }
        return new Picture(image, alphaMask, notes, format, PngText.empty());
    }

    /** The JPEG and WebP plug-ins convert an embedded profile to sRGB themselves. */
    private static boolean appliedByReader(String format) {
        return format.equals("jpeg") || format.equals("jpg") || format.equals("webp");
    }

    /**
     * The profile to convert the samples from: one the reader handed over as the image's colour space (TIFF), or
     * one embedded in a PNG (the JDK's PNG reader ignores {@code iCCP}); null when the samples are sRGB already.
     */
    private static ICC_Profile profileToApply(ColorSpace cs, FileMetadata meta, String format, int bands) {
        ICC_Profile p = null;
        if (cs instanceof ICC_ColorSpace ics && !cs.isCS_sRGB() && !isJavaGray(ics)) {
            p = ics.getProfile();
        } else if (format.equals("png")) {
            p = ColourProfiles.parse(meta.iccProfile());
        }
        if (p == null || ColourProfiles.isSrgb(p)) {
            return null;
        }
        int wanted = bands == 1 ? ColorSpace.TYPE_GRAY : ColorSpace.TYPE_RGB;
        return p.getColorSpaceType() == wanted ? p : null;
    }

    /**
     * Java's built-in linear grey, which its readers give every greyscale picture: grey files are meant as sRGB
     * grey levels, so their samples are taken as they are.
     */
    private static boolean isJavaGray(ICC_ColorSpace cs) {
        return cs.getProfile().equals(ICC_Profile.getInstance(ColorSpace.CS_GRAY))
                || java.util.Arrays.equals(cs.getProfile().getData(), ICC_Profile.getInstance(ColorSpace.CS_GRAY)
                        .getData());
    }

    /** The image without its alpha band, for colour conversion. */
    private static BufferedImage colourOnly(BufferedImage bi) {
        ColorModel cm = bi.getColorModel();
        if (!cm.hasAlpha() || !(cm instanceof java.awt.image.ComponentColorModel)) {
            if (cm.hasAlpha()) {
                BufferedImage rgb = new BufferedImage(bi.getWidth(), bi.getHeight(), BufferedImage.TYPE_INT_RGB);
                rgb.getGraphics().drawImage(bi, 0, 0, null);
                return rgb;
            }
            return bi;
        }
        int n = cm.getNumColorComponents();
        int[] bands = new int[n];
        for (int i = 0; i < n; i++) {
            bands[i] = i;
        }
        java.awt.image.WritableRaster colour = bi.getRaster().createWritableChild(0, 0, bi.getWidth(), bi.getHeight(),
                0, 0, bands);
        java.awt.image.ComponentColorModel opaque = new java.awt.image.ComponentColorModel(cm.getColorSpace(), false,
                false, java.awt.Transparency.OPAQUE, cm.getTransferType());
        return new BufferedImage(opaque, colour, false, null);
    }

    /**
     * The raster's first {@code bands} bands as 8-bit samples, interleaved, each rounded from its own bit depth
     * (16-bit {@code v} becomes {@code round(v·255/65535)}).
     */
    private static byte[] samples8(Raster r, int w, int h, int bands) {
        byte[] out = new byte[w * h * bands];
        int[] row = new int[w];
        for (int b = 0; b < bands; b++) {
            int bits = r.getSampleModel().getSampleSize(b);
            long max = (1L << bits) - 1;
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, b, row);
                for (int x = 0; x < w; x++) {
                    long v = row[x] & 0xffffffffL;
                    out[(y * w + x) * bands + b] = (byte) (bits == 8 ? v : (v * 255 + max / 2) / max);
                }
            }
        }
        return out;
    }

    /** A palette of grey levels only (a greyscale BMP or GIF, a black-and-white picture). */
    private static boolean isGrey(IndexColorModel icm) {
        int n = icm.getMapSize();
        for (int i = 0; i < n; i++) {
            int c = icm.getRGB(i) & 0xffffff;
            int r = c >>> 16;
            if (r != ((c >>> 8) & 0xff) || r != (c & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static String spaceName(int type) {
        return switch (type) {
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "Lab";
            case ColorSpace.TYPE_XYZ -> "XYZ";
            case ColorSpace.TYPE_GRAY -> "grey";
            case ColorSpace.TYPE_RGB -> "RGB";
            default -> "type-" + type;
        };
    }
}
