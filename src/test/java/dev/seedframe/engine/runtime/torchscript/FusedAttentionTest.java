package dev.seedframe.engine.runtime.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.nn.Attention;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.TensorAssert;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Attention#sdpa}: which implementation runs, and the switches that choose it. */
class FusedAttentionTest {

    static NDManager manager;
    static SeedframeOps ops;

    @BeforeAll
    static void start() throws Exception {
        manager = DjlRuntime.newCpuManager();
        ops = SeedframeOps.get();
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    static <T> T withProperty(String name, String value, Supplier<T> body) {
        String previous = System.getProperty(name);
        System.setProperty(name, value);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, previous);
            }
        }
    }

    static NDArray randn(long seed, long... shape) {
        return manager.create(SeedframeOpsTest.gaussian(seed, (int) new Shape(shape).size(), 1.0), new Shape(shape));
    }

    @Test
    void sdpaRunsTheFusedKernelByDefault() {
        assertTrue(Attention.isFused());
        NDArray q = randn(1, 1, 2, 9, 8);
        NDArray viaSdpa = Attention.sdpa(q, q, q, null, 0.3f);
        assertArrayEquals(ops.sdpa(q, q, q, null, 0.3f).toFloatArray(), viaSdpa.toFloatArray());
    }

    @Test
    void thePropertyForcesMatMulSoftmax() {
        NDArray q = randn(2, 1, 2, 9, 8);
        NDArray k = randn(3, 1, 2, 9, 8);
        float[] forced = withProperty(Attention.IMPLEMENTATION_PROPERTY, "matmul", () -> {
            assertFalse(Attention.isFused());
            return Attention.sdpa(q, k, k, null, 0.3f).toFloatArray();
        });
        assertArrayEquals(Attention.matMulSoftmax(q, k, k, null, 0.3f).toFloatArray(), forced);
        assertTrue(Attention.isFused());
    }

    @Test
    void anUnknownImplementationOrDtypeIsRefusedByName() {
        NDArray q = randn(4, 1, 1, 2, 4);
        IllegalStateException impl = assertThrows(IllegalStateException.class,
                () -> withProperty(Attention.IMPLEMENTATION_PROPERTY, "flash",
                        () -> Attention.sdpa(q, q, q, null, 1f)));
        assertTrue(impl.getMessage().contains("'flash'"), impl.getMessage());
        IllegalStateException dtype = assertThrows(IllegalStateException.class,
                () -> withProperty(Attention.COMPUTE_DTYPE_PROPERTY, "fp8", () -> Attention.sdpa(q, q, q, null, 1f)));
        assertTrue(dtype.getMessage().contains("'fp8'"), dtype.getMessage());
    }

    @Test
    void halfPrecisionComputeReturnsTheInputDtype() {
        NDArray q = randn(5, 1, 2, 16, 16);
        float[] ref = Attention.sdpa(q, q, q, null, 0.25f).toFloatArray();
        for (String dtype : new String[] {"bf16", "f16"}) {
            NDArray out = withProperty(Attention.COMPUTE_DTYPE_PROPERTY, dtype,
                    () -> Attention.sdpa(q, q, q, null, 0.25f));
            assertEquals(DataType.FLOAT32, out.getDataType(), dtype);
            double d = TensorAssert.maxAbsDiff(ref, out.toFloatArray());
            assertTrue(d > 0 && d < 0.05, dtype + " attention off by " + d);
        }
    }

    @Test
    void theMatMulFallbackTakesBf16WithoutAborting() {
        NDArray qb = ops.toBf16(randn(6, 1, 2, 8, 8));
        NDArray out = withProperty(Attention.IMPLEMENTATION_PROPERTY, "matmul",
                () -> Attention.sdpa(qb, qb, qb, null, 0.35f));
        assertEquals(TorchDtype.BFLOAT16, ops.dtype(out));
        double d = TensorAssert.maxAbsDiff(ops.toF32(ops.sdpa(qb, qb, qb, null, 0.35f)).toFloatArray(),
                ops.toF32(out).toFloatArray());
        assertTrue(d < 0.05, "bf16 matMul+softmax vs fused off by " + d);
    }

    @org.junit.jupiter.api.Test
    void stridedViewsStillTakeTheMemoryLinearKernel() throws Exception {
        // q, k, v as the VAE makes them: split views of a transposed projection (last-dimension stride != 1).
        // The math kernel would need 32768² × 4 B = 4 GiB for the scores; the fused one a few MB.
        try (ai.djl.ndarray.NDManager m = dev.seedframe.engine.runtime.DjlRuntime.newCpuManager()) {
            int n = 32768;
            int c = 16;
            ai.djl.ndarray.NDArray qkv = m.randomNormal(new ai.djl.ndarray.types.Shape(1, 3 * c, n)).transpose(0, 2, 1);
            ai.djl.ndarray.NDList p = qkv.split(3, 2);
            long before = dev.seedframe.service.MemoryProbe.peakRssBytes();
            ai.djl.ndarray.NDArray out = dev.seedframe.engine.nn.Attention.sdpa(p.get(0).expandDims(1),
                    p.get(1).expandDims(1), p.get(2).expandDims(1), null, 0.25f);
            long grown = dev.seedframe.service.MemoryProbe.peakRssBytes() - before;
            org.junit.jupiter.api.Assertions.assertEquals(n, out.getShape().get(2));
            org.junit.jupiter.api.Assertions.assertTrue(grown < 1L << 30, "peak memory grew by " + (grown >> 20) + " MiB");

            ai.djl.ndarray.NDArray small = m.randomNormal(new ai.djl.ndarray.types.Shape(1, 3 * c, 300)).transpose(0, 2, 1);
            ai.djl.ndarray.NDList s3 = small.split(3, 2);
            ai.djl.ndarray.NDArray fused = dev.seedframe.engine.nn.Attention.sdpa(s3.get(0).expandDims(1),
                    s3.get(1).expandDims(1), s3.get(2).expandDims(1), null, 0.25f);
            ai.djl.ndarray.NDArray ref = dev.seedframe.engine.nn.Attention.matMulSoftmax(s3.get(0).expandDims(1),
                    s3.get(1).expandDims(1), s3.get(2).expandDims(1), null, 0.25f);
            dev.seedframe.testing.TensorAssert.assertClose("strided", ref.toFloatArray(), fused.toFloatArray(), 1e-5);
        }
    }
}
