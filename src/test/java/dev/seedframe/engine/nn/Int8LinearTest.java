package dev.seedframe.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.TestRuntime;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class Int8LinearTest {

    @Test
    void scalesArePerOutputChannelMaxOver127() throws Exception {
        try (NDManager m = DjlRuntime.newCpuManager()) {
            NDArray w = m.create(new float[] {1f, -2.54f, 0.5f, 0f, 0f, 0f, 0.1f, 0.2f, -0.3f}, new Shape(3, 3));
            Int8Linear q = Int8Linear.quantize(w, m);
            float[] s = q.scales().toFloatArray();
            assertEquals(3, s.length);
            assertEquals(2.54f / 127, s[0], 1e-7f);
            assertEquals(1f, s[1], 0f, "an all-zero row keeps scale 1");
            assertEquals(0.3f / 127, s[2], 1e-7f);
            assertEquals(DataType.INT8, q.codes().getDataType());
            assertArrayEquals(new byte[] {50, -127, 25, 0, 0, 0, 42, 85, -127}, q.codes().toByteArray());
            assertEquals(9 + 12, q.bytes());
        }
    }

    @Test
    void roundTripErrorIsAtMostHalfAStepPerRow() throws Exception {
        Random r = new Random(3);
        int out = 64;
        int in = 96;
        float[] v = new float[out * in];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * (1 + i / in)); // rows with different ranges
        }
        try (NDManager m = DjlRuntime.newCpuManager()) {
            NDArray w = m.create(v, new Shape(out, in));
            Int8Linear q = Int8Linear.quantize(w, m);
            float[] back = q.dequantize().toFloatArray();
            for (int o = 0; o < out; o++) {
                double absMax = 0;
                for (int i = 0; i < in; i++) {
                    absMax = Math.max(absMax, Math.abs(v[o * in + i]));
                }
                double bound = Int8Linear.maxRoundTripError(absMax) * (1 + 1e-5);
                for (int i = 0; i < in; i++) {
                    double err = Math.abs(back[o * in + i] - v[o * in + i]);
                    assertTrue(err <= bound, "row " + o + " col " + i + ": error " + err + " > " + bound);
                }
            }
        }
    }

    @Test
    void quantisedLinearMatchesTheDequantisedWeightAndStaysCloseToF32() throws Exception {
        Random r = new Random(5);
        float[] v = new float[32 * 48];
        float[] x = new float[4 * 48];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * 0.05f;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (NDManager m = DjlRuntime.newCpuManager()) {
            NDArray w = m.create(v, new Shape(32, 48));
            NDArray b = m.zeros(new Shape(32));
            NDArray xs = m.create(x, new Shape(4, 48));
            Int8Linear q = Int8Linear.quantize(w, m);
            float[] exact = ai.djl.nn.core.Linear.linear(xs, w, b).singletonOrThrow().toFloatArray();
            float[] viaDequant = ai.djl.nn.core.Linear.linear(xs, q.dequantize(), b).singletonOrThrow().toFloatArray();
            float[] got = q.apply(TestRuntime.f32(), xs, b).toFloatArray();
            assertArrayEquals(viaDequant, got, 0f);
            double num = 0;
            double den = 0;
            for (int i = 0; i < exact.length; i++) {
                num += (got[i] - exact[i]) * (got[i] - exact[i]);
                den += exact[i] * exact[i];
            }
            assertTrue(Math.sqrt(num / den) < 0.01, "relative error " + Math.sqrt(num / den));
        }
    }
}
