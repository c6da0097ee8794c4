package dev.seedframe.engine.qwenimage.vae;

import static dev.seedframe.testing.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.DjlRuntime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VaeResampleTest {

    /** The phase decomposition regroups f32 sums of O(C·9) products of O(1) values. */
    static final double REGROUPING_ATOL = 1e-5;

    private static NDArray randn(NDManager m, long seed, long... shape) {
        return m.create(new TorchCpuGenerator(seed).randn(shape), new Shape(shape));
    }

    /** The reference: nearest-neighbour ×2, then a 3×3 conv with padding 1. */
    private static NDArray nearestThenConv(NDArray x, NDArray k3, NDArray bias) {
        Shape s = x.getShape();
        NDArray big = x.repeat(2, 2).repeat(3, 2); // [B, C, 2H, 2W]
        assertEquals(new Shape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3)), big.getShape());
        return Conv2d.conv2d(big, k3, bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
    }

    @Test
    void phaseConvolutionsEqualNearestUpsamplingThenConvolution() throws Exception {
        try (NDManager m = DjlRuntime.newCpuManager()) {
            NDArray k3 = randn(m, 1, 5, 6, 3, 3);
            NDArray bias = randn(m, 2, 5);
            NDArray x = randn(m, 3, 2, 6, 7, 9); // batch 2, odd and unequal sides
            NDArray expected = nearestThenConv(x, k3, bias);
            NDArray actual = VaeResample.upsampleConv(x, VaeResample.phaseKernels(k3), bias);
            assertEquals(new Shape(2, 5, 14, 18), actual.getShape());
            assertClose("upsample conv", expected.toFloatArray(), actual.toFloatArray(), REGROUPING_ATOL);
        }
    }

    @Test
    void phaseKernelsFoldTheTapsThatMeetTheSameInputPixel() throws Exception {
        try (NDManager m = DjlRuntime.newCpuManager()) {
            // one output and input channel, taps numbered 1..9 row by row
            NDArray k3 = m.arange(1f, 10f).reshape(1, 1, 3, 3);
            float[] k = VaeResample.phaseKernels(k3).toFloatArray(); // [4, 1, 2, 2]
            assertClose("phase (0,0)", new float[] {1, 2 + 3, 4 + 7, 5 + 6 + 8 + 9}, slice(k, 0), 0);
            assertClose("phase (0,1)", new float[] {1 + 2, 3, 4 + 5 + 7 + 8, 6 + 9}, slice(k, 1), 0);
            assertClose("phase (1,0)", new float[] {1 + 4, 2 + 3 + 5 + 6, 7, 8 + 9}, slice(k, 2), 0);
            assertClose("phase (1,1)", new float[] {1 + 2 + 4 + 5, 3 + 6, 7 + 8, 9}, slice(k, 3), 0);
        }
    }

    private static float[] slice(float[] k, int phase) {
        return Arrays.copyOfRange(k, 4 * phase, 4 * phase + 4);
    }
}
