package dev.seedframe.engine.train;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.TrainingListener;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.qwenimage.textencoder.PromptEncoder;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlTextEncoder;
import dev.seedframe.engine.qwenimage.scheduler.SchedulerConfig;
import dev.seedframe.engine.runtime.Constants;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.tokenizer.QwenTokenizer;
import dev.seedframe.engine.train.scenes.HeldOutPrompts;
import dev.seedframe.engine.train.scenes.SceneSampler;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.engine.weights.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains the demo model from scratch, stage by stage, each resumable from its last checkpoint in the work
 * folder: the VAE as an autoencoder ({@link VaeTraining}); a frozen random Qwen2.5-VL text encoder; the
 * data set of latents and prompt embeddings ({@link LatentDataSet}); the transformer with flow matching
 * ({@link TransformerTraining}). Then it writes the model as a diffusers pipeline folder.
 *
 * <pre>
 *   work/vae/           the autoencoder's checkpoints (weights, Adam state, training.json)
 *   work/text_encoder/  the frozen text encoder
 *   work/scheduler/     Qwen-Image's scheduler config
 *   work/data/          the encoded data set, in parts
 *   work/transformer/   the transformer's checkpoints
 * </pre>
 */
public final class DemoTraining {

    private final DemoSpec spec;
    private final long seed;
    private final Path work;
    private final Path tokenizerDir;
    private final TrainingListener listener;

    /**
     * @param tokenizerDir a Qwen tokenizer folder (the embedded models' {@code tokenizer/}), copied into the
     *     model
     */
    public DemoTraining(DemoSpec spec, long seed, Path work, Path tokenizerDir, TrainingListener listener) {
        this.spec = spec;
        this.seed = seed;
        this.work = work;
        this.tokenizerDir = tokenizerDir;
        this.listener = listener;
    }

    /** Runs (or resumes) every stage and writes the model folder to {@code out}; returns {@code out}. */
    public Path run(Path out, CancellationToken cancel) throws IOException, EngineException {
        Files.createDirectories(work);
        Path vaeDir = new VaeTraining(spec, seed, work, listener).run(cancel);
        Path textEncoderDir = textEncoder();
        Path schedulerDir = scheduler();
        FlowMatchEulerScheduler scheduler = new FlowMatchEulerScheduler(
                SchedulerConfig.fromJson(schedulerDir.resolve("scheduler_config.json")));
        TransformerTraining transformer = new TransformerTraining(spec, seed, work, listener);
        Path transformerDir = transformer.checkpoint();
        if (!transformer.finished()) {
            LatentDataSet data = dataSet(vaeDir, textEncoderDir, cancel);
            transformerDir = transformer.run(data, scheduler, cancel);
        }
        assemble(transformerDir, out);
        listener.note("model written to " + out);
        return out;
    }

    /**
     * Writes a model folder from the transformer's latest checkpoint, finished or not (to look at a run in
     * progress); returns null when the transformer has no checkpoint yet.
     */
    public Path snapshot(Path out) throws IOException, EngineException {
        Path transformerDir = new TransformerTraining(spec, seed, work, listener).checkpoint();
        if (transformerDir == null || new CheckpointDir(work.resolve(VaeTraining.STAGE)).current() == null) {
            return null;
        }
        assemble(transformerDir, out);
        return out;
    }

    private Path textEncoder() throws IOException, EngineException {
        CheckpointDir dir = new CheckpointDir(work.resolve("text_encoder"));
        Path current = dir.current();
        if (current != null) {
            return current;
        }
        Path next = dir.beginNext();
        try (NDManager manager = DjlRuntime.newCpuManager()) {
            NewComponents.textEncoder(spec, next, seed, manager);
        }
        dir.commitNext();
        return dir.path();
    }

    private Path scheduler() throws IOException {
        Path dir = work.resolve("scheduler");
        DemoConfigs.write(DemoConfigs.scheduler(), dir.resolve("scheduler_config.json"));
        return dir;
    }

    private LatentDataSet dataSet(Path vaeDir, Path textEncoderDir, CancellationToken cancel)
            throws IOException, EngineException {
        try (NDManager manager = DjlRuntime.newCpuManager();
                Constants constants = new Constants();
                QwenTokenizer tokenizer = QwenTokenizer.load(tokenizerDir);
                QwenVlTextEncoder textEncoder = QwenVlTextEncoder.load(textEncoderDir, manager,
                        TrainingRuntime.ops(constants), null)) {
            QwenImageVae vae = QwenImageVae.load(vaeDir, manager, TrainingRuntime.attention(), null);
            PromptEncoder prompts = new PromptEncoder(tokenizer, textEncoder);
            SceneSampler scenes = new SceneSampler(seed + 1, HeldOutPrompts.standard());
            return LatentDataSet.build(spec, seed, scenes, vae, prompts, manager, work.resolve("data"), listener,
                    cancel);
        }
    }

    /** The pipeline folder: configs, the tokenizer, the frozen text encoder, the trained VAE and transformer. */
    private void assemble(Path transformerDir, Path out) throws IOException, EngineException {
        CheckpointDir target = new CheckpointDir(out);
        target.current();
        Path next = target.beginNext();
        DemoConfigs.write(DemoConfigs.modelIndex(spec), next.resolve("model_index.json"));
        CheckpointDir.copyFiles(work.resolve("scheduler"), next.resolve("scheduler"));
        CheckpointDir.copyFiles(tokenizerDir, next.resolve("tokenizer"));
        Path te = textEncoder();
        Files.createDirectories(next.resolve("text_encoder"));
        Files.copy(te.resolve("config.json"), next.resolve("text_encoder/config.json"));
        Files.copy(te.resolve(NewComponents.TRANSFORMERS_WEIGHTS + ".safetensors"),
                next.resolve("text_encoder/" + NewComponents.TRANSFORMERS_WEIGHTS + ".safetensors"));
        Path vae = new CheckpointDir(work.resolve(VaeTraining.STAGE)).current();
        for (Path component : new Path[] {vae, transformerDir}) {
            Path dest = next.resolve(component == vae ? "vae" : "transformer");
            Files.createDirectories(dest);
            Files.copy(component.resolve("config.json"), dest.resolve("config.json"));
            halfPrecision(component.resolve(NewComponents.DIFFUSERS_WEIGHTS + ".safetensors"),
                    dest.resolve(NewComponents.DIFFUSERS_WEIGHTS + ".safetensors"));
        }
        target.commitNext();
    }

    /**
     * Copies a checkpoint's tensors as F16 (the model folder's storage; the engine widens them to f32
     * exactly when it loads them). Training keeps f32.
     */
    static void halfPrecision(Path from, Path to) throws IOException, EngineException {
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(from);
                NDManager manager = DjlRuntime.newCpuManager()) {
            for (String name : new java.util.TreeSet<>(f.tensors().keySet())) {
                TensorInfo t = f.info(name);
                w.add(name, StDType.F16, t.shape(), NewComponents.f16(f.floats(name), t.shape(), manager));
            }
        }
        w.write(to);
    }
}
