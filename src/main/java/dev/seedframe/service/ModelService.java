package dev.seedframe.service;

import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.engine.LoraInfo;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.ModelProvider;
import dev.seedframe.engine.RuntimeReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens models by folder or by {@link ModelFiles} (a folder with single files replacing some of its components, or
 * single files alone) and keeps the last one loaded (a Qwen-Image model is tens of gigabytes: one at a time).
 * Thread-safe; the returned model must only be used by one generation at a time, which {@link GenerationService}
 * guarantees.
 */
public final class ModelService implements AutoCloseable {

    private final ModelProvider provider;
    private ModelFiles loadedFiles;
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
    public ModelInfo inspect(Path dir) throws EngineException {
        return inspect(ModelFiles.folder(dir));
    }

    /** {@link #inspect(Path)} for a folder and/or single files. */
    public synchronized ModelInfo inspect(ModelFiles files) throws EngineException {
        if (isLoaded(files)) {
            return new ModelInfo(loaded.identity(), loaded.capabilities(), loaded.environment());
        }
        return files.plainFolder() ? provider.inspect(files.folder(), options) : provider.inspect(files, options);
    }

    /** The model in {@code dir}, loading it (and releasing the previous one) if needed. */
    public ImageModel model(Path dir) throws EngineException {
        return model(ModelFiles.folder(dir));
    }

    /** {@link #model(Path)} for a folder and/or single files. */
    public synchronized ImageModel model(ModelFiles files) throws EngineException {
        if (isLoaded(files)) {
            return loaded;
        }
        if (loaded != null) {
            loaded.close();
            loaded = null;
            loadedFiles = null;
            loadedOptions = null;
        }
        ImageModel m = files.plainFolder() ? provider.open(files.folder(), options) : provider.open(files, options);
        loaded = m;
        loadedFiles = canonical(files);
        loadedOptions = options;
        return m;
    }

    /**
     * The identity a run of {@code loras} on a model of identity {@code base} records: the key its result is cached
     * under and the identity replay compares (each adapter named by its file, SHA-256, weight and method).
     *
     * @throws dev.seedframe.engine.InvalidRequestException when a LoRA file cannot be read, naming it
     */
    public ModelIdentity identityWith(ModelIdentity base, List<LoraSpec> loras) throws EngineException {
        return loras.isEmpty() ? base : provider.identityWith(base, loras);
    }

    /** What a LoRA file holds (layout, ranks, SHA-256, the preset it brings), read without a model. */
    public LoraInfo inspectLora(Path file) throws EngineException {
        return provider.inspectLora(file);
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
    public boolean isLoaded(Path dir) {
        return isLoaded(ModelFiles.folder(dir));
    }

    /** True if the model of {@code files} is already in memory with the current options. */
    public synchronized boolean isLoaded(ModelFiles files) {
        return loaded != null && canonical(files).equals(loadedFiles) && options.equals(loadedOptions);
    }

    private static ModelFiles canonical(ModelFiles f) {
        return new ModelFiles(canonical(f.folder()), canonical(f.transformer()), canonical(f.textEncoder()),
                canonical(f.vae()), canonical(f.configs()));
    }

    private static Path canonical(Path p) {
        if (p == null) {
            return null;
        }
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    @Override
    public synchronized void close() {
        if (loaded != null) {
            loaded.close();
            loaded = null;
            loadedFiles = null;
        }
    }
}
