package dev.seedframe.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kept CPU scalars give DJL's own scalar ops' results bit for bit, outlive the scopes they were made in, and die
 * with the cache that owns them.
 */
@Tag("unit")
class ConstantsTest {

    @Test
    void aKeptScalarGivesTheBitsOfDjlsScalarOpAndOutlivesScopes() throws Exception {
        try (NDManager m = DjlRuntime.newCpuManager(); Constants constants = new Constants()) {
            float[] v = new float[257];
            Random r = new Random(7);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * 3);
            }
            NDArray x = m.create(v, new Shape(257));
            NDArray half;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                half = constants.scalar(x, 0.5f);
            }
            assertFalse(half.isReleased(), "a scope does not close a kept scalar");
            assertSame(half, constants.scalar(x, 0.5f), "one tensor per value");
            assertArrayEquals(x.mul(0.5f).toFloatArray(), x.mul(half).toFloatArray());
            assertArrayEquals(x.add(1f).toFloatArray(), x.add(constants.scalar(x, 1f)).toFloatArray());
            assertArrayEquals(x.div((float) Math.sqrt(2.0)).toFloatArray(),
                    x.div(constants.scalar(x, (float) Math.sqrt(2.0))).toFloatArray());
            assertArrayEquals(x.mul(0.044715f).toFloatArray(), x.mul(constants.scalar(x, 0.044715f)).toFloatArray());
        }
    }

    @Test
    void vectorsAreMadeOncePerDeviceLengthAndValueAndFreedWithTheCache() throws Exception {
        NDArray ones;
        try (NDManager m = DjlRuntime.newCpuManager()) {
            NDArray x = m.zeros(new Shape(2, 5));
            Constants constants = new Constants();
            ones = constants.vector(x, 5, 1f);
            assertSame(ones, constants.vector(x, 5, 1f));
            assertArrayEquals(new float[] {1, 1, 1, 1, 1}, ones.toFloatArray());
            assertArrayEquals(new float[] {0, 0, 0}, constants.vector(x, 3, 0f).toFloatArray());
            constants.close();
            assertTrue(ones.isReleased(), "closing the cache frees its constants");
            assertThrows(IllegalStateException.class, () -> constants.scalar(x, 2f));
        }
    }
}
