package dev.seedframe.service;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;

/**
 * Planning an edit of a picture at its own size: the context box an inpaint works in (the mask's bounds plus a
 * margin of context), the whole picture for an img2img or an outpaint, and the size the model works at (the box
 * at its own pixels when its area suits the model, else scaled into the model's range below its area budget,
 * {@link ModelCapabilities#defaultSize()}², its sides multiples of the model's size multiple). The plan goes into the request, so a replay cuts, scales and pastes the same way whatever this
 * class computes later.
 */
public final class ContextBoxes {

    /** The least context around an inpaint's mask, in pixels of the picture. */
    public static final int MIN_CONTEXT_PX = 64;

    /** The default context around a mask: this share of the larger side of the mask's bounds. */
    public static final double CONTEXT_SHARE = 0.5;

    /**
     * The smallest area the model works at, as a share of its area budget: a quarter, i.e. half its default side
     * (512² on Qwen-Image); a smaller box is scaled up to it.
     */
    public static final double MIN_AREA_SHARE = 0.25;

    /**
     * How much a box may be stretched to the sides the model makes (rounding to multiples stretches a little; a
     * strip beyond the model's largest side, a lot).
     */
    public static final double MAX_STRETCH = 1.1;

    private ContextBoxes() {}

    /** The default context margin for {@code mask}: half its bounds' larger side, at least {@link #MIN_CONTEXT_PX}. */
    public static int defaultContextPx(Mask mask) {
        return defaultContextPx(bounds(mask));
    }

    /**
     * The default context margin for a mask with these {@link #bounds} (null: nothing painted): half their larger
     * side, at least {@link #MIN_CONTEXT_PX}.
     */
    public static int defaultContextPx(int[] bounds) {
        if (bounds == null) {
            return MIN_CONTEXT_PX;
        }
        int side = Math.max(bounds[2] - bounds[0], bounds[3] - bounds[1]);
        return Math.max(MIN_CONTEXT_PX, (int) Math.round(side * CONTEXT_SHARE));
    }

    /** The bounds {@code {x0, y0, x1, y1}} (exclusive ends) of the mask's painted pixels, or null when none is. */
    public static int[] bounds(Mask mask) {
        return bounds(mask.values(), mask.width(), mask.height());
    }

