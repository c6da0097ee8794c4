package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Tensor helpers that must behave the same at inference and under DJL's autograd ({@code engine.train}). */
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
            try (NDArray one = scalar(x, 1f)) {
                return x.mul(one);
            }
        }
        return x.duplicate();
    }

    /**
     * {@code value} as a 0-dim f32 tensor on {@code like}'s manager whose memory libtorch owns; the caller closes
     * it (a recorded operation keeps its own reference). DJL's {@code op(Number)} wraps a Java buffer without a
     * copy and closes it at once, and the buffer is freed whenever the garbage collector gets to it, while a
     * recorded {@code mul} or {@code pow} may still hold the scalar for its backward pass (NaN gradients at
     * random steps). The value, and so the operation's result, is the one {@code op(Number)} gives.
     */
    public static NDArray scalar(NDArray like, float value) {
        try (NDArray wrapped = like.getManager().create(value)) {
            return wrapped.duplicate();
        }
    }

    /**
     * Whether libtorch records operations for autograd on this thread (its grad mode, which DJL's gradient
     * collector turns on while it is open and which is off otherwise).
     */
    public static boolean recording() {
        return JniUtils.isGradMode();
    }
}
