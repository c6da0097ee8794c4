package dev.seedframe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Adam with decoupled weight decay (AdamW) over NDArrays: {@code m = β₁m + (1−β₁)g}, {@code v = β₂v +
 * (1−β₂)g²}, {@code p −= lr·λ·p}, {@code p −= lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε)}. Each parameter is updated
 * by one native call (DJL's PyTorch {@code adamUpdate}, in place and outside autograd), which matters on a
 * CPU shared with other work: a step of many small tensors costs its number of calls. Weight decay applies
 * to the parameters the caller says (matrices and kernels, not biases and norm scales).
 */
final class Adam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.99;
    static final double EPS = 1e-8;
    static final double WEIGHT_DECAY = 0.01;

    private final NDArray[] m;
    private final NDArray[] v;
    private final boolean[] decay;
    private long step;

    /** Zero moments for {@code params}; {@code decay[i]} says whether parameter i is decayed. */
    Adam(NDArray[] params, boolean[] decay, NDManager manager) {
        this.m = new NDArray[params.length];
        this.v = new NDArray[params.length];
        this.decay = new boolean[params.length];
        for (int i = 0; i < params.length; i++) {
            m[i] = manager.zeros(params[i].getShape());
            v[i] = manager.zeros(params[i].getShape());
            NDScope.unregister(m[i], v[i]);
            this.decay[i] = decay[i];
        }
    }

    /** Steps taken so far. */
    long step() {
        return step;
    }

    NDArray[] firstMoments() {
        return m;
    }

    NDArray[] secondMoments() {
        return v;
    }

    /** Restores a saved state (moments are copied in). */
    void restore(long step, NDArray[] firstMoments, NDArray[] secondMoments) {
        this.step = step;
        for (int i = 0; i < m.length; i++) {
            m[i].set(firstMoments[i].toFloatArray());
            v[i].set(secondMoments[i].toFloatArray());
        }
    }

    /**
     * One update of {@code params} from their gradients times {@code gradScale} (for clipping), at learning
     * rate {@code lr}. Call outside any gradient collector.
     */
    void update(NDArray[] params, NDArray[] grads, double lr, double gradScale) {
        step++;
        double correction = Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        for (int i = 0; i < params.length; i++) {
            JniUtils.adamUpdate((PtNDArray) params[i], (PtNDArray) grads[i], (PtNDArray) m[i], (PtNDArray) v[i],
                    (float) lr, (float) (lr * correction), decay[i] ? (float) WEIGHT_DECAY : 0f, (float) gradScale,
                    -1f, (float) BETA1, (float) BETA2, (float) EPS, true);
        }
    }

    void close() {
        for (int i = 0; i < m.length; i++) {
            m[i].close();
            v[i].close();
        }
    }
}
