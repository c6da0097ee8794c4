package dev.seedframe.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;

/**
 * A named model parameter: declared while a component is built (name and the shape its config
 * implies), checked against the checkpoint header, then materialised in one pass. Forward code
 * reads it with {@link #array()}.
 */
public final class Param {

    private final String key;
    private final long[] shape;
    private UnaryOperator<NDArray> transform;
    private NDArray array;

    Param(String key, long[] shape) {
        this.key = key;
        this.shape = shape.clone();
    }

    /** The full checkpoint key (after the component's key map). */
    public String key() {
        return key;
    }

    /** The shape the config says the checkpoint must hold. */
    public Shape shape() {
        return new Shape(shape);
    }

    long[] expectedShape() {
        return shape;
    }

    /**
     * Registers a load-time layout change (e.g. taking one temporal slice of a 3D conv kernel),
     * applied once when the weights are materialised.
     */
    public Param transform(UnaryOperator<NDArray> fn) {
        UnaryOperator<NDArray> prev = transform;
        transform = prev == null ? fn : a -> fn.apply(prev.apply(a));
        return this;
    }

    UnaryOperator<NDArray> transformOrNull() {
        return transform;
    }

    void set(NDArray a) {
        this.array = a;
    }

    public boolean isLoaded() {
        return array != null;
    }

    /** The loaded tensor. */
    public NDArray array() {
        if (array == null) {
            throw new IllegalStateException("Parameter " + key + " used before its weights were loaded");
        }
        return array;
    }

    /**
     * Training ({@code dev.seedframe.engine.train}): makes {@code value}, a tensor in the checkpoint's
     * layout and shape, this parameter's tensor, through the load-time {@link #transform} when there is one
     * (so that autograd records the transform and the gradient reaches {@code value}). Returns the array
     * now bound: {@code value} itself when there is no transform, otherwise a new array, which the caller
     * closes when it binds again. The previously bound array is not closed.
     */
    public NDArray bind(NDArray value) {
        if (!java.util.Arrays.equals(value.getShape().getShape(), shape)) {
            throw new IllegalArgumentException("Parameter " + key + " is " + shape() + ", not " + value.getShape());
        }
        this.array = transform == null ? value : transform.apply(value);
        return array;
    }

    /** Releases the loaded tensor (streamed or offloaded weights). */
    public void release() {
        if (array != null) {
            array.close();
            array = null;
        }
    }

    @Override
    public String toString() {
        return key + shape();
    }
}
