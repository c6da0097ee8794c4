package dev.seedframe.engine.rng;

import static dev.seedframe.testing.TensorAssert.assertClose;
import static dev.seedframe.testing.TensorAssert.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("parity")
class TorchCpuGeneratorTest {

    /** Fixture README: randn draws within 1e-6 (SIMD dispatch can move a few ULPs). */
    static final double RANDN_ATOL = 1e-6;

    @Test
    void matchesEveryGoldenDraw() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("rng_reference.safetensors"))) {
            check(ref, "randn_seed42_1x1x16x4x4", 42);
            check(ref, "randn_seed42_5", 42);
            check(ref, "randn_seed42_15", 42);
            check(ref, "randn_seed42_16", 42);
            check(ref, "randn_seed42_17", 42);
            check(ref, "randn_seed42_1x1x4x8x8", 42);
            check(ref, "randn_seed7_1x4x1x16x16", 7);
            check(ref, "randn_seed0_2x3", 0);
        }
    }

    private static void check(SafetensorsFile ref, String name, long seed) throws Exception {
        long[] shape = ref.info(name).shape();
        assertClose(name, floats(ref, name), new TorchCpuGenerator(seed).randn(shape), RANDN_ATOL);
    }

    @Test
    void consecutiveDrawsContinueTheStream() {
        try (SafetensorsFile ref = Golden.open(Golden.component("rng_reference.safetensors"))) {
            TorchCpuGenerator g = new TorchCpuGenerator(11);
            assertClose("first", floats(ref, "seq_seed11.first_1x4x1x16x16"), g.randn(1, 4, 1, 16, 16), RANDN_ATOL);
            assertClose("second", floats(ref, "seq_seed11.second_1x1x4x16x16"), g.randn(1, 1, 4, 16, 16), RANDN_ATOL);
        }
    }

    @Test
    void largeLatentDrawMatchesHeadTailAndSum() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("rng_reference.safetensors"))) {
            float[] all = new TorchCpuGenerator(0).randn(1, 1, 16, 128, 128);
            assertClose("first64", floats(ref, "big_seed0_1x1x16x128x128.first64"), Arrays.copyOf(all, 64), RANDN_ATOL);
            assertClose("last64", floats(ref, "big_seed0_1x1x16x128x128.last64"),
                    Arrays.copyOfRange(all, all.length - 64, all.length), RANDN_ATOL);
            double sum = 0;
            for (float v : all) {
                sum += v;
            }
            assertEquals(-888.9204999630147, sum, 1e-3);
        }
    }

    @Test
    void onlyTheLow32BitsOfTheSeedCount() {
        long seed = 42;
        long high = seed | (0x7fff_ffffL << 32);
        assertArrayEquals(new TorchCpuGenerator(seed).randn(64), new TorchCpuGenerator(high).randn(64));
        assertArrayEquals(new TorchCpuGenerator(Long.MAX_VALUE).randn(32),
                new TorchCpuGenerator(0xffff_ffffL).randn(32));
    }

    @Test
    void differentSeedsGiveDifferentNoise() {
        assertFalse(Arrays.equals(new TorchCpuGenerator(1).randn(64), new TorchCpuGenerator(2).randn(64)));
    }

    @Test
    void agreesWithLibtorchThroughDjl() throws Exception {
        // DJL's randomNormal runs libtorch 2.7.1's own kernel on the global generator.
        try (NDManager m = DjlRuntime.newCpuManager()) {
            for (int seed : new int[] {0, 42, 1234}) {
                for (long[] shape : new long[][] {{5}, {17}, {1, 1, 16, 8, 8}}) {
                    float[] torch;
                    synchronized (DjlRuntime.class) {
                        DjlRuntime.engine().setRandomSeed(seed);
                        try (NDArray a = m.randomNormal(new Shape(shape))) {
                            torch = a.toFloatArray();
                        }
                    }
                    assertClose("seed " + seed + " " + Arrays.toString(shape), torch,
                            new TorchCpuGenerator(seed).randn(shape), RANDN_ATOL);
                }
            }
        }
    }

    @Test
    void concurrentGenerationsDoNotDisturbEachOther() throws Exception {
        float[] expectedA = new TorchCpuGenerator(5).randn(1, 1, 16, 32, 32);
        float[] expectedB = new TorchCpuGenerator(6).randn(1, 1, 16, 32, 32);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int trial = 0; trial < 50; trial++) {
                Callable<float[]> a = () -> new TorchCpuGenerator(5).randn(1, 1, 16, 32, 32);
                Callable<float[]> b = () -> new TorchCpuGenerator(6).randn(1, 1, 16, 32, 32);
                Future<float[]> fa = pool.submit(a);
                Future<float[]> fb = pool.submit(b);
                assertArrayEquals(expectedA, fa.get());
                assertArrayEquals(expectedB, fb.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
