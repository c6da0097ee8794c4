package dev.seedframe.domain;

/**
 * What a {@link Note} says, with its English words as a {@link java.text.MessageFormat} pattern over the
 * note's arguments. The code (the constant's name) is what a project records; the command line prints the
 * English; the studio words the code in its own language ({@code note.CODE} in its messages).
 *
 * <p>Codes are recorded in users' files: never rename or remove one, only add.
 */
public enum NoteCode {

    CFG_OFF("True CFG is off: a CFG scale of {0} needs a negative prompt (\" \" is enough), as in diffusers."),
    NEGATIVE_UNUSED("The negative prompt is not used: true CFG needs a CFG scale above 1 (got {0})."),
    PROMPT_CUT("The prompt is {0} tokens long; the last {1} were cut (max sequence length {2})."),
    NEGATIVE_CUT("The negative prompt is {0} tokens long; the last {1} were cut (max sequence length {2})."),
    UNMASKED_KEPT("Unmasked region unchanged: {0} pixels outside the mask and its {1} px feather are bit-identical"
            + " to the source (SHA-256 {2})"),
    INPUT_RESIZED("The input image was resized from {0}×{1} to {2}×{3} (Lanczos), as the reference pipeline does"),
    MASK_RESIZED("The mask was resized from {0}×{1} to {2}×{3} (Lanczos) with the image"),
    OUTPAINT_ROUNDED("Outpaint amounts rounded from left {0}, right {1}, top {2}, bottom {3} to {4}, {5}, {6}, {7}"
            + " so the canvas is a multiple of {8} pixels"),
    /**
     * An edit model's input resized for its conditioning: {0} names the image ({@link #IMAGE_THE}, {@link
     * #IMAGE_N}, either inside {@link #FOR_VISION}), {5} the size aimed at ({@link #TARGET_MEGAPIXEL}, {@link
     * #TARGET_CONDITION}, {@link #TARGET_VISION}); both are notes themselves.
     */
    EDIT_RESIZED("{0} was resized from {1}×{2} to {3}×{4} (Lanczos): the edit model conditions on about {5} at the"
            + " image''s aspect ratio, as the reference pipeline does"),

    /** Parts of {@link #EDIT_RESIZED}: which image. */
    IMAGE_THE("The input image"),
    IMAGE_N("Input image {0}"),
    FOR_VISION("{0} (for the vision-language encoder)"),
    /** Parts of {@link #EDIT_RESIZED}: what size. */
    TARGET_MEGAPIXEL("one megapixel"),
    TARGET_CONDITION("{0}² pixels (the request''s condition size; the reference uses 1024²)"),
    TARGET_VISION("384×384 pixels"),

    /** A PNG imported into a project: {0} its file name. */
    IMPORTED_EXACT("imported from {0} (Seedframe data)"),
    IMPORTED_PARAMETERS("imported from {0} (parameters text)"),
    ALPHA_DROPPED("{0} had an alpha channel; it was dropped"),
    NO_SEED("no seed in the parameters: seed 0 is used"),
    SAMPLER_UNMATCHED("the sampler ''{0}'' has no equivalent here: Qwen-Image uses flow-matching Euler"),
    OTHER_MODEL("made with the model ''{0}''; the image will differ with another model"),
    /** A Seedframe PNG whose data no longer hashes to the digest its export wrote: {0} its file name. */
    PNG_DATA_CHANGED("warning: {0} is not as it was exported: its Seedframe data was changed after export"),
    /** A Seedframe PNG whose pixels are not those its export recorded: {0} its file name. */
    PNG_PIXELS_CHANGED("warning: {0} is not as it was exported: its pixels were changed after export"),
    /** Another tool's PNG named a LoRA that was found here: {0} its name, {1} its weight, {2} the file used. */
    LORA_FOUND("the LoRA ''{0}'' (weight {1}) it was made with was found at {2} and is part of the request"),
    /** Another tool's PNG named a LoRA that is in no LoRA folder here: {0} its name, {1} its weight. */
    LORA_NOT_FOUND("the LoRA ''{0}'' (weight {1}) it was made with is in no LoRA folder here; the image will differ"
            + " without it"),

    /** Full-resolution editing: the context box worked on at the model's size and pasted back. */
    CONTEXT_WORKED("Full resolution: the {0}×{1} box at {2},{3} was worked on at {4}×{5} (Lanczos) and pasted back"
            + " into the {6}×{7} image at its own size"),
    /** Full-resolution editing of a box the model works on at its own pixels, without scaling. */
    CONTEXT_UNSCALED("Full resolution: the {0}×{1} box at {2},{3} was worked on at its own pixels and pasted back into"
            + " the {4}×{5} image"),

    /** A picture file imported as a root node: {0} its name, {1} its format, {2} its size in bytes. */
    IMPORTED_FILE("imported from {0} ({1}, {2} bytes)"),
    /** A picture file brought to 8-bit sRGB on import (each conversion said). */
    IMPORT_ORIENTED("EXIF orientation {0} applied: the picture, stored as {1}×{2}, is {3}×{4} as it is meant to be"
            + " seen"),
    IMPORT_DEPTH_REDUCED("{0}-bit samples reduced to 8 bits per channel (rounded)"),
    IMPORT_GRAY_TO_RGB("Greyscale turned into RGB (each grey level copied to red, green and blue)"),
    IMPORT_PALETTE_TO_RGB("Palette colours turned into RGB"),
    IMPORT_ALPHA_KEPT("The alpha channel was set aside as a mask source ({0} of {1} pixels are not fully opaque); the"
            + " colour channels are used as they are"),
    IMPORT_ALPHA_OPAQUE("The alpha channel is fully opaque and was dropped"),
    IMPORT_PROFILE_CONVERTED("The embedded colour profile \"{0}\" was converted to sRGB"),
    IMPORT_CMYK_PROFILE("CMYK converted to RGB with the embedded colour profile \"{0}\""),
    IMPORT_CMYK_GENERIC("CMYK converted to RGB with a generic CMYK profile: the file embeds none, so the colours are"
            + " approximate"),
    IMPORT_COLOUR_SPACE_CONVERTED("Colours converted from the file''s {0} colour space to sRGB"),
    IMPORT_FIRST_FRAME("The file holds {0} images; the first was imported"),

    /**
     * Words recorded by an earlier Seedframe that match none of the patterns above (kept as they were, in
     * English): {0} the words.
     */
    RECORDED("{0}");

    private final String english;

    NoteCode(String english) {
        this.english = english;
    }

    /** The English words, a {@link java.text.MessageFormat} pattern over the note's arguments. */
    public String english() {
        return english;
    }

    /** The number of arguments the pattern takes. */
    public int arity() {
        int max = -1;
        for (int i = 0; i < english.length(); i++) {
            if (english.charAt(i) == '{') {
                max = Math.max(max, english.charAt(i + 1) - '0');
            }
        }
        return max + 1;
    }

    /** The code named {@code name}, or null for a code this version does not know. */
    public static NoteCode find(String name) {
        for (NoteCode c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
