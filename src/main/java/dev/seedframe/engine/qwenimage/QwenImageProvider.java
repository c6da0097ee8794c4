package dev.seedframe.engine.qwenimage;

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
import dev.seedframe.engine.SamplingPreset;
import dev.seedframe.engine.lora.LoraFile;
import dev.seedframe.engine.lora.LoraIdentities;
import dev.seedframe.engine.lora.LoraLibrary;
import dev.seedframe.engine.qwenimage.loading.EngineEnvironments;
import dev.seedframe.engine.qwenimage.loading.ModelLoader;
import dev.seedframe.engine.runtime.Devices;
import dev.seedframe.engine.runtime.EngineRuntime;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine's model provider: Qwen-Image family folders on DJL's PyTorch engine. It owns the {@link EngineRuntime}
 * (TorchScript helper, constants) that every model it opens computes with, made on first use and kept for the
 * provider's life, and the {@link LoraLibrary} of the LoRA files its models and front ends read (each hashed once).
 */
public final class QwenImageProvider implements ModelProvider {

    private EngineRuntime runtime;
    private final LoraLibrary loras = new LoraLibrary();

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
                engineRuntime(), loras);
    }

    @Override
    public ImageModel open(Path dir) throws EngineException {
        return open(dir, EngineOptions.defaults());
    }

    @Override
    public ImageModel open(Path dir, EngineOptions options) throws EngineException {
        return open(ModelFiles.folder(dir), options);
    }

    @Override
    public LoraInfo inspectLora(Path file) throws EngineException {
        LoraFile f = loras.open(file);
        return new LoraInfo(f.path(), f.sha256(), f.size(), f.layout(), f.moduleCount(), f.minRank(), f.maxRank(),
                f.dtypes(), f.metadata(), SamplingPreset.forLora(f.fileName(), f.metadata()).orElse(null));
    }

    @Override
    public ModelIdentity identityWith(ModelIdentity base, List<LoraSpec> specs) throws EngineException {
        return LoraIdentities.of(base, specs, loras);
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
