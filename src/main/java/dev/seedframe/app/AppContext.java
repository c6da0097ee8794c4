package dev.seedframe.app;

import dev.seedframe.engine.qwenimage.QwenImageProvider;
import dev.seedframe.service.GenerationService;
import dev.seedframe.service.ModelRegistry;
import dev.seedframe.service.ModelService;
import dev.seedframe.service.ProjectService;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteNativeLibrary;
import dev.seedframe.store.sqlite.SqliteProjectStore;

/** Hand-wired dependencies: the only place concrete adapters meet. */
public final class AppContext implements AutoCloseable {

    private final ModelService models;
    private final GenerationService generation;
    private final ProjectService projects;

    public AppContext() {
        // before the first connection: the driver's native library comes from the cache, extracted once
        SqliteNativeLibrary.useCache(AppPaths.cacheDir().resolve("sqlite-jdbc"));
        this.models = new ModelService(new QwenImageProvider());
        this.generation = new GenerationService(models);
        this.projects = new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults()), generation,
                ModelRegistry.userDefault(), AppPaths.defaultModel());
    }

    /** How long closing waits for a running (cancelled) generation to stop before leaving it to the exit. */
    static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(30);

    public ModelService models() {
        return models;
    }

    public GenerationService generation() {
        return generation;
    }

    public ProjectService projects() {
        return projects;
    }

    @Override
    public void close() {
        // a generation still running (its thread is a daemon) keeps the model: the process exit frees it
        generation.close(CLOSE_WAIT);
    }
}
