package dev.seedframe.service;

import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.ModelProvider;
import dev.seedframe.engine.RuntimeReport;
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
    private EngineOptions options = EngineOptions.defaults();
    private EngineOptions loadedOptions;

    public ModelService(ModelProvider provider) {
        this.provider = provider;
    }

    /**
     * Identity, capabilities and environment of a model folder without loading it (cheap: configs and
     * shard headers). Re-read on every call so that a replaced weight file is noticed.
     */
    public synchronized ModelInfo inspect(Path dir) throws EngineException {
        if (loaded != null && canonical(dir).equals(loadedDir) && options.equals(loadedOptions)) {
            return new ModelInfo(loaded.identity(), loaded.capabilities(), loaded.environment());
        }
        ModelInfo info = provider.inspect(dir, options);
        inspected.put(canonical(dir), info);
        return info;
    }

    /** The model in {@code dir}, loading it (and releasing the previous one) if needed. */
    public synchronized ImageModel model(Path dir) throws EngineException {
        Path key = canonical(dir);
        if (loaded != null && key.equals(loadedDir) && options.equals(loadedOptions)) {
            return loaded;
        }
        if (loaded != null) {
            loaded.close();
            loaded = null;
            loadedDir = null;
            loadedOptions = null;
        }
        ImageModel m = provider.open(dir, options);
        loaded = m;
        loadedDir = key;
        loadedOptions = options;
        return m;
    }

    /**
     * The device, memory mode and precision for models opened from now on (the CLI's {@code --device},
     * {@code --memory-mode}, {@code --precision}; the studio's device choice). A loaded model with other
     * options is reopened on next use.
     */
    public synchronized void setOptions(EngineOptions options) {
        this.options = java.util.Objects.requireNonNull(options);
    }

    public synchronized EngineOptions options() {
        return options;
    }

    /** What {@code choice} resolves to here: the GPU, or the CPU and why. */
    public DeviceInfo device(DeviceChoice choice) throws EngineException {
        return provider.device(choice);
    }

    /** The runtime and the GPUs on this machine, and what a GPU request would get. */
    public RuntimeReport runtime() throws EngineException {
        return provider.runtime();
    }

    /** True if {@code dir}'s model is already in memory with the current options. */
    public synchronized boolean isLoaded(Path dir) {
        return loaded != null && canonical(dir).equals(loadedDir) && options.equals(loadedOptions);
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
