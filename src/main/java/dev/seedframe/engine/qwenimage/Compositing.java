package dev.seedframe.engine.qwenimage;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Preservation;
import dev.seedframe.engine.imageops.MaskOps;
import dev.seedframe.engine.qwenimage.pipeline.QwenImagePipeline;
import java.util.List;

/**
 * An inpaint's or outpaint's result composited over its source: every pixel outside the mask is the source's, bit
 * for bit, with a blend band of the request's feather width inside the mask edge; the proof of it (the SHA-256 of
 * the kept pixels, equal in source and result) is returned and noted, with the region the edit changed (for a layer).
 */
final class Compositing {

    /** The composited run and its preservation proof. */
    record Composited(QwenImagePipeline.Run run, Preservation preservation, LayerPixels changed) {}

    private Compositing() {}

    static Composited over(ImageInputs inputs, QwenImagePipeline.Run run, GenerationRequest r, List<Note> notes) {
        float[] alpha = MaskOps.compositeAlpha(inputs.mask(), r.featherPx());
        MaskOps.Composite comp = MaskOps.composite(inputs.source(), run.image(), alpha);
        Preservation preservation = comp.preservation();
        notes.add(Note.of(NoteCode.UNMASKED_KEPT, preservation.pixelsKept(), r.featherPx(),
                preservation.resultSha256().substring(0, 16)));
        return new Composited(new QwenImagePipeline.Run(comp.image(), run.stepsRun(), run.encodeNanos(),
                run.denoiseNanos(), run.decodeNanos()), preservation, FullResolution.changedRegion(run.image(), alpha, 0, 0));
    }
}
