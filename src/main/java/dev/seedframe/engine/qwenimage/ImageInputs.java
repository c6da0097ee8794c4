package dev.seedframe.engine.qwenimage;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.imageops.OutpaintPlan;
import dev.seedframe.engine.imageops.PilResize;
import java.util.List;

/**
 * The image-conditioned pipelines' inputs at the output size, as diffusers prepares them: the source image and the
 * mask resized with Pillow's Lanczos when their size differs (noted), or an outpaint's extended canvas and mask.
 *
 * @param source the image to start from
 * @param mask the repaint mask (white = repaint), or null for img2img
 */
record ImageInputs(RgbImage source, Mask mask) {

    /** The source (and, for inpaint and outpaint, the mask) of {@code r} at its output size. */
    static ImageInputs of(GenerationRequest r, int sizeMultiple, List<Note> notes) throws InvalidRequestException {
        return switch (r.kind()) {
            case IMAGE_TO_IMAGE -> new ImageInputs(source(r, notes), null);
            case INPAINT -> new ImageInputs(source(r, notes), mask(r, notes));
            case OUTPAINT -> {
                OutpaintPlan plan = OutpaintPlan.of(r.images().get(0), r.outpaint(), sizeMultiple, notes);
                checkOutpaintSize(r, plan);
                yield new ImageInputs(plan.canvas(), plan.mask());
            }
            default -> throw new IllegalArgumentException(r.kind().id() + " takes no input image at the output size");
        };
    }

    /** Whether the pipeline's output is composited over the source ({@link Compositing}). */
    static boolean composited(GenerationRequest r) {
        return (r.kind() == PipelineKind.INPAINT || r.kind() == PipelineKind.OUTPAINT) && !r.raw();
    }

    /** The input image at the output size: resized with Pillow's Lanczos when needed, as diffusers does. */
    private static RgbImage source(GenerationRequest r, List<Note> notes) {
        RgbImage img = r.images().get(0);
        if (img.width() == r.width() && img.height() == r.height()) {
            return img;
        }
        notes.add(Note.of(NoteCode.INPUT_RESIZED, img.width(), img.height(), r.width(),
                r.height()));
        return PilResize.resize(img, r.width(), r.height(), PilResize.Filter.LANCZOS);
    }

    /** The mask at the output size (diffusers' mask processor resizes it with Lanczos too). */
    private static Mask mask(GenerationRequest r, List<Note> notes) {
        Mask m = r.mask();
        if (m.width() == r.width() && m.height() == r.height()) {
            return m;
        }
        notes.add(Note.of(NoteCode.MASK_RESIZED, m.width(), m.height(), r.width(), r.height()));
        return PilResize.resize(m, r.width(), r.height(), PilResize.Filter.LANCZOS);
    }

    private static void checkOutpaintSize(GenerationRequest r, OutpaintPlan plan) throws InvalidRequestException {
        if (plan.canvas().width() != r.width() || plan.canvas().height() != r.height()) {
            throw new InvalidRequestException("An outpaint's output size is its extended canvas: "
                    + plan.canvas().width() + "×" + plan.canvas().height() + ", but the request asks for "
                    + r.width() + "×" + r.height());
        }
    }
}
