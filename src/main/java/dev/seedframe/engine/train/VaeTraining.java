package dev.seedframe.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.TrainingListener;
import dev.seedframe.engine.nn.Tensors;
import dev.seedframe.engine.qwenimage.vae.DiagonalGaussian;
import dev.seedframe.engine.imageops.ImagePostprocess;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.train.scenes.HeldOutPrompts;
import dev.seedframe.engine.train.scenes.Scene;
import dev.seedframe.engine.train.scenes.SceneObject;
import dev.seedframe.engine.train.scenes.SceneRasterizer;
import dev.seedframe.engine.train.scenes.SceneSampler;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.WeightMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Stage 1: the Qwen-Image VAE trained as an autoencoder on random crops of generated scenes, through the
 * engine's own {@link QwenImageVae#encode} and {@link QwenImageVae#decode}: the posterior is sampled
 * (reparameterised) and decoded, and the loss is {@code L1 + L2} of the pixels, plus the L1 distance of
 * their horizontal and vertical differences (edges: without it the shapes come back rounded, a star as a
 * blob), plus a small KL term that keeps the posterior a distribution. Most crops are taken around an
 * object. At the end the latents' per-channel mean and standard deviation
 * are measured and written into {@code config.json} ({@code latents_mean}, {@code latents_std}), which
 * the pipelines normalise with.
 */
public final class VaeTraining {

    public static final String STAGE = "vae";

    /** Weight of the KL divergence against the pixel losses (per latent element, per pixel). */
    static final double KL_WEIGHT = 1e-4;

    /** Gradient norm clip. */
    static final double MAX_GRAD_NORM = 1.0;

    /** Warm-up steps of the learning rate. */
    static final int WARMUP = 100;

    /** Share of crops placed anywhere in the picture (the others around an object). */
    static final double ANYWHERE = 0.25;

    /** Loss window of the progress line. */
    static final int METER_WINDOW = 50;

    /** Scenes encoded to measure the latent statistics. */
    static final int STATS_IMAGES = 256;

    /** Offset of the scene indices the statistics are measured on (beyond any training index). */
    static final long STATS_INDEX_BASE = 1L << 40;

    private final DemoSpec spec;
    private final long seed;
    private final CheckpointDir checkpoints;
    private final TrainingListener listener;
    private final SceneSampler scenes;

    public VaeTraining(DemoSpec spec, long seed, Path workDir, TrainingListener listener) {
        this.spec = spec;
        this.seed = seed;
        this.checkpoints = new CheckpointDir(workDir.resolve(STAGE));
        this.listener = listener;
        this.scenes = new SceneSampler(seed, HeldOutPrompts.standard());
    }

    /** Runs the stage from its last checkpoint (or from the start) to the end; returns the VAE folder. */
    public Path run(CancellationToken cancel) throws IOException, EngineException {
        Path current = checkpoints.currentOrFirst(STAGE, seed, spec.vaeSteps(),
                next -> NewComponents.vae(spec, next, seed));
        TrainingState state = TrainingState.read(current);
        if (state.done) {
            return current;
        }
        Engine engine = DjlRuntime.engine();
        try (NDManager manager = DjlRuntime.newCpuManager()) {
            VaeConfig config = VaeConfig.fromJson(current.resolve("config.json"));
            QwenImageVae vae;
            TrainableComponent weights;
            try (Checkpoint ck = Checkpoint.open(current, STAGE, NewComponents.DIFFUSERS_WEIGHTS)) {
                WeightMap w = WeightMap.of(ck);
                vae = new QwenImageVae(config, w, TrainingRuntime.attention());
                w.verify();
                weights = TrainableComponent.attach(w, manager);
            }
            try (weights) {
                if (state.step > 0) {
                    weights.restoreOptimizer(current.resolve(TrainableComponent.OPTIMIZER_FILE), manager);
                }
                listener.note(String.format("VAE: %,d parameters, %d steps of %d crops %d×%d, from step %d",
                        weights.parameterCount(), spec.vaeSteps(), spec.vaeBatch(), spec.vaeCrop(), spec.vaeCrop(),
                        state.step));
                LossMeter meter = new LossMeter(METER_WINDOW);
                long runStart = System.nanoTime();
                while (state.step < spec.vaeSteps()) {
                    if (cancel.isCancelled()) {
                        state.seconds += (System.nanoTime() - runStart) / 1e9;
                        save(weights, state, false, null);
                        throw new CancelledException("Training cancelled at VAE step " + state.step
                                + "; a checkpoint was saved and the next run resumes from it");
                    }
                    long t0 = System.nanoTime();
                    double loss = trainStep(engine, manager, vae, weights, state.step);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    state.step++;
                    if (Double.isNaN(loss)) {
                        state.skip(STAGE, listener);
                    } else {
                        meter.add(loss, secs);
                        listener.step(STAGE, state.step, spec.vaeSteps(), loss, meter.meanLoss(), meter.meanSeconds());
                    }
                    if (state.step % spec.checkpointEvery() == 0 || state.step == spec.vaeSteps()) {
                        state.lossCurve.add(new double[] {state.step, meter.takeIntervalMean()});
                        state.seconds += (System.nanoTime() - runStart) / 1e9;
                        runStart = System.nanoTime();
                        save(weights, state, false, null);
                        listener.note("VAE checkpoint at step " + state.step);
                    }
                }
                double[][] stats = latentStatistics(vae, manager);
                state.done = true;
                save(weights, state, true, stats);
                listener.note(String.format("VAE trained in %.0f s", state.seconds));
            }
        }
        return checkpoints.path();
    }

