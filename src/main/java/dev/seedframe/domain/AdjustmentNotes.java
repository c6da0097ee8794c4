package dev.seedframe.domain;

import java.text.MessageFormat;
import java.text.ParsePosition;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The words of the notes the engine adds to a generation's adjustments ((a generation's recorded adjustments)),
 * as {@link MessageFormat} patterns. Notes are recorded and printed in English; a front end in another language
 * recognises a note by its pattern ({@link #parse}) and words it itself, keyed by the pattern's name.
 */
public final class AdjustmentNotes {

    public static final String CFG_OFF = "True CFG is off: a CFG scale of {0} needs a negative prompt (\" \" is"
            + " enough), as in diffusers.";
    public static final String NEGATIVE_UNUSED = "The negative prompt is not used: true CFG needs a CFG scale above 1"
            + " (got {0}).";
    public static final String PROMPT_CUT = "The prompt is {0} tokens long; the last {1} were cut (max sequence"
            + " length {2}).";
    public static final String NEGATIVE_CUT = "The negative prompt is {0} tokens long; the last {1} were cut (max"
            + " sequence length {2}).";
    public static final String UNMASKED_KEPT = "Unmasked region unchanged: {0} pixels outside the mask and its {1} px"
            + " feather are bit-identical to the source (SHA-256 {2})";
    public static final String INPUT_RESIZED = "The input image was resized from {0}×{1} to {2}×{3} (Lanczos), as the"
            + " reference pipeline does";
    public static final String MASK_RESIZED = "The mask was resized from {0}×{1} to {2}×{3} (Lanczos) with the image";
    public static final String OUTPAINT_ROUNDED = "Outpaint amounts rounded from left {0}, right {1}, top {2}, bottom"
            + " {3} to {4}, {5}, {6}, {7} so the canvas is a multiple of {8} pixels";

    /** Full-resolution editing ({@link ContextBox}): what was cut out, the size it was worked at, where it went. */
    public static final String CONTEXT_WORKED = "Full resolution: the {0}×{1} box at {2},{3} was worked on at {4}×{5}"
            + " (Lanczos) and pasted back into the {6}×{7} image at its own size";
    /** Full-resolution editing of a box the model works on at its own pixels, without scaling. */
    public static final String CONTEXT_UNSCALED = "Full resolution: the {0}×{1} box at {2},{3} was worked on at its"
            + " own pixels and pasted back into the {4}×{5} image";

    /**
     * An edit model's input resized for its conditioning. {0} names the image ({@link #IMAGE_THE}, {@link
     * #IMAGE_N}, either with {@link #FOR_VISION}), {5} the size aimed at ({@link #TARGET_MEGAPIXEL}, {@link
     * #TARGET_CONDITION}, {@link #TARGET_VISION}).
     */
    public static final String EDIT_RESIZED = "{0} was resized from {1}×{2} to {3}×{4} (Lanczos): the edit model"
            + " conditions on about {5} at the image''s aspect ratio, as the reference pipeline does";

    /** Words inside {@link #EDIT_RESIZED}, by name (a front end words them under {@code note.part.NAME}). */
    public static final String IMAGE_THE = "The input image";
    public static final String IMAGE_N = "Input image {0}";
    public static final String FOR_VISION = "{0} (for the vision-language encoder)";
    public static final String TARGET_MEGAPIXEL = "one megapixel";
    public static final String TARGET_CONDITION = "{0}² pixels (the request''s condition size; the reference uses"
            + " 1024²)";
    public static final String TARGET_VISION = "384×384 pixels";

    /** The parts of notes, by name, tried in this order (the longer patterns first). */
    public static final Map<String, String> PARTS;

    /** Every pattern by its name (the key a front end words it under: {@code note.CFG_OFF}, ...). */
    public static final Map<String, String> ALL;

    static {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("CFG_OFF", CFG_OFF);
        all.put("NEGATIVE_UNUSED", NEGATIVE_UNUSED);
        all.put("PROMPT_CUT", PROMPT_CUT);
        all.put("NEGATIVE_CUT", NEGATIVE_CUT);
        all.put("UNMASKED_KEPT", UNMASKED_KEPT);
        all.put("INPUT_RESIZED", INPUT_RESIZED);
        all.put("MASK_RESIZED", MASK_RESIZED);
        all.put("OUTPAINT_ROUNDED", OUTPAINT_ROUNDED);
        all.put("EDIT_RESIZED", EDIT_RESIZED);
        all.put("CONTEXT_WORKED", CONTEXT_WORKED);
        all.put("CONTEXT_UNSCALED", CONTEXT_UNSCALED);
        ALL = java.util.Collections.unmodifiableMap(all);
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("FOR_VISION", FOR_VISION);
        parts.put("IMAGE_THE", IMAGE_THE);
        parts.put("IMAGE_N", IMAGE_N);
        parts.put("TARGET_MEGAPIXEL", TARGET_MEGAPIXEL);
        parts.put("TARGET_CONDITION", TARGET_CONDITION);
        parts.put("TARGET_VISION", TARGET_VISION);
        PARTS = java.util.Collections.unmodifiableMap(parts);
    }

    private AdjustmentNotes() {}

    /** A note in words: {@code pattern} with {@code args} as plain text (numbers without grouping). */
    public static String format(String pattern, Object... args) {
        Object[] text = Arrays.stream(args).map(String::valueOf).toArray();
        return new MessageFormat(pattern, Locale.ROOT).format(text);
    }

    /**
     * A note recognised: the name of its pattern and its arguments.
     *
     * @param name a key of {@link #ALL}
     * @param args the arguments as they appear in the note
     */
    public record Parsed(String name, String[] args) {}

    /** The pattern {@code note} was made from, with its arguments; empty for a note not made here. */
    public static Optional<Parsed> parse(String note) {
        return parse(note, ALL);
    }

    /** The part ({@link #PARTS}) {@code words} were made from, with its arguments; empty for other words. */
    public static Optional<Parsed> parsePart(String words) {
        return parse(words, PARTS);
    }

    private static Optional<Parsed> parse(String note, Map<String, String> patterns) {
        for (Map.Entry<String, String> e : patterns.entrySet()) {
            ParsePosition pos = new ParsePosition(0);
            Object[] args = new MessageFormat(e.getValue(), Locale.ROOT).parse(note, pos);
            if (args != null && pos.getIndex() == note.length() && pos.getErrorIndex() < 0) {
                return Optional.of(new Parsed(e.getKey(), Arrays.stream(args).map(String::valueOf)
                        .toArray(String[]::new)));
            }
        }
        return Optional.empty();
    }
}
