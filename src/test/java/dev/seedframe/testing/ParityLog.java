package dev.seedframe.testing;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.weights.SafetensorsFile;

/** Asserts like {@link TensorAssert#assertClose} and writes the observed max |diff| to the test log. */
public final class ParityLog {

    private ParityLog() {}

    public static void assertCloseLogged(SafetensorsFile ref, String name, NDArray actual, double atol) {
        float[] got = actual.toFloatArray();
        double d = TensorAssert.maxAbsDiff(TensorAssert.floats(ref, name), got);
        System.out.printf("parity %s %s: max|diff| %.3g (atol %.0e)%n",
                ref.path().getParent().getFileName() + "/" + ref.path().getFileName(), name, d, atol);
        TensorAssert.assertClose(ref, name, actual, atol);
    }

    public static void assertCloseLogged(String what, float[] expected, float[] actual, double atol) {
        System.out.printf("parity %s: max|diff| %.3g (atol %.0e)%n", what, TensorAssert.maxAbsDiff(expected, actual), atol);
        TensorAssert.assertClose(what, expected, actual, atol);
    }
}
