package dev.seedframe.engine;

import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.ModelIdentity;
import java.nio.file.Path;
import java.util.List;

/** Opens models (folders, or single files with a folder): the engine's loader, or a test double in UI tests. */
public interface ModelProvider {

    /** Identity, capabilities and environment of a model folder, without loading weights. */
    ModelInfo inspect(Path dir) throws EngineException;

    /** Loads the model for generation with the default options (CPU, everything resident, float32). */
    ImageModel open(Path dir) throws EngineException;

    /**
     * {@link #inspect(Path)} with the environment that {@code options} would give (device, dtype and memory
     * mode are part of it, and of the project cache key). The default ignores the options.
     */
    default ModelInfo inspect(Path dir, EngineOptions options) throws EngineException {
        return inspect(dir);
    }

    /**
     * Loads the model on the device, in the memory mode and precision of {@code options}. The default
     * (test doubles) ignores them.
     */
    default ImageModel open(Path dir, EngineOptions options) throws EngineException {
        return open(dir);
    }

    /**
     * {@link #inspect(Path, EngineOptions)} for a model made of a folder, single files, or both ({@link ModelFiles}):
     * each component's identity also names the folder or file it comes from. The default (test doubles) takes plain
     * folders only.
     */
    default ModelInfo inspect(ModelFiles files, EngineOptions options) throws EngineException {
        if (files.plainFolder()) {
            return inspect(files.folder(), options);
        }
        throw new EngineException("This model provider opens model folders only, not " + files.describe());
    }

    /**
     * {@link #open(Path, EngineOptions)} for a model made of a folder, single files, or both ({@link ModelFiles}: e.g.
     * ComfyUI's {@code qwen_image_fp8_e4m3fn.safetensors} with the rest from a diffusers folder); fp8 weights stay one
     * byte a weight on the device. The default (test doubles) takes plain folders only.
     */
    default ImageModel open(ModelFiles files, EngineOptions options) throws EngineException {
        if (files.plainFolder()) {
            return open(files.folder(), options);
        }
        throw new EngineException("This model provider opens model folders only, not " + files.describe());
    }

    /**
     * The device {@code choice} resolves to on this machine, with the reason when a GPU request falls back
     * to the CPU. The default (test doubles) is the CPU.
     */
    default DeviceInfo device(DeviceChoice choice) throws EngineException {
        return new DeviceInfo(choice.id(), "cpu", "cpu", "none", -1, null);
    }

    /** The runtime and the GPUs here ({@code seedframe devices}). The default (test doubles) is a bare CPU. */
    default RuntimeReport runtime() throws EngineException {
        return new RuntimeReport("none", "none", 1, List.of(), device(DeviceChoice.gpu(0)),
                List.of());
    }

    /**
     * Reads and checks a LoRA file without a model: its layout, modules, ranks, SHA-256 and the sampling preset it
     * brings (Lightning). Each file is read and hashed once per provider (again only when it changes on disk).
     *
     * @throws InvalidRequestException naming the file and every problem with it (pickled, truncated, damaged, an
     *     adapter type other than LoRA, keys of no known layout, ...)
     */
    default LoraInfo inspectLora(Path file) throws EngineException {
        throw new EngineException("This model provider reads no LoRA files");
    }

    /**
     * The model identity a run of {@code loras} on a model of identity {@code base} records (what a generation's
     * {@link GenerationOutput#model()} will say): {@code base}'s components, then one per LoRA naming its file, its
     * SHA-256, its weight and its method. The cache key of a request with LoRAs is computed over this identity.
     */
    default ModelIdentity identityWith(ModelIdentity base, List<LoraSpec> loras) throws EngineException {
        if (loras.isEmpty()) {
            return base;
        }
        throw new EngineException("This model provider applies no LoRA files");
    }
}