    private double trainStep(Engine engine, NDManager manager, QwenImageVae vae, TrainableComponent weights,
            int step) throws EngineException {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = batch(manager, step);
            double value;
            try (GradientCollector collector = engine.newGradientCollector()) {
                weights.rebind();
                NDArray loss;
                try (DiagonalGaussian posterior = vae.encode(x)) {
                    // z = mean + std·ε with ε held here until the backward pass has run: an array DJL makes from
                    // Java numbers wraps their buffer without a copy, and autograd keeps ε for std's gradient
                    NDArray noise = manager.create(new TorchCpuGenerator(SceneSampler.mix(seed ^ (0x5EEDL + step)))
                            .randn(posterior.mean().getShape().getShape()), posterior.mean().getShape());
                    NDArray z = posterior.mean().add(posterior.std().mul(noise));
                    NDArray rec = vae.decode(z);
                    NDArray diff = rec.sub(x);
                    NDArray pixels = diff.abs().mean().add(diff.square().mean()).add(edgeLoss(rec, x));
                    NDArray kl = posterior.mean().square().add(posterior.logvar().exp()).sub(Tensors.scalar(x, 1f))
                            .sub(posterior.logvar()).mean().mul(Tensors.scalar(x, 0.5f));
                    loss = pixels.add(kl.mul(Tensors.scalar(x, (float) KL_WEIGHT)));
                }
                collector.backward(loss);
                value = loss.getFloat();
            }
            if (!Double.isFinite(value)) {
                throw new EngineException("The VAE's loss became " + value + " at step " + step
                        + "; training stopped (resume from the last checkpoint with a lower learning rate)");
            }
            double rate = LearningRate.at(step, spec.vaeScheduleSteps(), spec.vaeLearningRate(), WARMUP);
            double norm = weights.update(rate, MAX_GRAD_NORM);
            return Double.isFinite(norm) ? value : Double.NaN;
        }
    }

    /**
     * Step {@code step}'s crops, {@code [B, 3, c, c]} in [-1, 1]. Most crops are placed around one of the
     * scene's objects (shapes cover a small part of a picture, and their edges are what is hard to encode);
     * the others anywhere.
     */
    private NDArray batch(NDManager manager, int step) {
        int b = spec.vaeBatch();
        int c = spec.vaeCrop();
        int side = spec.imageSize();
        float[] data = new float[b * 3 * c * c];
        for (int j = 0; j < b; j++) {
            long index = (long) step * b + j;
            Scene scene = scenes.scene(index);
            RgbImage img = SceneRasterizer.draw(scene, side, side);
            float[] chw = ImagePostprocess.toSignedUnitChw(img);
            SplittableRandom random = scenes.random(index).split();
            int ox;
            int oy;
            if (random.nextDouble() < ANYWHERE) {
                ox = random.nextInt(side - c + 1);
                oy = random.nextInt(side - c + 1);
            } else {
                SceneObject o = scene.objects().get(random.nextInt(scene.objects().size()));
                int jitter = c / 4;
                ox = clamp((int) Math.round((o.placement().centreX() + o.dx()) * side) - c / 2
                        + random.nextInt(2 * jitter + 1) - jitter, side - c);
                oy = clamp((int) Math.round((o.placement().centreY() + o.dy()) * side) - c / 2
                        + random.nextInt(2 * jitter + 1) - jitter, side - c);
            }
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < c; y++) {
                    System.arraycopy(chw, (ch * side + oy + y) * side + ox, data, ((j * 3 + ch) * c + y) * c, c);
                }
            }
        }
        return manager.create(data, new Shape(b, 3, c, c));
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** L1 distance of the horizontal and vertical pixel differences of {@code a} and {@code b} ({@code [B, 3, H, W]}). */
    private static NDArray edgeLoss(NDArray a, NDArray b) {
        NDArray dx = a.get(":, :, :, 1:").sub(a.get(":, :, :, :-1")).sub(b.get(":, :, :, 1:").sub(b.get(":, :, :, :-1")));
        NDArray dy = a.get(":, :, 1:, :").sub(a.get(":, :, :-1, :")).sub(b.get(":, :, 1:, :").sub(b.get(":, :, :-1, :")));
        return dx.abs().mean().add(dy.abs().mean());
    }

    /** Per-channel mean and standard deviation of the posterior means over {@value #STATS_IMAGES} scenes. */
    private double[][] latentStatistics(QwenImageVae vae, NDManager manager) throws EngineException {
        int z = spec.zDim();
        double[] sum = new double[z];
        double[] sumSq = new double[z];
        long count = 0;
        int side = spec.imageSize();
        int per = 16;
        for (int start = 0; start < STATS_IMAGES; start += per) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] data = new float[per * 3 * side * side];
                for (int j = 0; j < per; j++) {
                    RgbImage img = SceneRasterizer.draw(scenes.scene(STATS_INDEX_BASE + start + j), side, side);
                    System.arraycopy(ImagePostprocess.toSignedUnitChw(img), 0, data, j * 3 * side * side,
                            3 * side * side);
                }
                try (DiagonalGaussian posterior = vae.encode(manager.create(data, new Shape(per, 3, side, side)))) {
                    float[] m = posterior.mean().toFloatArray();
                    int plane = (side / spec.vaeScale()) * (side / spec.vaeScale());
                    for (int j = 0; j < per; j++) {
                        for (int ch = 0; ch < z; ch++) {
                            for (int i = 0; i < plane; i++) {
                                double v = m[(j * z + ch) * plane + i];
                                sum[ch] += v;
                                sumSq[ch] += v * v;
                            }
                        }
                    }
                    count += (long) per * plane;
                }
            }
        }
        double[] mean = new double[z];
        double[] std = new double[z];
        for (int ch = 0; ch < z; ch++) {
            mean[ch] = round4(sum[ch] / count);
            std[ch] = round4(Math.sqrt(Math.max(1e-8, sumSq[ch] / count - (sum[ch] / count) * (sum[ch] / count))));
        }
        return new double[][] {mean, std};
    }

    private static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    private void save(TrainableComponent weights, TrainingState state, boolean done, double[][] stats)
            throws IOException {
        Path current = checkpoints.path();
        Path next = checkpoints.beginNext();
        if (stats != null) {
            DemoConfigs.write(DemoConfigs.vae(spec, stats[0], stats[1]), next.resolve("config.json"));
        } else {
            java.nio.file.Files.copy(current.resolve("config.json"), next.resolve("config.json"));
        }
        weights.save(next.resolve(NewComponents.DIFFUSERS_WEIGHTS + ".safetensors"),
                next.resolve(TrainableComponent.OPTIMIZER_FILE));
        state.done = done;
        state.write(next);
        checkpoints.commitNext();
    }
}
