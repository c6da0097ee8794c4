package dev.seedframe.service;

import dev.seedframe.domain.PipelineKind;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the studio needs to know about a model (a folder, or single files over one or alone).
 *
 * @param model the folder and single files it is opened from
 * @param name a short display name (a single file's name with what it is combined with)
 * @param shortId the model identity's short id
 * @param kinds pipelines it runs
 * @param sizeMultiple width and height must be multiples of this
 * @param defaultSize the pipeline's default width and height
 * @param tiny true for the embedded random-weight model, which draws noise-like images
 * @param maxSide the largest width or height it makes (a full-resolution edit's work size stays within it)
 */
public record ModelSummary(ModelChoice model, String name, String shortId, Set<PipelineKind> kinds, int sizeMultiple,
        int defaultSize, boolean tiny, int maxSide) {

    /** A model folder as it is. */
    public ModelSummary(Path folder, String name, String shortId, Set<PipelineKind> kinds, int sizeMultiple,
            int defaultSize, boolean tiny, int maxSide) {
        this(ModelChoice.folder(folder), name, shortId, kinds, sizeMultiple, defaultSize, tiny, maxSide);
    }

    /** The pipeline folder, or null for single files alone. */
    public Path folder() {
        return model.folder();
    }

    /** The size the studio suggests: the default, or a small one for the tiny model so a run takes seconds. */
    public int suggestedSize() {
        if (!tiny) {
            return defaultSize;
        }
        int s = Math.max(sizeMultiple, defaultSize / 2);
        return s - s % sizeMultiple;
    }

    /** The steps the studio suggests. */
    public int suggestedSteps() {
        return tiny ? 8 : 30;
    }

    /** The nearest valid value to {@code px} (at least one multiple). */
    public int snap(int px) {
        return EditPolicy.snap(px, sizeMultiple);
    }
}
