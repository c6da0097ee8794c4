package dev.seedframe.service;

import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.ImageModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens models by folder and keeps the last one loaded (a Qwen-Image model is tens of gigabytes: one at a
 * time). Thread-safe; the returned model must only be used by one generation at a time, which {@link
 * GenerationService} guarantees.
 */
public final class ModelService implements AutoCloseable {

    /** Opens a model folder (the engine's loader, or a test double in UI tests). */
    @FunctionalInterface
    public interface Loader {
        ImageModel open(Path dir) throws EngineException;
    }

    private final Loader loader;
    private Path loadedDir;
    private ImageModel loaded;

    public ModelService(Loader loader) {
        this.loader = loader;
    }

    /** The model in {@code dir}, loading it (and releasing the previous one) if needed. */
    public synchronized ImageModel model(Path dir) throws EngineException {
        Path key = canonical(dir);
        if (loaded != null && key.equals(loadedDir)) {
            return loaded;
        }
        if (loaded != null) {
            loaded.close();
            loaded = null;
            loadedDir = null;
        }
        ImageModel m = loader.open(dir);
        loaded = m;
        loadedDir = key;
        return m;
    }

    /** True if {@code dir}'s model is already in memory. */
    public synchronized boolean isLoaded(Path dir) {
        return loaded != null && canonical(dir).equals(loadedDir);
    }

    private static Path canonical(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    @Override
    public synchronized void close() {
        if (loaded != null) {
            loaded.close();
            loaded = null;
            loadedDir = null;
        }
    }
}
