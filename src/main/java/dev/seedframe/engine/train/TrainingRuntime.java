package dev.seedframe.engine.train;

import ai.djl.pytorch.jni.JniUtils;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.nn.AttentionKernel;
import dev.seedframe.engine.nn.F32Ops;
import dev.seedframe.engine.nn.MatMulAttention;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.runtime.Constants;
import dev.seedframe.engine.runtime.DjlRuntime;

/**
 * The process settings training needs, applied once before it starts.
 *
 * <ul>
 *   <li>Attention through matMul + softmax ({@link #attention()}, {@link #ops}): the fused kernel of
 *       Seedframe's TorchScript helper records its backward, but gave NaN gradients on the VAE's single-head
 *       attention (32 channels, 16 positions), so training does not use it. Inference (the benchmark) keeps
 *       the kernel the engine options choose.
 *   <li>libtorch's intra-op threads: on a CPU shared with other busy processes, OpenMP's threads wait for
 *       each other spinning while the scheduler runs someone else; measured on this project's 2-core
 *       machine at a load average near 18, one autoencoder step took 6.2 s with two threads and 0.6 s
 *       with one.
 * </ul>
 */
public final class TrainingRuntime {

    private TrainingRuntime() {}

    /** Starts the engine with {@code threads} intra-op threads. */
    public static void prepare(int threads) throws EngineException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        threads(threads);
    }

    /**
     * Sets libtorch's intra-op threads only (inference keeps its attention): for the benchmark on a shared
     * CPU, where two threads stalled single denoising steps for seconds (0.018 s to 3.6 s per step).
     */
    public static void threads(int threads) throws EngineException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        DjlRuntime.engine();
        JniUtils.setNumThreads(threads);
    }

    /** The attention kernel the components compute with while they train: matMul + softmax. */
    static AttentionKernel attention() {
        return new MatMulAttention();
    }

    /** float32 operations with {@link #attention()}, their scalars kept in {@code constants}. */
    static Ops ops(Constants constants) {
        return new F32Ops(constants, attention());
    }
}
