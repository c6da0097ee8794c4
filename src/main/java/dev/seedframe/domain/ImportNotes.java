package dev.seedframe.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The words of the notes an import records: every conversion made to bring a picture file to the 8-bit sRGB
 * pixels the engine works on, as {@link java.text.MessageFormat} patterns (formatted and recognised with {@link
 * AdjustmentNotes#format}; a front end in another language words them by name, {@code note.import.NAME}).
 */
public final class ImportNotes {

    public static final String ORIENTED = "EXIF orientation {0} applied: the picture, stored as {1}×{2}, is {3}×{4}"
            + " as it is meant to be seen";
    public static final String DEPTH_REDUCED = "{0}-bit samples reduced to 8 bits per channel (rounded)";
    public static final String GRAY_TO_RGB = "Greyscale turned into RGB (each grey level copied to red, green and"
            + " blue)";
    public static final String PALETTE_TO_RGB = "Palette colours turned into RGB";
    public static final String ALPHA_KEPT = "The alpha channel was set aside as a mask source ({0} of {1} pixels are"
            + " not fully opaque); the colour channels are used as they are";
    public static final String ALPHA_OPAQUE = "The alpha channel is fully opaque and was dropped";
    public static final String PROFILE_CONVERTED = "The embedded colour profile \"{0}\" was converted to sRGB";
    public static final String CMYK_PROFILE = "CMYK converted to RGB with the embedded colour profile \"{0}\"";
    public static final String CMYK_GENERIC = "CMYK converted to RGB with a generic CMYK profile: the file embeds none,"
            + " so the colours are approximate";
    public static final String COLOUR_SPACE_CONVERTED = "Colours converted from the file''s {0} colour space to sRGB";
    public static final String FIRST_FRAME = "The file holds {0} images; the first was imported";

    /** Every pattern by its name. */
    public static final Map<String, String> ALL;

    static {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("ORIENTED", ORIENTED);
        all.put("DEPTH_REDUCED", DEPTH_REDUCED);
        all.put("GRAY_TO_RGB", GRAY_TO_RGB);
        all.put("PALETTE_TO_RGB", PALETTE_TO_RGB);
        all.put("ALPHA_KEPT", ALPHA_KEPT);
        all.put("ALPHA_OPAQUE", ALPHA_OPAQUE);
        all.put("PROFILE_CONVERTED", PROFILE_CONVERTED);
        all.put("CMYK_PROFILE", CMYK_PROFILE);
        all.put("CMYK_GENERIC", CMYK_GENERIC);
        all.put("COLOUR_SPACE_CONVERTED", COLOUR_SPACE_CONVERTED);
        all.put("FIRST_FRAME", FIRST_FRAME);
        ALL = Collections.unmodifiableMap(all);
    }

    private ImportNotes() {}
}
