package dev.seedframe.engine.runtime.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.AttentionChoice;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.nn.AttentionKernel;
import dev.seedframe.engine.nn.FusedAttention;
import dev.seedframe.engine.nn.MatMulAttention;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attention kernels: which one an {@link AttentionChoice} gives, and what each computes. */
class FusedAttentionTest {

    static NDManager manager;
    static SeedframeOps ops;

    @BeforeAll
    static void start() throws Exception {
        manager = DjlRuntime.newCpuManager();
        ops = TestRuntime.helper();
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    static NDArray randn(long seed, long... shape) {
        return manager.create(SeedframeOpsTest.gaussian(seed, (int) new Shape(shape).size(), 1.0), new Shape(shape));
    }

    @Test
    void theDefaultChoiceRunsTheFusedKernel() {
        AttentionKernel kernel = AttentionKernel.choose(TestRuntime.get(), AttentionChoice.FUSED);
        assertTrue(kernel instanceof FusedAttention);
        assertEquals("sdpa (fused, TorchScript)", kernel.describe());
        NDArray q = randn(1, 1, 2, 9, 8);
        NDArray viaSdpa = kernel.sdpa(q, q, q, null, 0.3f);
        assertArrayEquals(ops.sdpa(q, q, q, null, 0.3f).toFloatArray(), viaSdpa.toFloatArray());
    }

    @Test
    void theMatMulChoiceRunsMatMulSoftmax() {
        NDArray q = randn(2, 1, 2, 9, 8);
        NDArray k = randn(3, 1, 2, 9, 8);
        AttentionKernel kernel = AttentionKernel.choose(TestRuntime.get(), AttentionChoice.MATMUL);
        assertEquals("matmul-softmax", kernel.describe());
        assertArrayEquals(MatMulAttention.matMulSoftmax(q, k, k, null, 0.3f).toFloatArray(),
                kernel.sdpa(q, k, k, null, 0.3f).toFloatArray());
    }

    @Test
    void anUnknownChoiceOrComputeDtypeIsRefusedByName() {
        IllegalArgumentException impl = assertThrows(IllegalArgumentException.class,
                () -> AttentionChoice.parse("flash"));
        assertTrue(impl.getMessage().contains("'flash'"), impl.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> new FusedAttention(ops, TorchDtype.FLOAT32));
        assertTrue(dtype.getMessage().contains("FLOAT32"), dtype.getMessage());
    }

    @Test
    void halfPrecisionComputeReturnsTheInputDtype() {
        NDArray q = randn(5, 1, 2, 16, 16);
        float[] ref = new FusedAttention(ops).sdpa(q, q, q, null, 0.25f).toFloatArray();
        for (TorchDtype dtype : new TorchDtype[] {TorchDtype.BFLOAT16, TorchDtype.FLOAT16}) {
            FusedAttention kernel = new FusedAttention(ops, dtype);
            NDArray out = kernel.sdpa(q, q, q, null, 0.25f);
            assertEquals(DataType.FLOAT32, out.getDataType(), dtype.toString());
            assertTrue(kernel.describe().endsWith(dtype == TorchDtype.BFLOAT16 ? " in bf16" : " in f16"));
            double d = TensorAssert.maxAbsDiff(ref, out.toFloatArray());
            assertTrue(d > 0 && d < 0.05, dtype + " attention off by " + d);
        }
    }

    @Test
    void bf16AttendsWithTheFusedKernelWhateverTheChoice() {
        assertTrue(TestRuntime.ops(Precision.BF16, AttentionChoice.MATMUL).attention() instanceof FusedAttention);
    }

    @Test
    void theMatMulKernelChunksLongQueriesWithoutChangingTheResult() {
        // 6,000 queries × 6,000 keys exceed the score budget: two chunks, each with its rows of a per-query mask
        int s = 6000;
        NDArray q = randn(7, 1, 1, s, 4);
        float[] mask = new float[s * s];
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                mask[i * s + j] = -1e9f; // causal
            }
        }
        NDArray m = manager.create(mask, new Shape(1, 1, s, s));
        assertTrue((long) s * s > MatMulAttention.SCORE_BUDGET);
        float[] whole = MatMulAttention.matMulSoftmax(q, q, q, m, 0.5f).toFloatArray();
        TensorAssert.assertClose("chunked", whole, new MatMulAttention().sdpa(q, q, q, m, 0.5f).toFloatArray(), 1e-6);
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
            ai.djl.ndarray.NDArray out = new dev.seedframe.engine.nn.FusedAttention(ops).sdpa(p.get(0).expandDims(1),
                    p.get(1).expandDims(1), p.get(2).expandDims(1), null, 0.25f);
            long grown = dev.seedframe.service.MemoryProbe.peakRssBytes() - before;
            org.junit.jupiter.api.Assertions.assertEquals(n, out.getShape().get(2));
            org.junit.jupiter.api.Assertions.assertTrue(grown < 1L << 30, "peak memory grew by " + (grown >> 20) + " MiB");

            ai.djl.ndarray.NDArray small = m.randomNormal(new ai.djl.ndarray.types.Shape(1, 3 * c, 300)).transpose(0, 2, 1);
            ai.djl.ndarray.NDList s3 = small.split(3, 2);
            ai.djl.ndarray.NDArray fused = new dev.seedframe.engine.nn.FusedAttention(ops).sdpa(s3.get(0).expandDims(1),
                    s3.get(1).expandDims(1), s3.get(2).expandDims(1), null, 0.25f);
            ai.djl.ndarray.NDArray ref = dev.seedframe.engine.nn.MatMulAttention.matMulSoftmax(s3.get(0).expandDims(1),
                    s3.get(1).expandDims(1), s3.get(2).expandDims(1), null, 0.25f);
            dev.seedframe.testing.TensorAssert.assertClose("strided", ref.toFloatArray(), fused.toFloatArray(), 1e-5);
        }
    }
}
