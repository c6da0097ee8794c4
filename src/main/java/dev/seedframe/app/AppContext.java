package dev.seedframe.app;

import dev.seedframe.app.cli.DevicesInChildProcess;
import dev.seedframe.engine.Engines;
import dev.seedframe.service.GpuOffer;
import dev.seedframe.service.UseCases;
import dev.seedframe.service.ModelRegistry;
import dev.seedframe.service.ModelService;
import dev.seedframe.service.ProjectService;
import dev.seedframe.service.RecentProjects;
import dev.seedframe.service.Studio;
import dev.seedframe.service.PromptScreen;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteNativeLibrary;
import dev.seedframe.store.sqlite.SqliteProjectStore;

/** Hand-wired dependencies: the only place concrete adapters meet. */
public final class AppContext implements AutoCloseable {

    /** How long closing waits for a running (cancelled) generation to stop before leaving it to the exit. */
    static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(30);

    private final UseCases app;

    public AppContext() {
        // before the first connection: the driver's native library comes from the cache, extracted once
        SqliteNativeLibrary.useCache(AppPaths.cacheDir().resolve("sqlite-jdbc"));
        this.app = new UseCases(new ModelService(Engines.qwenImage()),
                new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults())), ModelRegistry.userDefault(),
                AppPaths.defaultModel(), PromptScreen.userDefault());
    }

    /** The application layer: the use cases both front ends call. */
    public UseCases useCases() {
        return app;
    }

    public ModelService models() {
        return app.models();
    }

    public ProjectService projects() {
        return app.projects();
    }

    /**
     * The studio's door to the same application, with the user's recent projects, the environment's Hugging Face
     * caches and the first-run GPU offer (its check starts the engine in another JVM, as {@code setup-gpu} does).
     */
    public Studio studio() {
        RecentProjects recent = RecentProjects.userDefault();
        return new Studio(app, recent, null, GpuOffer.userDefault(recent, new DevicesInChildProcess()));
    }

    @Override
    public void close() {
        // a generation still running (its thread is a daemon) keeps the model: the process exit frees it
        app.close(CLOSE_WAIT);
    }
}
