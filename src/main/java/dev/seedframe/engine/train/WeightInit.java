package dev.seedframe.engine.train;

import java.util.SplittableRandom;

/**
 * Initial values of a new component's parameters, chosen from the checkpoint name and shape alone, and
 * drawn from a stream of their own (the seed mixed with the name), so that a model starts identically
 * whatever order its parameters are declared in.
 *
 * <ul>
 *   <li>biases 0; norm scales ({@code *.weight} of rank 1, VAE {@code gamma}) 1;
 *   <li>matrices and convolution kernels normal with standard deviation {@code 1/√fan_in} (fan-in over
 *       the input channels and the spatial taps);
 *   <li>the causal 3D convolutions of the VAE: only the last temporal tap is drawn, the earlier taps are
 *       0, so the VAE treats every frame on its own (it is trained on still images, which only ever meet
 *       the last tap);
 *   <li>the transformer's modulations ({@code img_mod}, {@code txt_mod}, {@code norm_out.linear}) and its
 *       output projection ({@code proj_out}) 0, so that every block starts as the identity (DiT's
 *       adaLN-Zero).
 * </ul>
 */
final class WeightInit {

    private WeightInit() {}

    /** The initial values of parameter {@code key} of {@code shape}, row-major. */
    static float[] values(String key, long[] shape, long seed) {
        int n = Math.toIntExact(numel(shape));
        float[] out = new float[n];
        if (key.endsWith(".bias") || zeroInit(key)) {
            return out;
        }
        if (key.endsWith("gamma") || (shape.length == 1 && key.endsWith(".weight"))) {
            java.util.Arrays.fill(out, 1f);
            return out;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + key.hashCode());
        if (shape.length == 5) {
            // [O, I, T, K, K]: draw the last temporal tap only
            long taps = shape[2];
            long spatial = shape[3] * shape[4];
            double std = 1.0 / Math.sqrt(shape[1] * spatial);
            for (int o = 0; o < shape[0]; o++) {
                for (int i = 0; i < shape[1]; i++) {
                    long base = ((o * shape[1] + i) * taps + (taps - 1)) * spatial;
                    for (int s = 0; s < spatial; s++) {
                        out[(int) (base + s)] = (float) (random.nextGaussian() * std);
                    }
                }
            }
            return out;
        }
        long fanIn = 1;
        for (int d = 1; d < shape.length; d++) {
            fanIn *= shape[d];
        }
        double std = shape.length == 2 && shape[0] == DemoConfigs.QWEN_VOCAB_SIZE ? 1.0 : 1.0 / Math.sqrt(fanIn);
        for (int i = 0; i < n; i++) {
            out[i] = (float) (random.nextGaussian() * std);
        }
        return out;
    }

    /** The adaLN-Zero parameters: the modulations and the output projection of the transformer. */
    private static boolean zeroInit(String key) {
        return key.contains("img_mod.") || key.contains("txt_mod.") || key.startsWith("norm_out.linear.")
                || key.startsWith("proj_out.");
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
