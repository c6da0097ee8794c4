package dev.seedframe.engine.train;

import java.util.List;

/**
 * The size of the demo model and of its training: every number the training writes into the
 * components' {@code config.json} files or uses in its loops. {@link #standard()} is the full demo model (the
 * embedded default, {@code models/qwen-image-demo}); tests use {@link #miniature()} to run every stage in seconds.
 *
 * @param imageSize side of the square training images, in pixels
 * @param vaeBaseDim the VAE's {@code base_dim}
 * @param vaeDimMult the VAE's {@code dim_mult} (its length minus one is the number of 2× down-samplings)
 * @param vaeResBlocks the VAE's {@code num_res_blocks}
 * @param zDim latent channels ({@code z_dim})
 * @param layers transformer blocks ({@code num_layers})
 * @param heads transformer attention heads
 * @param headDim transformer head width
 * @param axesDimsRope RoPE widths of the frame, height and width axes (sum = head width)
 * @param textHidden the text encoder's width (the transformer's {@code joint_attention_dim})
 * @param textLayers text encoder decoder layers
 * @param textHeads text encoder attention heads (as many key/value heads)
 * @param textIntermediate the text encoder MLP's hidden width
 * @param vaeSteps autoencoder optimisation steps
 * @param vaeScheduleSteps steps the autoencoder's learning-rate decay spans: as many as {@code vaeSteps}, or more
 *     when the training stops before the rate has decayed (the committed demo VAE stopped at step 2,000 of a
 *     3,000-step schedule; a run from scratch follows the same rates, though its weights differ from that VAE's,
 *     which was trained through earlier revisions of this code)
 * @param vaeBatch images per autoencoder step
 * @param vaeCrop side of the random crop the autoencoder trains on (the VAE is convolutional)
 * @param vaeLearningRate Adam's learning rate for the autoencoder
 * @param dataSetSize scenes encoded for the transformer's training
 * @param transformerCycles the transformer's learning-rate cycles, run one after the other (a warm restart
 *     at each: warm-up, then cosine decay); their steps add up to {@link #transformerSteps()}. A finished run
 *     given one more cycle goes on from its last checkpoint, which is how a run is extended, and a run from
 *     scratch with the same cycles follows the same schedule
 * @param transformerBatch examples per flow-matching step
 * @param checkpointEvery steps between checkpoints
 */
public record DemoSpec(
        int imageSize,
        int vaeBaseDim,
        int[] vaeDimMult,
        int vaeResBlocks,
        int zDim,
        int layers,
        int heads,
        int headDim,
        int[] axesDimsRope,
        int textHidden,
        int textLayers,
        int textHeads,
        int textIntermediate,
        int vaeSteps,
        int vaeScheduleSteps,
        int vaeBatch,
        int vaeCrop,
        double vaeLearningRate,
        int dataSetSize,
        List<Cycle> transformerCycles,
        int transformerBatch,
        int checkpointEvery) {

    /**
     * One learning-rate cycle of the transformer's training.
     *
     * @param steps its flow-matching optimisation steps
     * @param peakLearningRate Adam's peak learning rate in it
     */
    public record Cycle(int steps, double peakLearningRate) {

        public Cycle {
            if (steps < 1 || !(peakLearningRate > 0)) {
                throw new IllegalArgumentException("a cycle needs steps ≥ 1 and a positive rate, got " + steps
                        + " steps at " + peakLearningRate);
            }
        }
    }

    public DemoSpec {
        vaeDimMult = vaeDimMult.clone();
        axesDimsRope = axesDimsRope.clone();
        transformerCycles = List.copyOf(transformerCycles);
        if (transformerCycles.isEmpty()) {
            throw new IllegalArgumentException("the transformer needs at least one learning-rate cycle");
        }
        if (vaeScheduleSteps < vaeSteps) {
            throw new IllegalArgumentException("the VAE's learning-rate schedule (" + vaeScheduleSteps
                    + " steps) must span its " + vaeSteps + " steps");
        }
    }

    /** The full demo model (what {@code seedframe train-demo} trains). */
    public static DemoSpec standard() {
        return new DemoSpec(128, 16, new int[] {1, 2, 4, 4}, 1, 16,
                4, 4, 32, new int[] {8, 12, 12},
                64, 2, 2, 128,
                2000, 3000, 8, 64, 1e-3,
                24000, List.of(new Cycle(26000, 6e-4), new Cycle(22000, 3e-4), new Cycle(20000, 2e-4),
                        new Cycle(12000, 1.5e-4), new Cycle(26000, 1.2e-4),
                        new Cycle(8000, 1e-4)), 32,
                1000);
    }

    /** A model small enough that every stage runs in seconds (tests). */
    public static DemoSpec miniature() {
        return new DemoSpec(32, 4, new int[] {1, 2, 2, 2}, 1, 4,
                1, 2, 16, new int[] {4, 6, 6},
                16, 1, 2, 32,
                4, 4, 2, 32, 1e-3,
                8, List.of(new Cycle(3, 1e-3), new Cycle(1, 5e-4)), 4,
                2);
    }

    /** This spec with other transformer cycles (to extend a run by a cycle, or to try a schedule). */
    public DemoSpec withTransformerCycles(List<Cycle> cycles) {
        return new DemoSpec(imageSize, vaeBaseDim, vaeDimMult, vaeResBlocks, zDim, layers, heads, headDim, axesDimsRope,
                textHidden, textLayers, textHeads, textIntermediate, vaeSteps, vaeScheduleSteps, vaeBatch, vaeCrop,
                vaeLearningRate, dataSetSize, cycles, transformerBatch, checkpointEvery);
    }

    /** Flow-matching optimisation steps in all: the cycles' steps added up. */
    public int transformerSteps() {
        return transformerCycles.stream().mapToInt(Cycle::steps).sum();
    }

    /** The transformer's learning rate at {@code step} (0-based), warming up over {@code warmup} steps per cycle. */
    double transformerRate(int step, int warmup) {
        int start = 0;
        for (Cycle c : transformerCycles) {
            if (step < start + c.steps()) {
                return LearningRate.at(step - start, c.steps(), c.peakLearningRate(), warmup);
            }
            start += c.steps();
        }
        throw new IllegalArgumentException("step " + step + " is past the schedule's " + start + " steps");
    }

    /** The transformer's inner width. */
    public int innerDim() {
        return heads * headDim;
    }

    /** Pixels per latent along a side. */
    public int vaeScale() {
        return 1 << (vaeDimMult.length - 1);
    }

    /** Latent side of a training image. */
    public int latentSize() {
        return imageSize / vaeScale();
    }

    @Override
    public int[] vaeDimMult() {
        return vaeDimMult.clone();
    }

    @Override
    public int[] axesDimsRope() {
        return axesDimsRope.clone();
    }
}
