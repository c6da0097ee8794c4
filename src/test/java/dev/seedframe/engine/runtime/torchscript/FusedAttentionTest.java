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
}
