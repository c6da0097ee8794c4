package dev.seedframe.service;

import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.ModelProvider;
import java.util.HashMap;
import java.util.Map;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens models by folder and keeps the last one loaded (a Qwen-Image model is tens of gigabytes: one at a
 * time). Thread-safe; the returned model must only be used by one generation at a time, which {@link
 * GenerationService} guarantees.
 */
public final class ModelService implements AutoCloseable {

    private final ModelProvider provider;
    private final Map<Path, ModelInfo> inspected = new HashMap<>();
    private Path loadedDir;
    private ImageModel loaded;

    public ModelService(ModelProvider provider) {
        this.provider = provider;
    }

    /**
     * Identity, capabilities and environment of a model folder without loading it (cheap: configs and
     * shard headers). Re-read on every call so that a replaced weight file is noticed.
     */
    public synchronized ModelInfo inspect(Path dir) throws EngineException {
        if (loaded != null && canonical(dir).equals(loadedDir)) {
            return new ModelInfo(loaded.identity(), loaded.capabilities(), loaded.environment());
        }
        ModelInfo info = provider.inspect(dir);
        inspected.put(canonical(dir), info);
        return info;
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
        ImageModel m = provider.open(dir);
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
