package dev.seedframe.engine.qwenimage.loading;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.ProblemList;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.lora.LoraOps;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.pipeline.QwenImageEditPipeline;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.qwenimage.textencoder.PromptEncoder;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlImageProcessor;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlTextEncoder;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlVisionTower;
import dev.seedframe.engine.qwenimage.transformer.ModelSizeCheck;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.qwenimage.transformer.TransformerKeys;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.qwenimage.vae.VaeKeys;
import dev.seedframe.engine.runtime.Devices;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.runtime.NativeMemory;
import dev.seedframe.engine.tokenizer.QwenTokenizer;
import dev.seedframe.engine.weights.ComponentSource;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a Qwen-Image family folder: configs first, then every shard's header, then every tensor's name and shape,
 * then the tokenizer; each stage names all of its problems at once before any weight is read. Then the weights are
 * placed on the device as the memory mode says ({@link MemoryMode}; the transformer's blocks by {@code
 * QwenImageTransformer}, the text encoder resident or {@link OffloadedTextEncoder offloaded}, the vision tower of an
 * edit model alike).
 */
public final class ModelLoader {

    private ModelLoader() {}

    /**
     * Identity, capabilities and the environment {@code options} would give, without loading weights: configs are
     * read and every shard's header checked; the weights fingerprint reads under a megabyte per shard.
     */
    public static ModelInfo inspect(Path dir, EngineOptions options, EngineRuntime runtime) throws EngineException {
        return inspect(ModelFiles.folder(dir), options, runtime);
    }

    /** {@link #inspect(Path, EngineOptions, EngineRuntime)} for a folder, single files, or both. */
    public static ModelInfo inspect(ModelFiles files, EngineOptions options, EngineRuntime runtime)
            throws EngineException {
        DeviceInfo device = Devices.resolve(options.device());
        ModelConfigs c = ModelConfigs.read(sources(files, runtime));
        try (ComponentCheckpoints ck = ComponentCheckpoints.open(c.sources())) {
            Ops f32 = Ops.of(runtime, Precision.F32, options.attention());
            return ModelFingerprint.info(c, ck, EngineEnvironments.of(device, options,
                    EngineEnvironments.computePrecision(device, options), f32.attention()));
        }
    }

    /**
     * Loads the model in {@code dir} on {@code device}, in {@code options}' memory mode, computing in {@code
     * precision}, with {@code runtime}'s helper and constants.
     */
    public static LoadedModel load(Path dir, EngineOptions options, DeviceInfo device, Precision precision,
            EngineRuntime runtime) throws EngineException {
        return load(ModelFiles.folder(dir), options, device, precision, runtime);
    }

    /** Where each part of {@code files} comes from (the bundled configs are written to the runtime's cache). */
    static ModelSources sources(ModelFiles files, EngineRuntime runtime) throws WeightsException {
        return ModelSources.resolve(files, () -> BundledConfigs.folder(runtime.cacheDir()));
    }

