package dev.seedframe.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.Supplier;
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
    private Supplier<UnaryOperator<NDArray>> adjustment;
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

    /**
     * Registers a load-time change decided anew each time the weights are materialised (a merged LoRA, which can
     * change between runs): {@code adjustment} gives the function to apply after the layout transforms, or null for
     * none (a bf16 checkpoint tensor is then still taken as its raw bits). Only one can be registered.
     */
    public Param adjust(Supplier<UnaryOperator<NDArray>> adjustment) {
        if (this.adjustment != null) {
            throw new IllegalStateException("Parameter " + key + " already has a load-time adjustment");
        }
        this.adjustment = adjustment;
        return this;
    }

    UnaryOperator<NDArray> transformOrNull() {
        UnaryOperator<NDArray> adjust = adjustment == null ? null : adjustment.get();
        if (adjust == null) {
            return transform;
        }
        UnaryOperator<NDArray> layout = transform;
        return layout == null ? adjust : a -> adjust.apply(layout.apply(a));
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
