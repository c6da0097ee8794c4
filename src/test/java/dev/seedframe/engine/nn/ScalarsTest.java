package dev.seedframe.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Kept CPU scalars give DJL's own scalar ops' results bit for bit, and outlive the scopes they were made in. */
@Tag("unit")
class ScalarsTest {

    @Test
    void aKeptScalarGivesTheBitsOfDjlsScalarOpAndOutlivesScopes() throws Exception {
        try (NDManager m = DjlRuntime.newCpuManager()) {
            float[] v = new float[257];
            Random r = new Random(7);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * 3);
            }
            NDArray x = m.create(v, new Shape(257));
            NDArray half;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                half = Scalars.f32(x, 0.5f);
            }
            assertFalse(half.isReleased(), "a scope does not close a kept scalar");
            assertSame(half, Scalars.f32(x, 0.5f), "one tensor per value");
            assertArrayEquals(x.mul(0.5f).toFloatArray(), x.mul(half).toFloatArray());
            assertArrayEquals(x.add(1f).toFloatArray(), x.add(Scalars.f32(x, 1f)).toFloatArray());
            assertArrayEquals(x.div((float) Math.sqrt(2.0)).toFloatArray(),
                    x.div(Scalars.f32(x, (float) Math.sqrt(2.0))).toFloatArray());
            assertArrayEquals(x.mul(0.044715f).toFloatArray(), x.mul(Scalars.f32(x, 0.044715f)).toFloatArray());
        }
    }
}
