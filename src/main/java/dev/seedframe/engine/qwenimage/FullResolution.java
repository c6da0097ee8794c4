package dev.seedframe.engine.qwenimage;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.Preservation;
import dev.seedframe.domain.RequestLimits;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.imageops.MaskOps;
import dev.seedframe.engine.imageops.PilResize;
import dev.seedframe.engine.qwenimage.pipeline.QwenImagePipeline;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Editing a picture at its own size ({@link GenerationRequest#context()}): the context box is cut out of the
 * image, scaled (Pillow's Lanczos) to the size the model works at, run through the pipeline there, scaled back
 * to the box and pasted into a copy of the image. An inpaint or outpaint pastes through its mask, feathered at
 * full resolution as {@link MaskOps#compositeAlpha} does, so every pixel where the mask is 0 is the input's, bit
 * for bit, at any image size; an img2img pastes the whole box. The output keeps the image's size (an outpaint's:
 * the extended canvas, not rounded to any multiple).
 */
final class FullResolution {

    /** Largest input picture edited at full resolution: the import limit (100 megapixels, {@link RequestLimits}). */
    static final long MAX_INPUT_PIXELS = RequestLimits.MAX_FULL_RESOLUTION_PIXELS;

    /** Runs the pipeline on the cut-out at the work size. */
    @FunctionalInterface
    interface Pass {
        QwenImagePipeline.Run run(GenerationRequest workRequest, RgbImage source, Mask mask) throws EngineException;
    }

    /**
     * What the edit gave.
     *
     * @param run the pipeline's run, with the full-size image
     * @param preservation proof that the pixels outside the mask are unchanged (null for img2img)
     * @param changed the region the edit changed, for a layer
     */
    record Result(QwenImagePipeline.Run run, Preservation preservation, LayerPixels changed) {}

    private FullResolution() {}

    /** Checks a request with a context box; the output size is the image's (outpaint: the canvas's). */
    static void validate(GenerationRequest r, int sizeMultiple, int maxSide) throws InvalidRequestException {
        ContextBox box = r.context();
        PipelineKind k = r.kind();
        if (k != PipelineKind.INPAINT && k != PipelineKind.IMAGE_TO_IMAGE && k != PipelineKind.OUTPAINT) {
            throw new InvalidRequestException("A context box is for img2img, inpaint and outpaint, not " + k.id());
        }
        if (r.raw()) {
            throw new InvalidRequestException("A raw inpaint returns the pipeline's own output over the whole image at"
                    + " the model's size; it cannot be combined with a context box");
        }
        if (r.images().size() != 1) {
            throw new InvalidRequestException(k.id() + " needs exactly one input image, got " + r.images().size());
        }
        RgbImage img = r.images().get(0);
        if ((long) img.width() * img.height() > MAX_INPUT_PIXELS) {
            throw new InvalidRequestException("The input image is " + img.width() + "×" + img.height()
                    + " pixels: too large (at most " + MAX_INPUT_PIXELS / 1_000_000 + " megapixels)");
        }
        int cw = img.width();
        int ch = img.height();
        if (k == PipelineKind.OUTPAINT && r.outpaint() != null) {
            cw += r.outpaint().left() + r.outpaint().right();
            ch += r.outpaint().top() + r.outpaint().bottom();
        }
        if ((long) cw * ch > MAX_INPUT_PIXELS) {
            throw new InvalidRequestException("The outpainted canvas would be " + cw + "×" + ch + " pixels: too large"
                    + " (at most " + MAX_INPUT_PIXELS / 1_000_000 + " megapixels)");
        }
        if (r.width() != cw || r.height() != ch) {
            throw new InvalidRequestException("With a context box the output keeps the "
                    + (k == PipelineKind.OUTPAINT ? "extended canvas's" : "input image's") + " size, " + cw + "×" + ch
                    + ", but the request asks for " + r.width() + "×" + r.height());
        }
        if (!box.fitsIn(cw, ch)) {
            throw new InvalidRequestException("The context box " + box.width() + "×" + box.height() + " at " + box.x()
                    + "," + box.y() + " reaches outside the " + cw + "×" + ch + " image");
        }
        checkWorkSide("width", box.workWidth(), sizeMultiple, maxSide);
        checkWorkSide("height", box.workHeight(), sizeMultiple, maxSide);
        if (k == PipelineKind.INPAINT && r.mask() != null && r.mask().width() == cw && r.mask().height() == ch) {
            int[] outside = firstPaintedOutside(r.mask(), box);
            if (outside != null) {
                throw new InvalidRequestException("The context box " + box.width() + "×" + box.height() + " at "
                        + box.x() + "," + box.y() + " must hold the whole mask, but the mask is painted at " + outside[0]
                        + "," + outside[1] + ", outside it");
            }
        }
    }

    private static void checkWorkSide(String what, int px, int m, int maxSide) throws InvalidRequestException {
        if (px < m || px > maxSide || px % m != 0) {
            throw new InvalidRequestException("The context box's work " + what + " must be a multiple of " + m
                    + " between " + m + " and " + maxSide + " pixels, got " + px);
        }
    }

    /** A pixel of the mask above 0 outside the box, or null. */
    static int[] firstPaintedOutside(Mask m, ContextBox box) {
        byte[] v = m.values();
        int w = m.width();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 && !box.contains(i % w, i / w)) {
                return new int[] {i % w, i / w};
            }
        }
        return null;
    }

    /**
     * Edits {@code source} (at full size: the input image, or an outpaint's canvas) within the request's box.
     *
     * @param mask the repaint mask over {@code source} (inpaint, outpaint), or null (img2img)
     */
    static Result run(GenerationRequest r, RgbImage source, Mask mask, Pass pass, List<Note> notes)
            throws EngineException {
        ContextBox box = r.context();
        RgbImage crop = crop(source, box);
        RgbImage workSource = PilResize.resize(crop, box.workWidth(), box.workHeight(), PilResize.Filter.LANCZOS);
        Mask workMask = mask == null ? null
                : PilResize.resize(crop(mask, box), box.workWidth(), box.workHeight(), PilResize.Filter.LANCZOS);
        GenerationRequest work = r.toBuilder().context(null).size(box.workWidth(), box.workHeight()).image(workSource)
                .mask(workMask).build();
        QwenImagePipeline.Run run = pass.run(work, workSource, workMask);
        RgbImage back = PilResize.resize(run.image(), box.width(), box.height(), PilResize.Filter.LANCZOS);
        notes.add(box.unscaled()
                ? Note.of(NoteCode.CONTEXT_UNSCALED, box.width(), box.height(), box.x(), box.y(),
                        source.width(), source.height())
                : Note.of(NoteCode.CONTEXT_WORKED, box.width(), box.height(), box.x(), box.y(),
                        box.workWidth(), box.workHeight(), source.width(), source.height()));
        if (mask == null) {
            RgbImage out = paste(source, back, box.x(), box.y());
            return new Result(withImage(run, out), null, new LayerPixels(box.x(), box.y(), back, null));
        }
        // the feather looks up to featherPx beyond the box for kept pixels: its ramp is exact with that margin
        int f = r.featherPx();
        int rx = Math.max(0, box.x() - f);
        int ry = Math.max(0, box.y() - f);
        int rw = Math.min(source.width(), box.x() + box.width() + f) - rx;
        int rh = Math.min(source.height(), box.y() + box.height() + f) - ry;
        float[] regionAlpha = MaskOps.compositeAlpha(crop(mask, rx, ry, rw, rh), f);
        float[] alpha = new float[box.width() * box.height()];
        for (int y = 0; y < box.height(); y++) {
            System.arraycopy(regionAlpha, (y + box.y() - ry) * rw + (box.x() - rx), alpha, y * box.width(), box.width());
        }
        Composite c = composite(source, back, box, alpha);
        notes.add(Note.of(NoteCode.UNMASKED_KEPT, c.preservation().pixelsKept(), f,
                c.preservation().resultSha256().substring(0, 16)));
        return new Result(withImage(run, c.image()), c.preservation(),
                changedRegion(back, alpha, box.x(), box.y()));
    }

    private static QwenImagePipeline.Run withImage(QwenImagePipeline.Run run, RgbImage image) {
        return new QwenImagePipeline.Run(image, run.stepsRun(), run.encodeNanos(), run.denoiseNanos(),
                run.decodeNanos());
    }

    private record Composite(RgbImage image, Preservation preservation) {}

    /**
     * {@code round(source·(1−a) + result·a)} inside the box (as {@link MaskOps#composite}), the source elsewhere;
     * the hashes cover every pixel whose weight is 0, in image order.
     */
    private static Composite composite(RgbImage source, RgbImage result, ContextBox box, float[] alpha) {
        int w = source.width();
        int h = source.height();
        byte[] out = source.rgb();
        byte[] res = result.rgb();
        MessageDigest before = sha256();
        MessageDigest after = sha256();
        long kept = 0;
        for (int pass = 0; pass < 2; pass++) { // the source's kept pixels as they were, then the result's
            for (int y = 0; y < h; y++) {
                boolean rowInBox = y >= box.y() && y < box.y() + box.height();
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    float a = rowInBox && x >= box.x() && x < box.x() + box.width()
                            ? alpha[(y - box.y()) * box.width() + (x - box.x())] : 0f;
                    if (a == 0f) {
                        (pass == 0 ? before : after).update(out, o, 3);
                        kept += pass == 0 ? 1 : 0;
                    } else if (pass == 0) {
                        int ro = ((y - box.y()) * box.width() + (x - box.x())) * 3;
                        for (int c = 0; c < 3; c++) {
                            out[o + c] = a == 1f ? res[ro + c]
                                    : (byte) Math.round((out[o + c] & 0xff) * (1f - a) + (res[ro + c] & 0xff) * a);
                        }
                    }
                }
            }
        }
        HexFormat hex = HexFormat.of();
        return new Composite(new RgbImage(w, h, out),
                new Preservation(kept, hex.formatHex(before.digest()), hex.formatHex(after.digest())));
    }

    /**
     * The changed region of a composite over an {@code offsetX, offsetY} area: the pipeline's pixels and the blend
     * weights as 8-bit alpha ({@code round(255·a)}), cropped to where the weight is above 0; null if nowhere.
     */
    static LayerPixels changedRegion(RgbImage result, float[] alpha, int offsetX, int offsetY) {
        int w = result.width();
        int h = result.height();
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (alpha[y * w + x] > 0f) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return null;
        }
        int cw = x1 - x0 + 1;
        int ch = y1 - y0 + 1;
        byte[] a = new byte[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                a[y * cw + x] = (byte) (int) (alpha[(y + y0) * w + (x + x0)] * 255f + 0.5f);
            }
        }
        return new LayerPixels(offsetX + x0, offsetY + y0, crop(result, x0, y0, cw, ch), new Mask(cw, ch, a));
    }

    static RgbImage crop(RgbImage img, ContextBox box) {
        return crop(img, box.x(), box.y(), box.width(), box.height());
    }

    static Mask crop(Mask m, ContextBox box) {
        return crop(m, box.x(), box.y(), box.width(), box.height());
    }

    static RgbImage crop(RgbImage img, int x, int y, int w, int h) {
        if (x == 0 && y == 0 && w == img.width() && h == img.height()) {
            return img;
        }
        byte[] src = img.rgb();
        byte[] out = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(src, ((y + row) * img.width() + x) * 3, out, row * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }

    static Mask crop(Mask m, int x, int y, int w, int h) {
        if (x == 0 && y == 0 && w == m.width() && h == m.height()) {
            return m;
        }
        byte[] src = m.values();
        byte[] out = new byte[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(src, (y + row) * m.width() + x, out, row * w, w);
        }
        return new Mask(w, h, out);
    }

    /** {@code image} with {@code part} pasted at {@code (x, y)}. */
    static RgbImage paste(RgbImage image, RgbImage part, int x, int y) {
        byte[] out = image.rgb();
        byte[] p = part.rgb();
        for (int row = 0; row < part.height(); row++) {
            System.arraycopy(p, row * part.width() * 3, out, ((y + row) * image.width() + x) * 3, part.width() * 3);
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
