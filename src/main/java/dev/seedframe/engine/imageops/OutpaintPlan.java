package dev.seedframe.engine.imageops;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.RgbImage;
import java.util.List;

/**
 * Outpainting as inpainting on a larger canvas (diffusers has no dedicated pipeline): the source is
 * placed on a canvas extended by the requested amounts, rounded up so the canvas is a multiple of the
 * model's size; the new area is pre-filled from the source's edges, blurred, so denoising starts from
 * plausible colours; the mask covers the new area and reaches {@code overlap} pixels into the source,
 * fading out, so the seam is repainted too.
 *
 * @param extents the amounts actually added (after rounding up)
 * @param canvas the pre-filled canvas
 * @param mask the repaint mask over the canvas
 */
public record OutpaintPlan(Outpaint extents, RgbImage canvas, Mask mask) {

    /** How far the mask reaches into the source, in multiples of the model's size multiple. */
    public static final int OVERLAP_MULTIPLES = 2;

    /** Box-blur passes over the filled area (three passes approximate a Gaussian). */
    static final int BLUR_PASSES = 3;

    /** The extents after rounding each dimension's total up to a multiple; extra pixels go to the far side. */
    public static Outpaint roundedExtents(int width, int height, Outpaint wanted, int multiple) {
        int w = width + wanted.left() + wanted.right();
        int h = height + wanted.top() + wanted.bottom();
        int extraW = (multiple - w % multiple) % multiple;
        int extraH = (multiple - h % multiple) % multiple;
        int right = wanted.right() + (wanted.left() > 0 && wanted.right() == 0 ? 0 : extraW);
        int left = wanted.left() + (wanted.left() > 0 && wanted.right() == 0 ? extraW : 0);
        int bottom = wanted.bottom() + (wanted.top() > 0 && wanted.bottom() == 0 ? 0 : extraH);
        int top = wanted.top() + (wanted.top() > 0 && wanted.bottom() == 0 ? extraH : 0);
        return new Outpaint(left, right, top, bottom);
    }

    /**
     * Symmetric extents that turn a {@code width×height} image into aspect {@code aw:ah}: the side that is
     * too short grows, nothing is cropped (a landscape image becomes portrait by adding top and bottom).
     */
    public static Outpaint toAspect(int width, int height, int aw, int ah) {
        if (aw <= 0 || ah <= 0) {
            throw new IllegalArgumentException("aspect must be positive");
        }
        if ((long) width * ah >= (long) height * aw) {
            int addH = (int) (((long) width * ah + aw - 1) / aw) - height;
            return new Outpaint(0, 0, addH / 2, addH - addH / 2);
        }
        int addW = (int) (((long) height * aw + ah - 1) / ah) - width;
        return new Outpaint(addW / 2, addW - addW / 2, 0, 0);
    }

    /** Builds the canvas and mask; {@code notes} receives what was rounded. */
    public static OutpaintPlan of(RgbImage source, Outpaint wanted, int multiple, List<Note> notes) {
        return of(source, wanted, multiple, OVERLAP_MULTIPLES * multiple, notes);
    }

    /**
     * Builds the canvas and mask, the canvas rounded to a multiple of {@code multiple} (1: not rounded, for a
     * full-resolution outpaint) and the mask reaching {@code overlap} pixels into the source.
     */
    public static OutpaintPlan of(RgbImage source, Outpaint wanted, int multiple, int overlap, List<Note> notes) {
        Outpaint e = roundedExtents(source.width(), source.height(), wanted, multiple);
        if (!e.equals(wanted)) {
            notes.add(Note.of(NoteCode.OUTPAINT_ROUNDED, wanted.left(), wanted.right(), wanted.top(),
                    wanted.bottom(), e.left(), e.right(), e.top(), e.bottom(), multiple));
        }
        int sw = source.width();
        int sh = source.height();
        int w = sw + e.left() + e.right();
        int h = sh + e.top() + e.bottom();
        byte[] src = source.rgb();
        byte[] px = new byte[w * h * 3];
        boolean[] isNew = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(Math.max(y - e.top(), 0), sh - 1);
            for (int x = 0; x < w; x++) {
                int sx = Math.min(Math.max(x - e.left(), 0), sw - 1);
                System.arraycopy(src, (sy * sw + sx) * 3, px, (y * w + x) * 3, 3);
                isNew[y * w + x] = y < e.top() || y >= e.top() + sh || x < e.left() || x >= e.left() + sw;
            }
        }
        int radius = Math.max(4, Math.min(64, Math.max(Math.max(e.left(), e.right()), Math.max(e.top(), e.bottom())) / 2));
        byte[] blurred = px.clone();
        for (int pass = 0; pass < BLUR_PASSES; pass++) {
            blurred = boxBlur(blurred, w, h, radius);
        }
        for (int i = 0; i < isNew.length; i++) {
            if (isNew[i]) {
                System.arraycopy(blurred, i * 3, px, i * 3, 3);
            }
        }
        byte[] m = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (isNew[i]) {
                    m[i] = (byte) 255;
                    continue;
                }
                int d = Integer.MAX_VALUE;
                if (e.left() > 0) {
                    d = Math.min(d, x - e.left());
                }
                if (e.right() > 0) {
                    d = Math.min(d, e.left() + sw - 1 - x);
                }
                if (e.top() > 0) {
                    d = Math.min(d, y - e.top());
                }
                if (e.bottom() > 0) {
                    d = Math.min(d, e.top() + sh - 1 - y);
                }
                if (d < overlap) {
                    m[i] = (byte) Math.round(255f * (overlap - d) / (overlap + 1));
                }
            }
        }
        return new OutpaintPlan(e, new RgbImage(w, h, px), new Mask(w, h, m));
    }

    /** Separable box blur with edge clamping, integer rounding. */
    static byte[] boxBlur(byte[] px, int w, int h, int r) {
        byte[] tmp = new byte[px.length];
        int n = 2 * r + 1;
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < 3; c++) {
                int sum = 0;
                for (int k = -r; k <= r; k++) {
                    sum += px[(y * w + clamp(k, w)) * 3 + c] & 0xff;
                }
                for (int x = 0; x < w; x++) {
                    tmp[(y * w + x) * 3 + c] = (byte) ((sum + n / 2) / n);
                    sum += (px[(y * w + clamp(x + r + 1, w)) * 3 + c] & 0xff) - (px[(y * w + clamp(x - r, w)) * 3 + c] & 0xff);
                }
            }
        }
        byte[] out = new byte[px.length];
        for (int x = 0; x < w; x++) {
            for (int c = 0; c < 3; c++) {
                int sum = 0;
                for (int k = -r; k <= r; k++) {
                    sum += tmp[(clamp(k, h) * w + x) * 3 + c] & 0xff;
                }
                for (int y = 0; y < h; y++) {
                    out[(y * w + x) * 3 + c] = (byte) ((sum + n / 2) / n);
                    sum += (tmp[(clamp(y + r + 1, h) * w + x) * 3 + c] & 0xff) - (tmp[(clamp(y - r, h) * w + x) * 3 + c] & 0xff);
                }
            }
        }
        return out;
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }
}
