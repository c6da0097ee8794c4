package dev.seedframe.engine.qwenimage;

import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.ModelProvider;
import dev.seedframe.engine.RuntimeReport;
import dev.seedframe.engine.runtime.Devices;
import java.nio.file.Path;

/** The engine's model provider: Qwen-Image family folders on DJL's PyTorch engine. */
public final class QwenImageProvider implements ModelProvider {

    @Override
    public ModelInfo inspect(Path dir) throws EngineException {
        return QwenImageModel.inspect(dir);
    }

    @Override
    public ModelInfo inspect(Path dir, EngineOptions options) throws EngineException {
        return QwenImageModel.inspect(dir, options);
    }

    @Override
    public ImageModel open(Path dir) throws EngineException {
        return QwenImageModel.open(dir);
    }

    @Override
    public ImageModel open(Path dir, EngineOptions options) throws EngineException {
        return QwenImageModel.open(dir, options);
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
