package dev.seedframe.service;

import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.RequestSizes;
import java.util.List;

/**
 * The sizes an edit of an image gets, as the engine will make them: both front ends build their img2img, inpaint,
 * outpaint and instruction-edit requests with these, so the size a request states is the size the engine makes
 * (and a refusal can say what to ask for instead, each front end in its own words).
 */
public final class EditPolicy {

    private EditPolicy() {}

    /** The outpaint amounts actually used for {@code wanted} (rounded so the canvas is a multiple). */
    public static Outpaint roundedOutpaint(int width, int height, Outpaint wanted, int multiple) {
        return RequestSizes.outpaintExtents(width, height, wanted, multiple);
    }

    /** Amounts that turn a {@code width×height} image into aspect {@code aw:ah} without cropping. */
    public static Outpaint outpaintToAspect(int width, int height, int aw, int ah) {
        return RequestSizes.outpaintToAspect(width, height, aw, ah);
    }

    /** Width and height of the canvas an outpaint of {@code source} by {@code wanted} makes. */
    public static int[] outpaintCanvas(RgbImage source, Outpaint wanted, int multiple) {
        Outpaint e = roundedOutpaint(source.width(), source.height(), wanted, multiple);
        return new int[] {source.width() + e.left() + e.right(), source.height() + e.top() + e.bottom()};
    }

    /** The instruction-edit output size the reference chooses: about one megapixel at the (last) image's aspect. */
    public static int[] defaultEditSize(List<RgbImage> images, int multiple) {
        return RequestSizes.defaultEditSize(images, multiple);
    }

    /** Whether both sides are multiples of {@code multiple}. */
    public static boolean fits(int width, int height, int multiple) {
        return width % multiple == 0 && height % multiple == 0;
    }

    /** The nearest valid side to {@code px} (at least one multiple). */
    public static int snap(int px, int multiple) {
        return Math.max(multiple, Math.round(px / (float) multiple) * multiple);
    }
}
