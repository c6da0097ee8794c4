package dev.seedframe.engine.qwenimage.vae;

import dev.seedframe.engine.weights.JsonConfig;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code vae/config.json} of a Qwen-Image pipeline: the constructor arguments of diffusers'
 * {@code AutoencoderKLQwenImage}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>).
 * Every size the VAE classes use is derived from these values; nothing is hard-coded.
 *
 * <p>The spelling {@code temperal_downsample} is the upstream key's own.
 *
 * @param baseDim channels of the first encoder stage ({@code base_dim})
 * @param zDim latent channels ({@code z_dim})
 * @param dimMult channel multiplier per stage ({@code dim_mult})
 * @param numResBlocks residual blocks per encoder stage; the decoder uses one more ({@code num_res_blocks})
 * @param attnScales spatial scales (1, 0.5, …) after whose encoder residual blocks an attention
 *     block is inserted ({@code attn_scales}; empty in every released checkpoint)
 * @param temperalDownsample per stage transition, whether it also halves time; its length is the
 *     number of 2× spatial down-samplings ({@code temperal_downsample})
 * @param dropout training-only dropout rate; ignored at inference ({@code dropout})
 * @param inputChannels image channels ({@code input_channels}; 3 = RGB)
 * @param latentsMean per-channel latent mean used by the pipelines ({@code latents_mean})
 * @param latentsStd per-channel latent standard deviation ({@code latents_std})
 */
