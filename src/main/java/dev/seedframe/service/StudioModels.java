package dev.seedframe.service;

import java.nio.file.Path;

/** The studio's door to model folders (the generation form's model chooser). */
public interface StudioModels {

    /** The embedded default model's folder. */
    Path defaultModel();

    /** Identity and capabilities of a model folder, without loading it. */
    ModelSummary inspectModel(Path dir) throws Failure;
}
