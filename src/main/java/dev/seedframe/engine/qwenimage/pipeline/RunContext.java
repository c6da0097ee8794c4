package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Note;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import java.util.List;

/**
 * Everything that belongs to one run and not to the shared pipelines: the request, the manager its tensors live
 * on (closed after the run), where progress and intermediate tensors go, the cancel flag, the notes collected for
 * the user, the settings read when the run started, and the scheduler it samples with.
 *
 * @param request what to generate
 * @param gen the run's manager
 * @param listener progress after each step
 * @param cancel checked before each step and between transformer blocks
 * @param trace every intermediate tensor (parity tests), or {@link PipelineTrace#NONE}
 * @param notes every automatic change made to the request, as note texts
 * @param settings the model's run settings
 * @param scheduler the run's scheduler: the model's own, or the request's override of it
 */
public record RunContext(GenerationRequest request, NDManager gen, StepListener listener, CancellationToken cancel,
        PipelineTrace trace, List<Note> notes, RunSettings settings, FlowMatchEulerScheduler scheduler) {}
