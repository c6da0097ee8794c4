package dev.seedframe.engine.rng;

/**
 * A Java re-implementation of PyTorch's CPU generator ({@code torch.Generator("cpu")}): the MT19937
 * engine and the {@code randn} kernels, so that {@code new TorchCpuGenerator(s).randn(n)} equals
 * {@code torch.randn(n, generator=torch.Generator("cpu").manual_seed(s))} in float32.
 *
 * <p>Why not DJL's {@code randomNormal}: libtorch's generator is process-global, so two generations
 * running at once would interleave their draws (docs/STACK.md). Each request owns one of these
 * instead. The transcendental functions come from {@link StrictMath}, so a seed gives the same noise
 * on every machine and OS; libtorch's own vectorised kernel may differ from it by one or two float
 * ULPs (measured against the golden draws: see {@code TorchCpuGeneratorTest}).
 *
 * <p>Seeds: torch accepts any 64-bit seed but MT19937 is initialised with its low 32 bits only,
 * so seeds that differ only above bit 31 give identical noise, exactly as in torch.
 *
 * <p>Not thread-safe; one instance per generation.
 */
public final class TorchCpuGenerator {

    /** Identifies this noise source in recorded generations. */
    public static final String ALGORITHM = "torch-cpu-mt19937-randn/v1";

    /** Identifies {@link #randnBf16}, the noise of bf16 runs. */
    public static final String ALGORITHM_BF16 = "torch-cpu-mt19937-randn-bf16/v1";

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UMASK = 0x80000000;
    private static final int LMASK = 0x7fffffff;

    /** {@code 2.0f * c10::pi<double>} rounded to float, as the AVX2 kernel holds it. */
    private static final float TWO_PI_F = (float) (2.0 * Math.PI);

    private final long seed;
    private final int[] state = new int[N];
    private int left;
    private int next;
    private boolean hasCachedDoubleNormal;
    private double cachedDoubleNormal;

    public TorchCpuGenerator(long seed) {
        this.seed = seed;
        state[0] = (int) (seed & 0xffffffffL);
        for (int j = 1; j < N; j++) {
            int prev = state[j - 1];
            state[j] = 1812433253 * (prev ^ (prev >>> 30)) + j;
        }
        left = 1;
        next = 0;
    }

    public long seed() {
        return seed;
    }