public record VaeConfig(
        int baseDim,
        int zDim,
        int[] dimMult,
        int numResBlocks,
        double[] attnScales,
        boolean[] temperalDownsample,
        double dropout,
        int inputChannels,
        double[] latentsMean,
        double[] latentsStd) {

    /** The diffusers class this config describes. */
    public static final String CLASS_NAME = "AutoencoderKLQwenImage";

    private static final String LABEL = "vae/config.json";

    /** Validates and copies every array, so the record is immutable. */
    public VaeConfig {
        dimMult = dimMult.clone();
        attnScales = attnScales.clone();
        temperalDownsample = temperalDownsample.clone();
        latentsMean = latentsMean.clone();
        latentsStd = latentsStd.clone();
    }

    /**
     * The released Qwen-Image VAE (Qwen/Qwen-Image {@code vae/config.json}; the latent statistics are
     * also diffusers' defaults). Spec A.2.
     */
    public static VaeConfig qwenImage() {
        return new VaeConfig(
                96,
                16,
                new int[] {1, 2, 4, 4},
                2,
                new double[0],
                new boolean[] {false, true, true},
                0.0,
                3,
                new double[] {
                    -0.7571, -0.7089, -0.9113, 0.1075, -0.1745, 0.9653, -0.1517, 1.5508,
                    0.4134, -0.0715, 0.5517, -0.3632, -0.1922, -0.9497, 0.2503, -0.2921
                },
                new double[] {
                    2.8184, 1.4541, 2.3275, 2.6558, 1.2196, 1.7708, 2.6052, 2.0743,
                    3.2687, 2.1526, 2.8652, 1.5579, 1.6382, 1.1253, 2.8251, 1.9160
                });
    }

    /** The embedded tiny test model ({@code models/qwen-image-tiny/vae/config.json}). */
    public static VaeConfig tiny() {
        return new VaeConfig(
                12,
                4,
                new int[] {1, 2, 4},
                1,
                new double[0],
                new boolean[] {false, true},
                0.0,
                3,
                new double[] {-0.7571, -0.7089, -0.9113, 0.1075},
                new double[] {2.8184, 1.4541, 2.3275, 2.6558});
    }

    /**
     * Reads a VAE config.
     *
     * @param path the {@code config.json} file, or the {@code vae/} folder holding it
     * @throws WeightsException when the file is missing, damaged, describes another model class, or
     *     holds values that do not fit together (each message names the key)
     */
    public static VaeConfig fromJson(Path path) throws WeightsException {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        JsonConfig c = JsonConfig.read(file, LABEL);
        String cls = c.getString("_class_name", CLASS_NAME);
        if (!CLASS_NAME.equals(cls)) {
            throw new WeightsException(LABEL + " describes a " + cls + ", but Seedframe's VAE implements "
                    + CLASS_NAME + " (the Qwen-Image VAE)");
        }
        VaeConfig cfg = new VaeConfig(
                c.getInt("base_dim"),
                c.getInt("z_dim"),
                c.getIntArray("dim_mult"),
                c.getInt("num_res_blocks"),
                c.has("attn_scales") ? c.getDoubleArray("attn_scales") : new double[0],
                c.getBooleanArray("temperal_downsample"),
                c.getDouble("dropout", 0.0),
                c.getInt("input_channels", 3),
                c.getDoubleArray("latents_mean"),
                c.getDoubleArray("latents_std"));
        cfg.validate();
        return cfg;
    }

    /**
     * Checks that the values describe a VAE Seedframe can build.
     *
     * @throws WeightsException naming the first offending key and value
     */
    public VaeConfig validate() throws WeightsException {
        positive("base_dim", baseDim);
        positive("z_dim", zDim);
        positive("num_res_blocks", numResBlocks);
        positive("input_channels", inputChannels);
        if (dimMult.length == 0) {
            throw new WeightsException(LABEL + ": \"dim_mult\" must list at least one stage");
        }
        for (int m : dimMult) {
            if (m <= 0) {
                throw new WeightsException(LABEL + ": \"dim_mult\" must hold positive integers, found "
                        + Arrays.toString(dimMult));
            }
        }
        if (temperalDownsample.length != dimMult.length - 1) {
            throw new WeightsException(LABEL + ": \"temperal_downsample\" must have one entry per stage"
                    + " transition (len(dim_mult) - 1 = " + (dimMult.length - 1) + "), found "
                    + Arrays.toString(temperalDownsample));
        }
        for (double s : attnScales) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new WeightsException(LABEL + ": \"attn_scales\" must hold positive scales, found "
                        + Arrays.toString(attnScales));
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new WeightsException(LABEL + ": \"dropout\" must be in [0, 1), found " + dropout);
        }
        if (latentsMean.length != zDim) {
            throw new WeightsException(LABEL + ": \"latents_mean\" must have z_dim = " + zDim
                    + " values, found " + latentsMean.length);
        }
        if (latentsStd.length != zDim) {
            throw new WeightsException(LABEL + ": \"latents_std\" must have z_dim = " + zDim
                    + " values, found " + latentsStd.length);
        }
        for (double m : latentsMean) {
            if (!Double.isFinite(m)) {
                throw new WeightsException(LABEL + ": \"latents_mean\" must hold finite numbers, found "
                        + Arrays.toString(latentsMean));
            }
        }
        for (double s : latentsStd) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new WeightsException(LABEL + ": \"latents_std\" must hold positive finite numbers, found "
                        + Arrays.toString(latentsStd));
            }
        }
        return this;
    }

    private static void positive(String key, int value) throws WeightsException {
        if (value <= 0) {
            throw new WeightsException(LABEL + ": \"" + key + "\" must be positive, found " + value);
        }
    }

    /**
     * Pixels per latent along each spatial axis: {@code 2^len(temperal_downsample)} (diffusers'
     * {@code spatial_compression_ratio}; 8 for Qwen-Image, 4 for the tiny model).
     */
    public int scaleFactor() {
        return 1 << temperalDownsample.length;
    }

    /** Encoder stage widths: {@code base_dim · [1] + base_dim · dim_mult}. */
    public int[] encoderDims() {
        int[] d = new int[dimMult.length + 1];
        d[0] = baseDim;
        for (int i = 0; i < dimMult.length; i++) {
            d[i + 1] = baseDim * dimMult[i];
        }
        return d;
    }

    /** Decoder stage widths: {@code base_dim · [dim_mult[-1]] + base_dim · reversed(dim_mult)}. */
    public int[] decoderDims() {
        int n = dimMult.length;
        int[] d = new int[n + 1];
        d[0] = baseDim * dimMult[n - 1];
        for (int i = 0; i < n; i++) {
            d[i + 1] = baseDim * dimMult[n - 1 - i];
        }
        return d;
    }

    /** Whether the encoder inserts an attention block at this spatial scale (1, 0.5, 0.25, …). */
    public boolean attentionAt(double scale) {
        for (double s : attnScales) {
            if (s == scale) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int[] dimMult() {
        return dimMult.clone();
    }

    @Override
    public double[] attnScales() {
        return attnScales.clone();
    }

    @Override
    public boolean[] temperalDownsample() {
        return temperalDownsample.clone();
    }

    @Override
    public double[] latentsMean() {
        return latentsMean.clone();
    }

    @Override
    public double[] latentsStd() {
        return latentsStd.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaeConfig v
                && baseDim == v.baseDim
                && zDim == v.zDim
                && Arrays.equals(dimMult, v.dimMult)
                && numResBlocks == v.numResBlocks
                && Arrays.equals(attnScales, v.attnScales)
                && Arrays.equals(temperalDownsample, v.temperalDownsample)
                && Double.compare(dropout, v.dropout) == 0
                && inputChannels == v.inputChannels
                && Arrays.equals(latentsMean, v.latentsMean)
                && Arrays.equals(latentsStd, v.latentsStd);
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(baseDim);
        h = 31 * h + zDim;
        h = 31 * h + Arrays.hashCode(dimMult);
        h = 31 * h + numResBlocks;
        h = 31 * h + Arrays.hashCode(attnScales);
        h = 31 * h + Arrays.hashCode(temperalDownsample);
        h = 31 * h + Double.hashCode(dropout);
        h = 31 * h + inputChannels;
        h = 31 * h + Arrays.hashCode(latentsMean);
        return 31 * h + Arrays.hashCode(latentsStd);
    }

    @Override
    public String toString() {
        return "VaeConfig[base_dim=" + baseDim + ", z_dim=" + zDim + ", dim_mult=" + Arrays.toString(dimMult)
                + ", num_res_blocks=" + numResBlocks + ", attn_scales=" + Arrays.toString(attnScales)
                + ", temperal_downsample=" + Arrays.toString(temperalDownsample) + ", dropout=" + dropout
                + ", input_channels=" + inputChannels + ", latents_mean=" + Arrays.toString(latentsMean)
                + ", latents_std=" + Arrays.toString(latentsStd) + "]";
    }
}
