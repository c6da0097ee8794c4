package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Tensor helpers that must behave the same at inference and under DJL's autograd. */
public final class Tensors {

    private Tensors() {}

    /**
     * A new array holding {@code x}'s values. DJL's {@code duplicate()} copies without recording the
     * gradient (libtorch's clone under a no-grad guard), so a copy in a forward pass would cut the graph
     * while a model trains ({@code dev.seedframe.engine.train}). While autograd records (a DJL gradient
     * collector is open on this thread), the copy is {@code x · 1}, which autograd sees through and which
     * equals {@code x} bit for bit; otherwise it is {@code duplicate()}, as before.
     */
    public static NDArray copy(NDArray x) {
        if (recording()) {
            return x.mul(Scalars.f32(x, 1f));
        }
        return x.duplicate();
    }

    /**
     * Whether libtorch records operations for autograd on this thread (its grad mode, which DJL's gradient
     * collector turns on while it is open and which is off otherwise).
     */
    public static boolean recording() {
        return JniUtils.isGradMode();
    }
}
