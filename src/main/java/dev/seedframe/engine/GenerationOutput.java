package dev.seedframe.engine;

import dev.seedframe.domain.EngineEnvironment;
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
 */
public record GenerationOutput(
        RgbImage image,
        List<Note> adjustments,
        Timings timings,
        int stepsRun,
        ModelIdentity model,
        EngineEnvironment environment,
        Preservation preservation) {
}