    /**
     * {@link #load(Path, EngineOptions, DeviceInfo, Precision, EngineRuntime)} for a folder, single files, or both
     * ({@link ModelFiles}): single files are read with their ComfyUI key layouts, and fp8 weights stay fp8.
     */
    public static LoadedModel load(ModelFiles files, EngineOptions options, DeviceInfo device, Precision precision,
            EngineRuntime runtime) throws EngineException {
        MemoryMode mode = options.memoryMode();
        ModelConfigs c = ModelConfigs.read(sources(files, runtime));
        PipelineFolder folder = c.folder();
        ModelSources sources = c.sources();
        ComponentCheckpoints ck = ComponentCheckpoints.open(sources);
        NDManager manager = null;
        QwenTokenizer tokenizer = null;
        try {
            Ops f32 = Ops.of(runtime, Precision.F32, options.attention());
            // the transformer computes through the LoRA decorator (a pass-through while no adapter is applied)
            LoraOps compute = new LoraOps(precision == Precision.F32 ? f32 : Ops.of(runtime, precision,
                    options.attention()), runtime.constants());
            // the size the transformer config asks for, against its weights and the memory: before anything is declared
            ModelSizeCheck.check(c.transformer(), ck.transformer(), device, mode, precision);
            ModelInfo info = ModelFingerprint.info(c, ck, EngineEnvironments.of(device, options, precision,
                    f32.attention()));
            ck.closeTextEncoder();
            manager = DjlRuntime.engine().newBaseManager(Devices.djlDevice(device));
            // Declare and verify the large components before reading any weights, so that a mismatch in
            // either is reported without first loading the other.
            QwenImageTransformer transformer = new QwenImageTransformer(c.transformer(), WeightMap.of(ck.transformer(),
                    TransformerKeys.keyMap(ck.transformer()), runtime).describedBy(sources.transformer().configLabel()),
                    compute);
            WeightMap vaeWeights = WeightMap.of(ck.vae(), VaeKeys.keyMap(ck.vae(), c.vae()), runtime)
                    .describedBy(sources.vae().configLabel());
            QwenImageVae vae = new QwenImageVae(c.vae(), vaeWeights, f32.attention());
            List<String> mismatches = new ArrayList<>();
            verifyInto(transformer.weights(), mismatches);
            verifyInto(vaeWeights, mismatches);
            if (!mismatches.isEmpty()) {
                throw new WeightsException(String.join("\n", ProblemList.shown(mismatches)));
            }
            tokenizer = QwenTokenizer.load(folder.component("tokenizer"));
            ComponentSource encoder = sources.textEncoder();
            PromptEncoder.EncoderSource textEncoder;
            if (mode.offloadsTextEncoder()) {
                QwenVlTextEncoder.verify(encoder);
                textEncoder = new OffloadedTextEncoder(encoder, transformer, mode, f32, runtime);
            } else {
                textEncoder = PromptEncoder.EncoderSource.resident(QwenVlTextEncoder.load(encoder, manager, f32,
                        runtime));
            }
            transformer.load(manager, mode);
            vaeWeights.load(manager);
            LoadedModel.EditParts edit = folder.family().needsProcessor()
                    ? editParts(folder, encoder, manager, c, mode, transformer, f32, runtime) : null;
            // blocks are streamed or reloaded, and weights with merged LoRAs materialised again, from the transformer
            // checkpoint: it stays open with the model
            LoadedModel loaded = new LoadedModel(c, info, device, manager, tokenizer, transformer, vae, textEncoder,
                    new FlowMatchEulerScheduler(c.scheduler()), edit, ck.keepTransformer(), f32, compute);
            ck.close();
            return loaded;
        } catch (EngineException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            if (manager != null) {
                manager.close();
            }
            ck.close();
            if (e instanceof RuntimeException re) {
                NativeMemory.throwIfOutOfMemory(re, device, "loading the model (memory mode " + mode.id() + ")");
            }
            throw e;
        }
    }

    /**
     * The edit-only parts: the image processor and the vision tower (0.67 B parameters, 2.7 GB in f32). With a memory
     * mode that offloads the text encoder the tower is only verified now, and each encoding loads it onto the device,
     * after the transformer's blocks left to make room, and frees it with the encoding; otherwise it is loaded once
     * and stays.
     */
    private static LoadedModel.EditParts editParts(PipelineFolder folder, ComponentSource encoder, NDManager manager,
            ModelConfigs c, MemoryMode mode, QwenImageTransformer transformer, Ops f32, EngineRuntime runtime)
            throws EngineException {
        QwenVlImageProcessor processor = QwenVlImageProcessor.load(folder.component("processor"));
        boolean offload = mode.offloadsTextEncoder();
        QwenVlVisionTower tower = offload ? QwenVlVisionTower.verify(encoder)
                : QwenVlVisionTower.load(encoder, manager, f32, runtime);
        if (tower.config().outHiddenSize() != c.textEncoder().hiddenSize()) {
            throw new WeightsException("text_encoder vision_config out_hidden_size " + tower.config().outHiddenSize()
                    + " must equal the language model's hidden_size " + c.textEncoder().hiddenSize());
        }
        QwenImageEditPipeline.TowerSource towers = offload ? work -> {
            transformer.evictBlocks();
            return QwenVlVisionTower.load(encoder, work, f32, runtime);
        } : work -> tower;
        return new LoadedModel.EditParts(processor, towers, c.textEncoder(),
                folder.family() == PipelineFolder.Family.QWEN_IMAGE_EDIT_PLUS);
    }

    private static void verifyInto(WeightMap w, List<String> problems) {
        try {
            w.verify();
        } catch (WeightsException e) {
            problems.add(e.getMessage());
        }
    }
}