    /**
     * The bounds {@code {x0, y0, x1, y1}} (exclusive ends) of the painted values of a {@code w × h} mask (one byte a
     * pixel, row by row, as a mask being painted holds them), or null when none is.
     */
    public static int[] bounds(byte[] v, int w, int h) {
        int x0 = w;
        int y0 = h;
        int x1 = 0;
        int y1 = 0;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                if (v[row + x] != 0) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x + 1);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y + 1);
                }
            }
        }
        return x1 == 0 ? null : new int[] {x0, y0, x1, y1};
    }

    /**
     * The box around {@code mask}'s painted pixels with {@code contextPx} of context on each side (clipped to the
     * picture), fitted to the model ({@link #fit}).
     *
     * @throws IllegalArgumentException when nothing is painted or the margin is negative
     */
    public static ContextBox aroundMask(Mask mask, int contextPx, ModelCapabilities caps) {
        int[] b = bounds(mask);
        if (b == null) {
            throw new IllegalArgumentException("the mask has nothing painted");
        }
        return aroundBounds(b, contextPx, mask.width(), mask.height(), caps);
    }

    /**
     * The box around a mask's {@link #bounds} with {@code contextPx} of context on each side (clipped to the {@code
     * imageWidth × imageHeight} picture), fitted to the model ({@link #fit}).
     *
     * @throws IllegalArgumentException when the margin is negative, or the box is too narrow for the model
     */
    public static ContextBox aroundBounds(int[] bounds, int contextPx, int imageWidth, int imageHeight,
            ModelCapabilities caps) {
        if (contextPx < 0) {
            throw new IllegalArgumentException("the context must be 0 pixels or more, not " + contextPx);
        }
        int x0 = Math.max(0, bounds[0] - contextPx);
        int y0 = Math.max(0, bounds[1] - contextPx);
        int x1 = Math.min(imageWidth, bounds[2] + contextPx);
        int y1 = Math.min(imageHeight, bounds[3] + contextPx);
        return fit(x0, y0, x1 - x0, y1 - y0, imageWidth, imageHeight, caps);
    }

    /** The whole {@code width × height} picture as the box, and its work size. */
    public static ContextBox whole(int width, int height, ModelCapabilities caps) {
        int[] work = workSize(width, height, caps);
        return unstretched(new ContextBox(0, 0, width, height, work[0], work[1]));
    }

    /**
     * The box, unless working on it at its work size would stretch it by more than {@link #MAX_STRETCH} (a strip
     * too narrow for the model's sides).
     *
     * @throws IllegalArgumentException saying so
     */
    static ContextBox unstretched(ContextBox b) {
        double aspect = (double) b.width() / b.height();
        double work = (double) b.workWidth() / b.workHeight();
        if (Math.max(aspect / work, work / aspect) > MAX_STRETCH) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "a %d×%d region is too narrow for"
                    + " the model: at a size it makes (%d×%d) it would be stretched %.1f times", b.width(), b.height(),
                    b.workWidth(), b.workHeight(), Math.max(aspect / work, work / aspect)));
        }
        return b;
    }

    /**
     * A box of a {@code imageWidth × imageHeight} picture fitted to the model. One whose area lies within the
     * model's range (a quarter of its area budget up to the budget) is worked on at its own pixels, without any
     * scaling: it grows by a few pixels of context to the next multiples of the size multiple when the picture has
     * room. A smaller one is scaled up to a quarter of the budget (the model draws poorly below it), a larger one
     * down to the budget ({@link #workSize}).
     */
    public static ContextBox fit(int x, int y, int w, int h, int imageWidth, int imageHeight, ModelCapabilities caps) {
        int m = caps.sizeMultiple();
        double budget = (double) caps.defaultSize() * caps.defaultSize();
        double area = (double) w * h;
        if (area >= budget * MIN_AREA_SHARE && area <= budget) {
            int gw = (w + m - 1) / m * m;
            int gh = (h + m - 1) / m * m;
            if (gw <= imageWidth && gh <= imageHeight && gw <= caps.maxSide() && gh <= caps.maxSide()) {
                int gx = Math.max(0, Math.min(x - (gw - w) / 2, imageWidth - gw));
                int gy = Math.max(0, Math.min(y - (gh - h) / 2, imageHeight - gh));
                return new ContextBox(gx, gy, gw, gh, gw, gh);
            }
        }
        int[] work = workSize(w, h, caps);
        return unstretched(new ContextBox(x, y, w, h, work[0], work[1]));
    }

    /**
     * The size the model works on a {@code w × h} box at: the box's aspect ratio, its area brought within the
     * model's range (a quarter of the budget to the budget; {@link ModelCapabilities#defaultSize()}² is the budget),
     * each side rounded to the nearest multiple of the size multiple, within the model's sides.
     */
    public static int[] workSize(int w, int h, ModelCapabilities caps) {
        int m = caps.sizeMultiple();
        double budget = (double) caps.defaultSize() * caps.defaultSize();
        double area = (double) w * h;
        double target = Math.max(budget * MIN_AREA_SHARE, Math.min(budget, area));
        double scale = Math.sqrt(target / area);
        return new int[] {side(w * scale, m, caps.maxSide()), side(h * scale, m, caps.maxSide())};
    }

    private static int side(double px, int m, int max) {
        long r = Math.round(px / m) * m;
        return (int) Math.max(m, Math.min(max / m * m, r));
    }

    /**
     * Whether a {@code w × h} picture can be worked on whole, as it is: sides that are multiples of the size
     * multiple, within the model's largest side and its area budget. Otherwise an img2img or an outpaint of it
     * runs at full resolution, worked on at a size the model can make.
     */
    public static boolean fitsModel(int w, int h, ModelCapabilities caps) {
        int m = caps.sizeMultiple();
        return w % m == 0 && h % m == 0 && w <= caps.maxSide() && h <= caps.maxSide()
                && (long) w * h <= (long) caps.defaultSize() * caps.defaultSize();
    }

    /**
     * An inpaint of {@code request}'s image at its own size: the box around its mask with {@code contextPx} of
     * context (null: {@link #defaultContextPx}), the output the image's size.
     */
    public static GenerationRequest inpaint(GenerationRequest request, Integer contextPx, ModelCapabilities caps) {
        RgbImage img = request.images().get(0);
        Mask mask = request.mask();
        ContextBox box = aroundMask(mask, contextPx != null ? contextPx : defaultContextPx(mask), caps);
        return request.toBuilder().size(img.width(), img.height()).context(box).build();
    }

    /** An img2img of {@code request}'s image at its own size: the whole image, worked on at the model's size. */
    public static GenerationRequest img2img(GenerationRequest request, ModelCapabilities caps) {
        RgbImage img = request.images().get(0);
        return request.toBuilder().size(img.width(), img.height()).context(whole(img.width(), img.height(), caps))
                .build();
    }

    /**
     * An outpaint of {@code request}'s image at its own size: the canvas is the image plus the amounts asked for
     * (not rounded), worked on whole at the model's size; the source's pixels outside the seam stay as they are.
     */
    public static GenerationRequest outpaint(GenerationRequest request, ModelCapabilities caps) {
        if (request.kind() != PipelineKind.OUTPAINT || request.outpaint() == null) {
            throw new IllegalArgumentException("not an outpaint");
        }
        RgbImage img = request.images().get(0);
        Outpaint o = request.outpaint();
        int w = img.width() + o.left() + o.right();
        int h = img.height() + o.top() + o.bottom();
        return request.toBuilder().size(w, h).context(whole(w, h, caps)).build();
    }

    // ------------------------------------------------------------------ the same plans for the studio's model summary

    /**
     * The planning numbers of a model as the studio knows it ({@link ModelSummary}): its size multiple, area budget
     * and largest side. (A plan never looks at how many images an edit takes: that count is left at one.)
     */
    static ModelCapabilities capabilities(ModelSummary m) {
        return new ModelCapabilities(m.kinds(), m.sizeMultiple(), 1, m.tiny(), m.defaultSize(), m.maxSide());
    }

    /** {@link #aroundBounds(int[], int, int, int, ModelCapabilities)} for the studio's model. */
    public static ContextBox aroundBounds(int[] bounds, int contextPx, int imageWidth, int imageHeight,
            ModelSummary model) {
        return aroundBounds(bounds, contextPx, imageWidth, imageHeight, capabilities(model));
    }

    /** {@link #fit(int, int, int, int, int, int, ModelCapabilities)} for the studio's model. */
    public static ContextBox fit(int x, int y, int w, int h, int imageWidth, int imageHeight, ModelSummary model) {
        return fit(x, y, w, h, imageWidth, imageHeight, capabilities(model));
    }

    /** {@link #fitsModel(int, int, ModelCapabilities)} for the studio's model. */
    public static boolean fitsModel(int w, int h, ModelSummary model) {
        return fitsModel(w, h, capabilities(model));
    }

    /** {@link #img2img(GenerationRequest, ModelCapabilities)} for the studio's model. */
    public static GenerationRequest img2img(GenerationRequest request, ModelSummary model) {
        return img2img(request, capabilities(model));
    }

    /** {@link #outpaint(GenerationRequest, ModelCapabilities)} for the studio's model. */
    public static GenerationRequest outpaint(GenerationRequest request, ModelSummary model) {
        return outpaint(request, capabilities(model));
    }

    /**
     * The amounts an outpaint of a {@code width × height} picture by {@code wanted} actually adds, as both front ends
     * run it: rounded so the canvas is a multiple of the model's size multiple when that canvas can be worked on
     * whole ({@link EditPolicy#roundedOutpaint}); otherwise the amounts asked for, not rounded, the canvas worked on
     * at a size the model makes ({@link #outpaint}).
     */
    public static Outpaint outpaintExtents(int width, int height, Outpaint wanted, ModelSummary model) {
        Outpaint rounded = EditPolicy.roundedOutpaint(width, height, wanted, model.sizeMultiple());
        int cw = width + rounded.left() + rounded.right();
        int ch = height + rounded.top() + rounded.bottom();
        return fitsModel(cw, ch, model) ? rounded : wanted;
    }
}
