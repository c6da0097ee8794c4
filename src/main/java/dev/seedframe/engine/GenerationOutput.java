package dev.seedframe.engine;

import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.Preservation;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import java.util.List;

/**
 * What a generation produced.
 *
 * @param image the final image
 * @param adjustments every automatic change the engine made to the inputs, as notes (a code and arguments)
 * @param timings where the time went
 * @param stepsRun denoising steps actually run
 * @param model the model identity
 * @param environment the engine environment
 * @param preservation for edits restricted by a mask: proof that every pixel outside it is unchanged;
 *     null otherwise
 * @param changed what an edit changed over its input, as a layer's pixels (an inpaint: only its region, with
 *     the feathered mask as alpha; a full-resolution img2img: its box); null when the engine cannot say
 */
public record GenerationOutput(
        RgbImage image,
        List<Note> adjustments,
        Timings timings,
        int stepsRun,
        ModelIdentity model,
        EngineEnvironment environment,
        Preservation preservation,
        LayerPixels changed) {

    /** An output without a changed region. */
    public GenerationOutput(RgbImage image, List<Note> adjustments, Timings timings, int stepsRun,
            ModelIdentity model, EngineEnvironment environment, Preservation preservation) {
        this(image, adjustments, timings, stepsRun, model, environment, preservation, null);
    }
}
