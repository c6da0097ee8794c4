package dev.seedframe.engine.qwenimage;

import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.ModelProvider;
import dev.seedframe.engine.RuntimeReport;
import dev.seedframe.engine.qwenimage.loading.EngineEnvironments;
import dev.seedframe.engine.qwenimage.loading.ModelLoader;
import dev.seedframe.engine.runtime.Devices;
import dev.seedframe.engine.runtime.EngineRuntime;
import java.nio.file.Path;

/**
 * The engine's model provider: Qwen-Image family folders on DJL's PyTorch engine. It owns the {@link EngineRuntime}
 * (TorchScript helper, constants) that every model it opens computes with, made on first use and kept for the
 * provider's life.
 */
public final class QwenImageProvider implements ModelProvider {

    private EngineRuntime runtime;

    private synchronized EngineRuntime engineRuntime() throws EngineException {
        if (runtime == null) {
            runtime = EngineRuntime.open();
        }
        return runtime;
    }

    @Override
    public ModelInfo inspect(Path dir) throws EngineException {
        return inspect(dir, EngineOptions.defaults());
    }

    @Override
    public ModelInfo inspect(Path dir, EngineOptions options) throws EngineException {
        return ModelLoader.inspect(dir, options, engineRuntime());
    }

    @Override
    public ModelInfo inspect(ModelFiles files, EngineOptions options) throws EngineException {
        return ModelLoader.inspect(files, options, engineRuntime());
    }

    @Override
    public ImageModel open(ModelFiles files, EngineOptions options) throws EngineException {
        DeviceInfo device = Devices.resolve(options.device());
        return QwenImageModel.open(files, options, device, EngineEnvironments.computePrecision(device, options),
                engineRuntime());
    }

    @Override
    public ImageModel open(Path dir) throws EngineException {
        return open(dir, EngineOptions.defaults());
    }

    @Override
    public ImageModel open(Path dir, EngineOptions options) throws EngineException {
        DeviceInfo device = Devices.resolve(options.device());
        return QwenImageModel.open(dir, options, device, EngineEnvironments.computePrecision(device, options),
                engineRuntime());
    }

    @Override
    public DeviceInfo device(DeviceChoice choice) throws EngineException {
        return Devices.resolve(choice);
    }

    @Override
    public RuntimeReport runtime() throws EngineException {
        return Devices.report();
    }
}
