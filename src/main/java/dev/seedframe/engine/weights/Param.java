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
    private final String name;
    private final long[] shape;
    private UnaryOperator<NDArray> transform;
    private Supplier<UnaryOperator<NDArray>> adjustment;
    private boolean fp8Allowed;
    private NDArray array;
    private Fp8Weight fp8;

    Param(String key, String name, long[] shape) {
        this.key = key;
        this.name = name;
        this.shape = shape.clone();
    }

    /** The full checkpoint key (after the component's key map). */
    public String key() {
        return key;
    }

    /**
     * The name the model classes declare it by, before the component's key map: diffusers' name ({@code
     * transformer_blocks.0.attn.to_q.weight}) whether the file stores it so, under ComfyUI's prefix, or in another
     * layout.
     */
    public String name() {
        return name;
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

    /**
     * Lets this parameter stay in its 8-bit float form when the checkpoint stores it so ({@link Fp8Weight}): the
     * consumer (a Linear) widens it when used. Without this, and for a parameter with a load-time {@link #transform},
     * fp8 tensors are widened once when loaded, like any other dtype.
     */
    public Param allowFp8() {
        fp8Allowed = true;
        return this;
    }

    boolean fp8Allowed() {
        return fp8Allowed;
    }

    void set(NDArray a) {
        this.array = a;
    }

    void setFp8(Fp8Weight w) {
        this.fp8 = w;
    }

    public boolean isLoaded() {
        return array != null || fp8 != null;
    }

    /**
     * The loaded tensor.
     *
     * @throws IllegalStateException before loading, or when the parameter is held as fp8 codes ({@link #fp8()})
     */
    public NDArray array() {
        if (fp8 != null) {
            throw new IllegalStateException("Parameter " + key + " is held as " + fp8.format().torchName()
                    + " codes; it is widened by the layer that uses it (Param.fp8())");
        }
        if (array == null) {
            throw new IllegalStateException("Parameter " + key + " used before its weights were loaded");
        }
        return array;
    }

    /** The weight's 8-bit float form when it was loaded as one ({@link #allowFp8()}), else null. */
    public Fp8Weight fp8() {
        return fp8;
    }

    /** Bytes the loaded weight holds on its device (0 when not loaded). */
    public long bytesHeld() {
        if (fp8 != null) {
            return fp8.bytes();
        }
        if (array == null) {
            return 0;
        }
        // DJL names no bf16: an UNKNOWN tensor is a bf16 one (Bf16.isBf16), 2 bytes an element
        int width = array.getDataType() == ai.djl.ndarray.types.DataType.UNKNOWN ? 2 : array.getDataType().getNumOfBytes();
        return array.size() * width;
    }

    /**
     * Training ({@code dev.seedframe.engine.train}): makes {@code value}, a tensor in the checkpoint's
     * layout and shape, this parameter's tensor, through the load-time layout {@link #transform} when there is
     * one (so that autograd records the transform and the gradient reaches {@code value}); a merged LoRA's
     * {@link #adjust adjustment} is not applied. Returns the array now bound: {@code value} itself when there is
     * no transform, otherwise a new array, which the caller closes when it binds again. The previously bound
     * array is not closed.
     */
    public NDArray bind(NDArray value) {
        if (!java.util.Arrays.equals(value.getShape().getShape(), shape)) {
            throw new IllegalArgumentException("Parameter " + key + " is " + shape() + ", not " + value.getShape());
        }
        if (fp8 != null) {
            throw new IllegalStateException("Parameter " + key + " is held as fp8 codes and cannot be trained");
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
        if (fp8 != null) {
            fp8.close();
            fp8 = null;
        }
    }

    @Override
    public String toString() {
        return key + shape();
    }
}
