package dev.seedframe.service;

import java.nio.file.Path;

/** The studio's door to models (the generation form's model chooser, the model picker's choice). */
public interface StudioModels {

    /** The embedded default model's folder. */
    Path defaultModel();

    /** Identity and capabilities of a model (a folder, or single files over one or alone), without loading it. */
    ModelSummary inspectModel(ModelChoice model) throws Failure;

    /** {@link #inspectModel(ModelChoice)} of a model folder as it is. */
    default ModelSummary inspectModel(Path dir) throws Failure {
        return inspectModel(ModelChoice.folder(dir));
    }
}
