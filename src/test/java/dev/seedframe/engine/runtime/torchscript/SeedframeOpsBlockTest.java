package dev.seedframe.engine.runtime.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.nn.MatMulAttention;
import dev.seedframe.engine.rng.BFloat16;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The helper functions the bf16 transformer and pipeline are built from: in f32 they equal the DJL code of
 * the f32 path (exactly, or within float noise for the fused kernels); in bf16 they round after every op,
 * as torch does and as a Java model of the same ops predicts bit for bit.
 */
@Tag("unit")
class SeedframeOpsBlockTest {

    static NDManager manager;
    static SeedframeOps ops;

    @BeforeAll
    static void load() throws Exception {
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
        Random r = new Random(seed);
        int n = (int) new Shape(shape).size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return manager.create(v, new Shape(shape));
    }

    @Test
    void modulateAndGatedResidualEqualTheF32Formulas() {
        NDArray x = randn(1, 2, 5, 8);
        NDArray shift = randn(2, 2, 1, 8);
        NDArray scale = randn(3, 2, 1, 8);
        assertArrayEquals(x.mul(scale.add(1f)).add(shift).toFloatArray(), ops.modulate(x, shift, scale).toFloatArray());
        assertArrayEquals(x.add(scale.mul(shift)).toFloatArray(), ops.addGated(x, scale, shift).toFloatArray());
    }

    @Test
    void modulateRoundsAfterEveryOpInBf16() {
        float[] xv = {1.2345f, -3.75f, 0.015625f, 100.3f};
        float[] sv = {0.0078125f, 0.3333f, -0.5f, 2.7f};
        float[] hv = {0.001f, -7.1f, 0.25f, -0.3f};
        Bf16 bf16 = new Bf16(ops);
        NDArray x = bf16.fromFloats(manager, xv, new Shape(4));
        NDArray scale = bf16.fromFloats(manager, sv, new Shape(4));
        NDArray shift = bf16.fromFloats(manager, hv, new Shape(4));
        float[] got = bf16.toFloatArray(ops.modulate(x, shift, scale));
        for (int i = 0; i < 4; i++) {
            float xb = BFloat16.round(xv[i]);
            float onePlus = BFloat16.round(1f + BFloat16.round(sv[i]));
            float expected = BFloat16.round(BFloat16.round(xb * onePlus) + BFloat16.round(hv[i]));
            assertEquals(expected, got[i], "element " + i);
        }
    }

    @Test
    void ropePairsEqualsTheF32RotationOfTheAttention() throws Exception {
        NDArray x = randn(4, 2, 6, 3, 8); // [B, L, H, K]
        NDArray angles = randn(5, 6, 1, 4); // [L, 1, P]
        NDArray cos = angles.cos();
        NDArray sin = angles.sin();
        NDArray expected = TestRuntime.f32().ropePairs(x, cos, sin);
        assertTrue(TensorAssert.maxAbsDiff(expected.toFloatArray(), ops.ropePairs(x, cos, sin).toFloatArray()) < 1e-6);
    }

    @Test
    void jointSdpaEqualsConcatenatedAttentionWithAndWithoutMask() {
        long b = 2;
        long t = 3;
        long n = 5;
        long h = 2;
        long k = 4;
        NDArray tq = randn(6, b, t, h, k);
        NDArray iq = randn(7, b, n, h, k);
        NDArray tk = randn(8, b, t, h, k);
        NDArray ik = randn(9, b, n, h, k);
        NDArray tv = randn(10, b, t, h, k);
        NDArray iv = randn(11, b, n, h, k);
        float[] m = new float[(int) (b * (t + n))];
        m[(int) (t + n) + 2] = Float.NEGATIVE_INFINITY; // sample 1: last text token is padding
        NDArray mask = manager.create(m, new Shape(b, 1, 1, t + n));
        for (NDArray am : new NDArray[] {null, mask}) {
            NDArray q = tq.concat(iq, 1).transpose(0, 2, 1, 3);
            NDArray kk = tk.concat(ik, 1).transpose(0, 2, 1, 3);
            NDArray v = tv.concat(iv, 1).transpose(0, 2, 1, 3);
            NDArray expected = MatMulAttention.matMulSoftmax(q, kk, v, am, 0.5f).transpose(0, 2, 1, 3)
                    .reshape(b, t + n, h * k);
            NDArray got = ops.jointSdpa(tq, iq, tk, ik, tv, iv, am, 0.5f);
            assertEquals(expected.getShape(), got.getShape());
            assertTrue(TensorAssert.maxAbsDiff(expected.toFloatArray(), got.toFloatArray()) < 1e-5);
        }
    }

    @Test
    void eulerStepEqualsTheSchedulerInF32AndRoundsTheProductFirstInBf16() {
        NDArray sample = randn(12, 16);
        NDArray v = randn(13, 16);
        float dt = -0.2371f;
        assertArrayEquals(v.mul(dt).add(sample).toFloatArray(), ops.eulerStep(sample, v, dt).toFloatArray());
        Bf16 bf16 = new Bf16(ops);
        float[] sv = bf16.toFloatArray(bf16.toBf16(sample));
        float[] vv = bf16.toFloatArray(bf16.toBf16(v));
        float[] got = bf16.toFloatArray(ops.eulerStep(bf16.toBf16(sample), bf16.toBf16(v), dt));
        for (int i = 0; i < 16; i++) {
            assertEquals(BFloat16.round(sv[i] + BFloat16.round(dt * vv[i])), got[i], "element " + i);
        }
    }

    @Test
    void trueCfgEqualsThePipelineFormulaInF32() {
        NDArray cond = randn(14, 1, 6, 8);
        NDArray uncond = randn(15, 1, 6, 8);
        NDArray comb = cond.sub(uncond).mul(4f).add(uncond);
        NDArray expected = comb.mul(cond.norm(new int[] {-1}, true).div(comb.norm(new int[] {-1}, true)));
        assertTrue(TensorAssert.maxAbsDiff(expected.toFloatArray(), ops.trueCfg(cond, uncond, 4.0).toFloatArray())
                < 1e-5);
    }

    @Test
    void requireNotBf16RefusesWithAMessageNamingTheCode() {
        NDArray f32 = randn(16, 3);
        NDArray b = new Bf16(ops).toBf16(f32);
        Bf16GuardException e = assertThrows(Bf16GuardException.class,
                () -> Bf16.requireNotBf16("FlowMatchEulerScheduler.step", f32, b));
        assertTrue(e.getMessage().contains("FlowMatchEulerScheduler.step"), e.getMessage());
        assertTrue(e.getMessage().contains("argument 1"), e.getMessage());
        assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> Bf16.requireNotBf16("x", f32, null));
    }
}