    /** The next 32 random bits (unsigned, in an int). */
    public int nextInt32() {
        if (--left == 0) {
            nextState();
        }
        int y = state[next++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y;
    }

    /** torch's {@code random64()}: two draws, the first in the high half. */
    public long nextInt64() {
        long hi = nextInt32() & 0xffffffffL;
        long lo = nextInt32() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    private void nextState() {
        left = N;
        next = 0;
        int p = 0;
        for (int j = N - M + 1; --j > 0; p++) {
            state[p] = state[p + M] ^ twist(state[p], state[p + 1]);
        }
        for (int j = M; --j > 0; p++) {
            state[p] = state[p + M - N] ^ twist(state[p], state[p + 1]);
        }
        state[p] = state[p + M - N] ^ twist(state[p], state[0]);
    }

    private static int twist(int u, int v) {
        int mix = (u & UMASK) | (v & LMASK);
        return (mix >>> 1) ^ ((v & 1) != 0 ? MATRIX_A : 0);
    }

    /** {@code uniform_real_distribution<float>(0, 1)}: 24 random bits scaled by 2^-24. */
    public float nextUniformFloat() {
        return (nextInt32() & 0xffffff) * 0x1p-24f;
    }

    /** {@code uniform_real_distribution<double>(0, 1)}: 53 random bits scaled by 2^-53. */
    public double nextUniformDouble() {
        return (nextInt64() & ((1L << 53) - 1)) * 0x1p-53;
    }

    /** {@code normal_distribution<double>(0, 1)} with torch's cached second Box-Muller value. */
    public double nextNormalDouble() {
        if (hasCachedDoubleNormal) {
            hasCachedDoubleNormal = false;
            return cachedDoubleNormal;
        }
        double u1 = nextUniformDouble();
        double u2 = nextUniformDouble();
        double r = Math.sqrt(-2.0 * StrictMath.log1p(-u2));
        double theta = 2.0 * Math.PI * u1;
        cachedDoubleNormal = r * StrictMath.sin(theta);
        hasCachedDoubleNormal = true;
        return r * StrictMath.cos(theta);
    }

    /**
     * {@code torch.randn(n)} in float32, consuming the generator exactly as torch does: tensors of at
     * least 16 elements take the batched Box-Muller path (uniforms for the whole tensor first, then
     * pairs 8 apart within each block of 16; a ragged tail is redrawn as a final block of 16),
     * smaller ones the scalar double path.
     */
    public float[] randn(int n) {
        float[] data = new float[n];
        if (n >= 16) {
            for (int i = 0; i < n; i++) {
                data[i] = nextUniformFloat();
            }
            for (int i = 0; i + 16 <= n; i += 16) {
                normalFill16(data, i);
            }
            if (n % 16 != 0) {
                int base = n - 16;
                for (int i = 0; i < 16; i++) {
                    data[base + i] = nextUniformFloat();
                }
                normalFill16(data, base);
            }
        } else {
            for (int i = 0; i < n; i++) {
                data[i] = (float) nextNormalDouble();
            }
        }
        return data;
    }

    /** {@code torch.randn(shape)}: the element count is all that matters for the stream. */
    public float[] randn(long... shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return randn(Math.toIntExact(n));
    }

    /**
     * {@code torch.randn(n, dtype=torch.bfloat16)} on the CPU generator, as diffusers draws the initial
     * latents when the pipeline runs in bf16 ({@code randn_tensor(..., dtype=prompt_embeds.dtype)}). This is
     * NOT the float32 draw rounded: ATen's CPU {@code normal_kernel} sends every dtype other than float to
     * the generic {@code normal_fill<scalar_t>} ({@code aten/src/ATen/native/cpu/DistributionTemplates.h}),
     * which for {@code scalar_t = c10::BFloat16}
     *
     * <ul>
     *   <li>draws each uniform with {@code uniform_real_distribution<BFloat16>}: one 32-bit draw, its low
     *       {@code numeric_limits<BFloat16>::digits} = 8 bits times 2^-8 ({@code
     *       transformation::uniform_real}), so only 256 distinct uniforms (one MT draw per element, against
     *       24 bits per draw for float32);
     *   <li>runs {@code normal_fill_16} in BFloat16 arithmetic: {@code u1 = 1 - u}, {@code radius =
     *       sqrt(-2·log(u1))} and {@code cos/sin} with every {@code std::} math call evaluated in float and
     *       rounded to bf16 ({@code c10/util/BFloat16-math.h}), every bf16·bf16 product rounded to bf16
     *       ({@code BFloat16-inl.h}), and {@code theta = 2.0f·π(double)·u2} computed in double then stored
     *       as bf16 through float (two roundings);
     *   <li>keeps the same block structure as float32: uniforms for the whole tensor first, then blocks of
     *       16 pairing j with j+8, and a ragged tail redrawn as a final block of 16; tensors under 16
     *       elements take the double Box-Muller path, each value rounded to bf16 through float.
     * </ul>
     *
     * Source-level reimplementation from reading ATen (libtorch 2.7); each value is exactly representable
     * in bf16 (returned as floats). Confirmed bit for bit (2,326 values, 5 seeds, sizes 5 to 1,024, ragged
     * tails included) against libtorch 2.7.1's own {@code randn_like(x, dtype=torch.bfloat16)} in {@code
     * TorchCpuGeneratorBf16Test}; {@code std::log/cos/sin} of another platform's libm may differ from
     * {@link StrictMath} by an ulp in float, which after rounding to bf16 can change a value only in rare
     * ties.
     */
    public float[] randnBf16(int n) {
        float[] data = new float[n];
        if (n >= 16) {
            for (int i = 0; i < n; i++) {
                data[i] = nextUniformBf16();
            }
            for (int i = 0; i + 16 <= n; i += 16) {
                normalFill16Bf16(data, i);
            }
            if (n % 16 != 0) {
                int base = n - 16;
                for (int i = 0; i < 16; i++) {
                    data[base + i] = nextUniformBf16();
                }
                normalFill16Bf16(data, base);
            }
        } else {
            for (int i = 0; i < n; i++) {
                data[i] = BFloat16.round(nextNormalDouble());
            }
        }
        return data;
    }

    /** {@link #randnBf16(int)} for a shape. */
    public float[] randnBf16(long... shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return randnBf16(Math.toIntExact(n));
    }

    /** {@code uniform_real_distribution<BFloat16>(0, 1)}: the low 8 bits of one draw times 2^-8 (exact in bf16). */
    public float nextUniformBf16() {
        return (nextInt32() & 0xff) * 0x1p-8f;
    }

    /** One block of 16 of {@code normal_fill_16<c10::BFloat16>} (mean 0, std 1). */
    private static void normalFill16Bf16(float[] data, int off) {
        for (int j = 0; j < 8; j++) {
            float u1 = BFloat16.round(1f - data[off + j]); // int - BFloat16 -> BFloat16 (exact here)
            float u2 = data[off + j + 8];
            float log = BFloat16.round((float) StrictMath.log(u1)); // std::log(BFloat16) -> BFloat16
            float minus2log = BFloat16.round(-2f * log); // int * BFloat16 -> BFloat16
            float radius = BFloat16.round((float) Math.sqrt(minus2log)); // std::sqrt(BFloat16)
            float theta = BFloat16.round((double) 2.0f * Math.PI * (double) u2); // double -> float -> bf16
            float cos = BFloat16.round((float) StrictMath.cos(theta));
            float sin = BFloat16.round((float) StrictMath.sin(theta));
            // radius * cos * std + mean, each bf16 op rounded; std = 1 changes nothing, and adding mean = +0
            // turns a -0 product into +0 (as in torch)
            data[off + j] = BFloat16.round(radius * cos) + 0f;
            data[off + j + 8] = BFloat16.round(radius * sin) + 0f;
        }
    }

    /** One block of 16: f32 arithmetic as in torch's AVX2 {@code normal_fill_16}. */
    private static void normalFill16(float[] data, int off) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1.0f - data[off + j];
            float u2 = data[off + j + 8];
            float radius = (float) Math.sqrt(-2.0f * (float) StrictMath.log(u1));
            float theta = TWO_PI_F * u2;
            data[off + j] = radius * (float) StrictMath.cos(theta);
            data[off + j + 8] = radius * (float) StrictMath.sin(theta);
        }
    }
}
