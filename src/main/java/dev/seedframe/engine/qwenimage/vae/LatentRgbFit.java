package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Derives a {@link LatentRgbProjection} from a VAE, by least squares against the VAE's own decodes. Two kinds of
 * latents are decoded: those of synthetic images (colour sweeps, ramps, blocks of random colours, smooth waves,
 * greys), encoded (posterior mode) and normalised as the pipelines do, which is what the denoiser's estimates look
 * like late in a run; and normalised latents of unit Gaussian noise, which is what they look like early on. Each
 * latent pixel's target colour is the average of the f×f pixels the VAE decodes it to; the 3×C weights and the bias
 * are the least squares fit of the targets from the latents (a trace-scaled ridge of {@value #RIDGE} keeps a dead
 * channel from making the system singular, {@link LeastSquares}). Deterministic for a given VAE; {@value #IMAGES}
 * encodes and {@value #IMAGES} + {@value #NOISE_LATENTS} decodes of {@value #SIDE}² images, done once per VAE and kept
 * ({@code LatentRgbProjections}).
 */
public final class LatentRgbFit {

    /** Names this way of fitting; a projection stored by an earlier one is fitted again. */
    public static final String VERSION = "fit-2";

    /** Pixels on a side of each fitting image (rounded down to the VAE's factor). */
    static final int SIDE = 64;

    /** Fitting images. */
    static final int IMAGES = 8;

    /** Fitting latents of Gaussian noise. */
    static final int NOISE_LATENTS = 4;

    /** Seed of the noise latents. */
    static final long NOISE_SEED = 0x5EED;

    /** Ridge, relative to the mean diagonal of the normal equations. */
    static final double RIDGE = 1e-6;

    private LatentRgbFit() {}

    /**
     * The fitted projection and how well it fits, in [-1, 1] units.
     *
     * @param rmsError the fit's RMS error over every latent pixel and colour channel of the fitting images
     * @param constantRmsError the RMS error of the best constant colour (the targets' spread): what the latents
     *     explain is the gap between the two
     */
    public record Fitted(LatentRgbProjection projection, double rmsError, double constantRmsError) {
        /** A line for the stored file: how it was made and how well it fits. */
        public String note() {
            return String.format(Locale.ROOT, "least squares against the VAE's own decodes of %d synthetic %dx%d"
                    + " images and %d noise latents; RMS error %.4f in [-1, 1] (a constant colour: %.4f)", IMAGES, SIDE,
                    SIDE, NOISE_LATENTS, rmsError, constantRmsError);
        }
    }

    /** Fits a projection for {@code vae}; its work lives on a sub-manager of {@code manager}, closed after. */
    public static Fitted fit(QwenImageVae vae, NDManager manager) throws EngineException {
        int f = vae.scaleFactor();
        int side = Math.max(f, SIDE / f * f);
        int c = vae.config().zDim();
        int h = side / f;
        LeastSquares ls = new LeastSquares(c, 3);
        double[] row = new double[c];
        double[] target = new double[3];
        TorchCpuGenerator noise = new TorchCpuGenerator(NOISE_SEED);
        for (int i = 0; i < IMAGES + NOISE_LATENTS; i++) {
            float[] z;
            float[] decoded;
            try (NDManager m = manager.newSubManager()) {
                NDArray zn;
                if (i < IMAGES) {
                    NDArray x = m.create(image(i, side), new Shape(1, 3, side, side));
                    try (DiagonalGaussian posterior = vae.encode(x)) {
                        zn = vae.normalize(posterior.mode()); // [1, C, h, w]
                    }
                } else {
                    zn = m.create(noise.randn(1, c, h, h), new Shape(1, c, h, h));
                }
                z = zn.toFloatArray();
                decoded = vae.decode(vae.denormalize(zn)).toFloatArray(); // [1, 3, side, side]
            }
            int plane = h * h;
            for (int p = 0; p < plane; p++) {
                for (int k = 0; k < c; k++) {
                    row[k] = z[k * plane + p];
                }
                for (int o = 0; o < 3; o++) {
                    target[o] = cellMean(decoded, o, p / h, p % h, f, side);
                }
                ls.add(row, target);
            }
        }
        LeastSquares.Solution sol = ls.solve(RIDGE);
        float[][] weights = new float[3][c];
        float[] bias = new float[3];
        for (int o = 0; o < 3; o++) {
            for (int k = 0; k < c; k++) {
                weights[o][k] = (float) sol.weights()[o][k];
            }
            bias[o] = (float) sol.bias()[o];
        }
        return new Fitted(new LatentRgbProjection(weights, bias), sol.rmsError(), sol.constantRmsError());
    }

    /** The mean of output channel {@code o} over the f×f pixels of latent cell (cy, cx). */
    private static double cellMean(float[] decoded, int o, int cy, int cx, int f, int side) {
        double sum = 0;
        int base = o * side * side;
        for (int y = cy * f; y < cy * f + f; y++) {
            for (int x = cx * f; x < cx * f + f; x++) {
                sum += decoded[base + y * side + x];
            }
        }
        return sum / (f * f);
    }

    /** Fitting image {@code i}: colours in [-1, 1], channel-major {@code [3, side, side]}. */
    static float[] image(int i, int side) {
        float[] out = new float[3 * side * side];
        SplittableRandom r = new SplittableRandom(0x5EEDL * 31 + i);
        float[][] palette = new float[64][3];
        for (float[] p : palette) {
            for (int ch = 0; ch < 3; ch++) {
                p[ch] = (float) r.nextDouble();
            }
        }
        double[] phase = {r.nextDouble() * 6.283, r.nextDouble() * 6.283, r.nextDouble() * 6.283};
        int plane = side * side;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double u = (x + 0.5) / side;
                double v = (y + 0.5) / side;
                float[] rgb = switch (i % IMAGES) {
                    case 0 -> hsv(u, 1, 0.15 + 0.85 * v);
                    case 1 -> hsv(v, u, 0.9);
                    case 2 -> palette[(y / 16 * (side / 16) + x / 16) % palette.length];
                    case 3 -> palette[(y / 32 * (side / 32) + x / 32) % palette.length];
                    case 4 -> mix(palette[0], palette[1], Math.min(1, Math.hypot(u - 0.5, v - 0.5) * 2));
                    case 5 -> new float[] {wave(u, v, phase[0], 2), wave(u, v, phase[1], 3), wave(u, v, phase[2], 5)};
                    case 6 -> new float[] {(float) ((u + v) / 2), (float) ((u + v) / 2), (float) ((u + v) / 2)};
                    default -> palette[(y / 8 * (side / 8) + x / 8) % palette.length];
                };
                for (int ch = 0; ch < 3; ch++) {
                    out[ch * plane + y * side + x] = rgb[ch] * 2f - 1f;
                }
            }
        }
        return out;
    }

    private static float wave(double u, double v, double phase, int k) {
        return (float) (0.5 + 0.5 * Math.sin(6.283 * (k * u + (k + 1) * v) + phase));
    }

    private static float[] mix(float[] a, float[] b, double t) {
        return new float[] {(float) (a[0] + (b[0] - a[0]) * t), (float) (a[1] + (b[1] - a[1]) * t),
                (float) (a[2] + (b[2] - a[2]) * t)};
    }

    /** HSV (all in [0, 1]) to RGB. */
    private static float[] hsv(double hue, double sat, double val) {
        double h6 = (hue % 1.0) * 6;
        int sector = (int) h6;
        double fr = h6 - sector;
        double p = val * (1 - sat);
        double q = val * (1 - sat * fr);
        double t = val * (1 - sat * (1 - fr));
        double[] rgb = switch (sector) {
            case 0 -> new double[] {val, t, p};
            case 1 -> new double[] {q, val, p};
            case 2 -> new double[] {p, val, t};
            case 3 -> new double[] {p, q, val};
            case 4 -> new double[] {t, p, val};
            default -> new double[] {val, p, q};
        };
        return new float[] {(float) rgb[0], (float) rgb[1], (float) rgb[2]};
    }
}
