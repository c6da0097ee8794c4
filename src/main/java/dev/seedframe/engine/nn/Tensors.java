package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;

/** Tensor helpers that must behave the same at inference and under DJL's autograd. */
public final class Tensors {

    private Tensors() {}

    /**
     * A new array holding {@code x}'s values. DJL's {@code duplicate()} copies without recording the
     * gradient (libtorch's clone under a no-grad guard), so a copy in a forward pass would cut the graph
     * while a model trains ({@code dev.seedframe.engine.train}). When {@code x} is recorded by autograd,
     * the copy is {@code x · 1}, which autograd sees through and which equals {@code x} bit for bit;
     * otherwise it is {@code duplicate()}, as before.
     */
    public static NDArray copy(NDArray x) {
        if (x.hasGradient()) {
            return x.mul(Scalars.f32(x, 1f));
        }
        return x.duplicate();
    }
}
