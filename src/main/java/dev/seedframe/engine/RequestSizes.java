package dev.seedframe.engine;

import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.imageops.OutpaintPlan;
import dev.seedframe.engine.qwenimage.pipeline.QwenImageEditPipeline;
import java.util.List;

/**
 * The sizes the engine derives for image-conditioned requests, for front ends that show or check them before
 * generating: an outpaint's amounts as they will run, amounts that reach an aspect ratio, and an edit's default
 * output size.
 */
public final class RequestSizes {

    private RequestSizes() {}

    /** The outpaint amounts used for {@code wanted}: rounded so the canvas is a multiple of {@code multiple}. */
    public static Outpaint outpaintExtents(int width, int height, Outpaint wanted, int multiple) {
        return OutpaintPlan.roundedExtents(width, height, wanted, multiple);
    }

    /** Amounts that turn a {@code width×height} image into aspect {@code aw:ah} without cropping. */
    public static Outpaint outpaintToAspect(int width, int height, int aw, int ah) {
        return OutpaintPlan.toAspect(width, height, aw, ah);
    }

    /**
     * The output size the edit reference picks when none is given: about one megapixel at the aspect ratio of the
     * (last) input image, floored to {@code multiple} ({@link ModelCapabilities#sizeMultiple()}).
     *
     * @return {@code {width, height}}
     */
    public static int[] defaultEditSize(List<RgbImage> images, int multiple) {
        return QwenImageEditPipeline.defaultOutputSize(images, multiple);
    }
}
