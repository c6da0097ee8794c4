package dev.seedframe.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.TrainingListener;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.qwenimage.transformer.ImageShape;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.Constants;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.train.scenes.SceneSampler;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.WeightMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stage 2: the Qwen-Image transformer trained with the flow-matching objective of its scheduler, through
 * the engine's own {@link QwenImageTransformer#forward}. For clean latents {@code x₀} and noise {@code ε},
 * {@code x_σ = (1 − σ)·x₀ + σ·ε} ({@link FlowMatchEulerScheduler#scaleNoise}'s mixing) and the model learns
 * the velocity {@code ε − x₀} that the Euler sampler integrates from σ = 1 to 0. The noise levels are
 * drawn logit-normal and passed through the scheduler's own dynamic time shift for this image size, so
 * training sees the levels sampling visits. A tenth of the captions are replaced by the empty prompt
 * {@code " "}, so that true CFG with a {@code " "} negative prompt has an unconditional model to push
 * against.
 */
public final class TransformerTraining {

    public static final String STAGE = "transformer";

    /** Share of examples trained without their caption (the {@code " "} prompt). */
    static final double CAPTION_DROPOUT = 0.1;

    /** Share of examples trained on their Chinese caption (the others on their English one). */
    static final double CHINESE = 0.5;

    /** Standard deviation of the logit-normal draw of the noise level before the time shift. */
    static final double LOGIT_STD = 1.0;

    static final double MAX_GRAD_NORM = 1.0;

    static final int WARMUP = 200;

    static final int METER_WINDOW = 50;

    private final DemoSpec spec;
    private final long seed;
    private final CheckpointDir checkpoints;
    private final TrainingListener listener;

    public TransformerTraining(DemoSpec spec, long seed, Path workDir, TrainingListener listener) {
        this.spec = spec;
        this.seed = seed;
        this.checkpoints = new CheckpointDir(workDir.resolve(STAGE));
        this.listener = listener;
    }

    /** The folder of the latest checkpoint (weights in the diffusers layout), or null before the first. */
    public Path checkpoint() throws IOException {
        return checkpoints.current();
    }

    /** Whether the latest checkpoint has every step the spec asks for (false before the first). */
    boolean finished() throws IOException {
        Path current = checkpoints.current();
        return current != null && TrainingState.read(current).step >= spec.transformerSteps();
    }

    /** Runs the stage from its last checkpoint (or the start) to the end; returns the transformer folder. */
    Path run(LatentDataSet data, FlowMatchEulerScheduler scheduler, CancellationToken cancel)
            throws IOException, EngineException {
        Path current = checkpoints.currentOrFirst(STAGE, seed, spec.transformerSteps(),
                next -> NewComponents.transformer(spec, next, seed));
        TrainingState state = TrainingState.read(current);
        if (state.step >= spec.transformerSteps()) {
            return current;
        }
        state.totalSteps = spec.transformerSteps();
        state.done = false; // a finished run given another cycle goes on
        Engine engine = DjlRuntime.engine();
        double mu = scheduler.mu(data.tokens);
        try (NDManager manager = DjlRuntime.newCpuManager();
                Constants constants = new Constants()) {
            TransformerConfig config = TransformerConfig.fromJson(current.resolve("config.json"));
            QwenImageTransformer model;
            TrainableComponent weights;
            try (Checkpoint ck = Checkpoint.open(current, STAGE, NewComponents.DIFFUSERS_WEIGHTS)) {
                WeightMap w = WeightMap.of(ck);
                model = new QwenImageTransformer(config, w, TrainingRuntime.ops(constants));
                model.load(manager);
                weights = TrainableComponent.attach(w, manager);
            }
            try (weights) {
                if (state.step > 0) {
                    weights.restoreOptimizer(current.resolve(TrainableComponent.OPTIMIZER_FILE), manager);
                }
                listener.note(String.format("transformer: %,d parameters, %d steps of %d examples from %d scenes,"
                        + " from step %d", weights.parameterCount(), spec.transformerSteps(), spec.transformerBatch(),
                        data.size, state.step));
                LossMeter meter = new LossMeter(METER_WINDOW);
                long runStart = System.nanoTime();
                Batches batches = new Batches(data.size, seed);
                while (state.step < spec.transformerSteps()) {
                    if (cancel.isCancelled()) {
                        state.seconds += (System.nanoTime() - runStart) / 1e9;
                        save(weights, state);
                        throw new CancelledException("Training cancelled at transformer step " + state.step
                                + "; a checkpoint was saved and the next run resumes from it");
                    }
                    long t0 = System.nanoTime();
                    double loss = trainStep(engine, manager, model, weights, data, batches, scheduler, mu, state.step);
                    state.step++;
                    if (Double.isNaN(loss)) {
                        state.skip(STAGE, listener);
                    } else {
                        meter.add(loss, (System.nanoTime() - t0) / 1e9);
                        listener.step(STAGE, state.step, spec.transformerSteps(), loss, meter.meanLoss(),
                                meter.meanSeconds());
                    }
                    if (state.step % spec.checkpointEvery() == 0 || state.step == spec.transformerSteps()) {
                        state.lossCurve.add(new double[] {state.step, meter.takeIntervalMean()});
                        state.seconds += (System.nanoTime() - runStart) / 1e9;
                        runStart = System.nanoTime();
                        state.done = state.step == spec.transformerSteps();
                        save(weights, state);
                        listener.note("transformer checkpoint at step " + state.step);
                    }
                }
                listener.note(String.format("transformer trained in %.0f s", state.seconds));
            }
        }
        return checkpoints.path();
    }

    private double trainStep(Engine engine, NDManager manager, QwenImageTransformer model,
            TrainableComponent weights, LatentDataSet data, Batches batches, FlowMatchEulerScheduler scheduler,
            double mu, int step) throws EngineException {
        int b = spec.transformerBatch();
        int n = data.tokens;
        int f = data.features;
        int width = data.textWidth;
        float[] noise = new TorchCpuGenerator(SceneSampler.mix(seed * 131 + step)).randn((long) b * n * f);
        float[] noisy = new float[b * n * f];
        float[] target = new float[b * n * f];
        float[] sigmas = new float[b];
        float[][] texts = new float[b][];
        int maxT = 0;
        for (int j = 0; j < b; j++) {
            long draw = (long) step * b + j;
            int example = batches.example(draw);
            SplittableRandom random = new SplittableRandom(SceneSampler.mix(seed * 977 + draw));
            float[] x0 = data.latents[example];
            float sigma = scheduler.shifted((float) (1 / (1 + Math.exp(-random.nextGaussian() * LOGIT_STD))), mu);
            sigmas[j] = sigma;
            for (int i = 0; i < n * f; i++) {
                float e = noise[j * n * f + i];
                noisy[j * n * f + i] = sigma * e + (1 - sigma) * x0[i];
                target[j * n * f + i] = e - x0[i];
            }
            if (random.nextDouble() < CAPTION_DROPOUT) {
                texts[j] = data.empty;
            } else {
                texts[j] = random.nextDouble() < CHINESE ? data.chinese[example] : data.english[example];
            }
            maxT = Math.max(maxT, texts[j].length / width);
        }
        float[] text = new float[b * maxT * width];
        float[] mask = new float[b * maxT];
        boolean padded = false;
        for (int j = 0; j < b; j++) {
            System.arraycopy(texts[j], 0, text, j * maxT * width, texts[j].length);
            int len = texts[j].length / width;
            java.util.Arrays.fill(mask, j * maxT, j * maxT + len, 1f);
            padded |= len < maxT;
        }
        int side = spec.latentSize() / 2;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = manager.create(noisy, new Shape(b, n, f));
            NDArray v = manager.create(target, new Shape(b, n, f));
            NDArray c = manager.create(text, new Shape(b, maxT, width));
            NDArray m = padded ? manager.create(mask, new Shape(b, maxT)) : null;
            NDArray t = manager.create(sigmas);
            double value;
            try (GradientCollector collector = engine.newGradientCollector()) {
                weights.rebind();
                NDArray pred = model.forward(x, c, m, t, List.of(new ImageShape(1, side, side)));
                NDArray loss = pred.sub(v).square().mean();
                collector.backward(loss);
                value = loss.getFloat();
            }
            if (!Double.isFinite(value)) {
                throw new EngineException("The transformer's loss became " + value + " at step " + step
                        + "; training stopped");
            }
            double norm = weights.update(spec.transformerRate(step, WARMUP), MAX_GRAD_NORM);
            return Double.isFinite(norm) ? value : Double.NaN;
        }
    }

    private void save(TrainableComponent weights, TrainingState state) throws IOException {
        Path current = checkpoints.path();
        Path next = checkpoints.beginNext();
        java.nio.file.Files.copy(current.resolve("config.json"), next.resolve("config.json"));
        weights.save(next.resolve(NewComponents.DIFFUSERS_WEIGHTS + ".safetensors"),
                next.resolve(TrainableComponent.OPTIMIZER_FILE));
        state.write(next);
        checkpoints.commitNext();
    }

    /** The order examples are visited in: every epoch a new permutation of the data set, fixed by the seed. */
    static final class Batches {
        private final int size;
        private final long seed;
        private long epoch = -1;
        private int[] order;

        Batches(int size, long seed) {
            this.size = size;
            this.seed = seed;
        }

        /** The example drawn {@code draw}-th since the start. */
        int example(long draw) {
            long e = draw / size;
            if (e != epoch) {
                order = permutation(size, new SplittableRandom(SceneSampler.mix(seed * 7919 + e)));
                epoch = e;
            }
            return order[(int) (draw % size)];
        }

        private static int[] permutation(int n, SplittableRandom random) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int k = random.nextInt(i + 1);
                int tmp = p[i];
                p[i] = p[k];
                p[k] = tmp;
            }
            return p;
        }
    }
}
