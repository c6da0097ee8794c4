package dev.seedframe.engine.weights;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor as a safetensors header describes it.
 *
 * @param name the tensor's key in the file
 * @param dtype element type
 * @param shape dimensions (empty for a scalar)
 * @param begin absolute byte offset of the first element in {@code file}
 * @param length number of bytes
 * @param file the shard holding it
 */
public record TensorInfo(String name, StDType dtype, long[] shape, long begin, long length, Path file) {

    public long numel() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t
                && name.equals(t.name)
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && begin == t.begin
                && length == t.length
                && file.equals(t.file);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + shapeString();
    }
}
