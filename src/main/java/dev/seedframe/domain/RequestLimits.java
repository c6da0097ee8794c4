package dev.seedframe.domain;

import java.util.Locale;

/**
 * The limits every generation request must keep whatever the model: one place, so that a request typed on
 * the command line, made in the studio or read from someone's PNG ({@code import-png}) is held to the same
 * rules, and a value that could never run is refused as input (a CFG scale of 1e308 once ran, overflowed to
 * NaN and was blamed on the weights). The model adds its own (its size multiple, its kinds, its scheduler's
 * fewest steps, the work size of a context box) when it runs the request ({@code engine.qwenimage.RequestValidator}).
 */
public final class RequestLimits {

    /** Sides above this many pixels are refused (RoPE and memory grow quadratically beyond). */
    public static final int MAX_SIDE_PX = 4096;
    /** Input images larger than this on a side are refused (they would only be scaled down). */
    public static final int MAX_INPUT_SIDE_PX = 8192;
    /**
     * Largest picture edited at full resolution, within a context box (its output keeps the picture's size, or the
     * outpainted canvas's): 100 megapixels, a large photo with room.
     */
    public static final long MAX_FULL_RESOLUTION_PIXELS = 100_000_000L;
    /** Widest feather band at a mask edge. */
    public static final int MAX_FEATHER_PX = 256;
    /** Bounds of {@link GenerationRequest#conditionSize()}: a few latent tokens up to about 4 megapixels. */
    public static final int MIN_CONDITION_SIZE = 64;
    public static final int MAX_CONDITION_SIZE = 2048;
    /** Most steps a request may ask for. */
    public static final int MAX_STEPS = 1000;
    /**
     * Largest CFG scale: the reference uses 4, practice 1 to 20; far beyond, the guided prediction overflows
     * float32 and the image is noise or NaN.
     */
    public static final double MAX_CFG = 100;

    private RequestLimits() {}

    /** The first limit {@code r} breaks, in words, or null when it keeps them all. */
    public static String firstProblem(GenerationRequest r) {
        if (r.prompt().isBlank()) {
            return "The prompt is empty: describe the image you want.";
        }
        if (r.seed() < 0) {
            return "The seed must be between 0 and " + Long.MAX_VALUE + ", got " + r.seed();
        }
        boolean fullResolution = r.context() != null;
        for (String[] side : new String[][] {{"width", "" + r.width()}, {"height", "" + r.height()}}) {
            int px = Integer.parseInt(side[1]);
            if (px < 1 || (!fullResolution && px > MAX_SIDE_PX)) {
                return "The " + side[0] + " must be between 1 and " + MAX_SIDE_PX + " pixels, got " + px;
            }
        }
        if (fullResolution && (long) r.width() * r.height() > MAX_FULL_RESOLUTION_PIXELS) {
            return "The output would be " + r.width() + "×" + r.height() + " pixels: too large (at most "
                    + MAX_FULL_RESOLUTION_PIXELS / 1_000_000 + " megapixels)";
        }
        if (r.steps() < 1 || r.steps() > MAX_STEPS) {
            return "Steps must be between 1 and " + MAX_STEPS + ", got " + r.steps();
        }
        if (!Double.isFinite(r.cfg()) || r.cfg() < 0 || r.cfg() > MAX_CFG) {
            return String.format(Locale.ROOT, "The CFG scale must be a number from 0 to %s, got %s",
                    number(MAX_CFG), r.cfg());
        }
        if (r.maxSequenceLength() < 1 || r.maxSequenceLength() > GenerationRequest.MAX_SEQUENCE_LENGTH_LIMIT) {
            return "The max sequence length must be between 1 and " + GenerationRequest.MAX_SEQUENCE_LENGTH_LIMIT
                    + ", got " + r.maxSequenceLength();
        }
        if (r.kind() == PipelineKind.TEXT_TO_IMAGE) {
            return null;
        }
        for (int i = 0; i < r.images().size(); i++) {
            RgbImage img = r.images().get(i);
            String what = (r.images().size() == 1 ? "The input image" : "Input image " + (i + 1)) + " is "
                    + img.width() + "×" + img.height() + " pixels: too large";
            if (fullResolution) {
                if ((long) img.width() * img.height() > MAX_FULL_RESOLUTION_PIXELS) {
                    return what + " (at most " + MAX_FULL_RESOLUTION_PIXELS / 1_000_000 + " megapixels)";
                }
            } else if (img.width() > MAX_INPUT_SIDE_PX || img.height() > MAX_INPUT_SIDE_PX) {
                return r.kind() == PipelineKind.EDIT ? what + " (at most " + MAX_INPUT_SIDE_PX + " pixels on each side)"
                        : what + " to resize whole (at most " + MAX_INPUT_SIDE_PX + " pixels on each side); edited at"
                                + " full resolution, within a context box, it may be up to "
                                + MAX_FULL_RESOLUTION_PIXELS / 1_000_000 + " megapixels";
            }
        }
        if (r.kind() == PipelineKind.EDIT) {
            if (r.conditionSize() < MIN_CONDITION_SIZE || r.conditionSize() > MAX_CONDITION_SIZE) {
                return "The condition size must be between " + MIN_CONDITION_SIZE + " and " + MAX_CONDITION_SIZE
                        + " pixels (the reference uses " + GenerationRequest.DEFAULT_CONDITION_SIZE + "), got "
                        + r.conditionSize();
            }
            return null;
        }
        if (!(r.strength() > 0 && r.strength() <= 1)) {
            return "The strength must be greater than 0 and at most 1, got " + r.strength();
        }
        if (r.featherPx() < 0 || r.featherPx() > MAX_FEATHER_PX) {
            return "The feather width must be between 0 and " + MAX_FEATHER_PX + " pixels, got " + r.featherPx();
        }
        return null;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
