package dev.seedframe.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.WeightsException;

/** Comparisons against reference tensors with the fixture README's tolerances. */
public final class TensorAssert {

    private TensorAssert() {}

    public static double maxAbsDiff(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "element count");
        double m = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            m = Math.max(m, d);
        }
        return m;
    }

    /** Asserts {@code max |expected - actual| <= atol} and reports the worst element. */
    public static void assertClose(String what, float[] expected, float[] actual, double atol) {
        assertEquals(expected.length, actual.length, what + ": element count");
        double worst = -1;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (Double.isNaN(d) || d > worst) {
                worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                at = i;
            }
        }
        if (worst > atol) {
            fail(String.format(
                    "%s: max |diff| %.3g at element %d (expected %.6g, got %.6g) exceeds %.1g",
                    what, worst, at, expected[at], actual[at], atol));
        }
    }

    /** Compares an NDArray with a named reference tensor: same shape, values within {@code atol}. */
    public static void assertClose(SafetensorsFile ref, String name, NDArray actual, double atol) {
        try {
            long[] shape = ref.info(name).shape();
            assertArrayEquals(shape, actual.getShape().getShape(), name + ": shape");
            float[] got = actual.getDataType() == DataType.FLOAT32
                    ? actual.toFloatArray()
                    : actual.toType(DataType.FLOAT32, false).toFloatArray();
            assertClose(name, ref.floats(name), got, atol);
        } catch (WeightsException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static float[] floats(SafetensorsFile ref, String name) {
        try {
            return ref.floats(name);
        } catch (WeightsException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static long[] longs(SafetensorsFile ref, String name) {
        try {
            return ref.longs(name);
        } catch (WeightsException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static long[] shape(SafetensorsFile ref, String name) {
        try {
            return ref.info(name).shape();
        } catch (WeightsException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
