package dev.seedframe.engine.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.runtime.torchscript.ScriptModule;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.runtime.torchscript.TorchDtype;
import dev.seedframe.engine.runtime.torchscript.TorchScriptArchive;
import dev.seedframe.testing.TestRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TorchCpuGenerator#randnBf16}: the properties of ATen's bf16 normal kernel, and the draws themselves
 * against libtorch's own {@code randn_like(x, dtype=torch.bfloat16)} (called through a test-only TorchScript
 * module, because DJL's {@code randomNormal} aborts on bf16) after {@code torch.manual_seed}.
 */
@Tag("unit")
class TorchCpuGeneratorBf16Test {

    static final String PROBE_SOURCE = """
            class RandnProbe(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self, x: Tensor) -> Tensor:
                return x
              def randn_like_dtype(self, x: Tensor, dtype: Tensor) -> Tensor:
                return torch.randn_like(x, dtype=int(dtype))
            """;

    @Test
    void everyValueIsABf16NumberAndUniformsAreMultiplesOfOneOver256() {
        TorchCpuGenerator g = new TorchCpuGenerator(42);
        for (float v : g.randnBf16(4096)) {
            assertEquals(v, BFloat16.round(v), "not a bf16 value: " + v);
        }
        TorchCpuGenerator u = new TorchCpuGenerator(1);
        for (int i = 0; i < 1000; i++) {
            float x = u.nextUniformBf16();
            assertTrue(x >= 0f && x < 1f);
            assertEquals(0f, x * 256f - Math.round(x * 256f));
        }
    }

    @Test
    void isNotTheFloat32DrawRoundedButHasUnitVariance() {
        float[] b = new TorchCpuGenerator(42).randnBf16(1 << 16);
        float[] f = new TorchCpuGenerator(42).randn(1 << 16);
        int same = 0;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == BFloat16.round(f[i])) {
                same++;
            }
            sum += b[i];
            sq += (double) b[i] * b[i];
        }
        double mean = sum / b.length;
        double std = Math.sqrt(sq / b.length - mean * mean);
        assertTrue(same < b.length / 20, same + " of " + b.length + " equal the rounded f32 draw");
        assertEquals(0.0, mean, 0.02);
        assertEquals(1.0, std, 0.02);
    }

    @Test
    void consumesOneWordPerElementAndRedrawsARaggedTailAsABlockOf16() {
        TorchCpuGenerator a = new TorchCpuGenerator(3);
        a.randnBf16(32);
        TorchCpuGenerator b = new TorchCpuGenerator(3);
        for (int i = 0; i < 32; i++) {
            b.nextInt32();
        }
        assertEquals(b.nextInt32(), a.nextInt32());
        TorchCpuGenerator c = new TorchCpuGenerator(3);
        c.randnBf16(17); // 17 uniforms, then the last 16 drawn again
        TorchCpuGenerator d = new TorchCpuGenerator(3);
        for (int i = 0; i < 33; i++) {
            d.nextInt32();
        }
        assertEquals(d.nextInt32(), c.nextInt32());
    }

    @Test
    void smallTensorsTakeTheDoublePathRoundedToBf16() {
        float[] small = new TorchCpuGenerator(0).randnBf16(5);
        TorchCpuGenerator g = new TorchCpuGenerator(0);
        for (float v : small) {
            assertEquals(BFloat16.round(g.nextNormalDouble()), v);
        }
        assertFalse(small[0] == 0f);
    }

    @Test
    void roundingIsNearestEvenLikeC10() {
        assertEquals(1.0f, BFloat16.round(1.00390625f)); // exactly half an ulp above 1: ties to even (1.0)
        assertEquals(1.015625f, BFloat16.round(1.01171875f)); // 1.5 ulps above 1: ties to the even 2 ulps
        assertEquals(Float.POSITIVE_INFINITY, BFloat16.round(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(BFloat16.round(Float.NaN)));
        assertEquals(0x3F80, BFloat16.bits(1f));
    }

    @Test
    void equalsLibtorchsOwnBf16Draw(@TempDir Path dir) throws Exception {
        ScriptModule probe = TorchScriptArchive.module("randn_probe", "__torch__.seedframe.test.RandnProbe",
                PROBE_SOURCE).load(dir);
        SeedframeOps ops = TestRuntime.helper();
        int[][] cases = {{42, 1 * 16 * 4 * 4}, {7, 4 * 16 * 16}, {0, 5}, {1, 17}, {123, 16 * 8 * 8}};
        try (NDManager m = DjlRuntime.newCpuManager()) {
            int total = 0;
            int mismatches = 0;
            for (int[] c : cases) {
                float[] expected;
                synchronized (TorchCpuGeneratorBf16Test.class) {
                    DjlRuntime.engine().setRandomSeed(c[0]);
                    NDArray like = m.zeros(new Shape(c[1]));
                    NDArray drawn = probe.call("randn_like_dtype", like, (long) TorchDtype.BFLOAT16.code());
                    assertEquals(TorchDtype.BFLOAT16, ops.dtype(drawn));
                    expected = ops.toF32(drawn).toFloatArray();
                }
                float[] actual = new TorchCpuGenerator(c[0]).randnBf16(c[1]);
                for (int i = 0; i < actual.length; i++) {
                    total++;
                    if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) { // -0 vs +0 counts
                        mismatches++;
                        System.out.printf("seed %d n %d [%d]: java %s torch %s%n", c[0], c[1], i, actual[i],
                                expected[i]);
                    }
                }
            }
            System.out.printf("randnBf16 vs libtorch: %d of %d values differ%n", mismatches, total);
            assertEquals(0, mismatches, "values that differ from libtorch's bf16 draw");
        }
    }
}
