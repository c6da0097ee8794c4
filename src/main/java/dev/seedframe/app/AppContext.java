package dev.seedframe.app;

import dev.seedframe.engine.qwenimage.QwenImageProvider;
import dev.seedframe.service.GenerationService;
import dev.seedframe.service.ModelService;

/** Hand-wired dependencies: the only place concrete adapters meet. */
public final class AppContext implements AutoCloseable {

    private final ModelService models;
    private final GenerationService generation;

    public AppContext() {
        this.models = new ModelService(new QwenImageProvider());
        this.generation = new GenerationService(models);
    }

    public ModelService models() {
        return models;
    }

    public GenerationService generation() {
        return generation;
    }

    @Override
    public void close() {
        models.close();
    }
}
