package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.nn.AttentionKernel;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Path;

/**
 * The Qwen-Image VAE, diffusers' {@code AutoencoderKLQwenImage}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/autoencoder_kl_qwenimage.py">autoencoder_kl_qwenimage.py</a>),
 * for single images: every causal 3D conv runs as a 2D conv on the last temporal kernel slice, and the
 * temporal {@code time_conv}s (used only from a video's second chunk on) are declared unused. The
 * pipeline adds and removes the time axis; this class works on 4D tensors.
 *
 * <p>Parameters, by checkpoint name: {@code encoder.*} ({@link VaeEncoder}), {@code quant_conv}
 * (1×1, {@code 2Z → 2Z}), {@code post_quant_conv} (1×1, {@code Z → Z}), {@code decoder.*}
 * ({@link VaeDecoder}). Construction only declares them; {@code w.load(manager)} (or {@link #load})
 * materialises them.
 *
 * <p>Latent normalisation follows the pipelines' op order exactly (spec D.4): img2img/inpaint use
 * {@link #normalize}, the edit pipelines {@link #normalizeDivide}, every pipeline decodes after
 * {@link #denormalize}.
 *
 * <p>Dimension letters: B batch, C image channels, Z latent channels, H/W image height/width,
 * h/w latent height/width ({@code H/f}, {@code W/f} with f = {@link VaeConfig#scaleFactor()}).
 */
public final class QwenImageVae {

    /** diffusers' component folder name and weight file stem. */
    public static final String COMPONENT = "vae";

    public static final String WEIGHTS_BASE_NAME = "diffusion_pytorch_model";

    /** {@code torch.clamp(out, min=-1.0, max=1.0)} at the end of {@code _decode}. */
    static final float DECODE_CLAMP = 1f;

    private final VaeConfig config;
    private final VaeEncoder encoder;
    private final VaeCausalConv quantConv;
    private final VaeCausalConv postQuantConv;
    private final VaeDecoder decoder;
    private final float[] latentsMean;
    private final float[] latentsInvStd;
    private final float[] latentsStd;

    /**
     * Declares every parameter of {@code config} under {@code w} (the component root); loads nothing. The
     * attention blocks attend with {@code attention}.
     */
    public QwenImageVae(VaeConfig config, WeightMap w, AttentionKernel attention) {
        this.config = config;
        int z = config.zDim();
        this.encoder = new VaeEncoder(w.prefix("encoder"), config, 2 * z, attention);
        this.quantConv = new VaeCausalConv(w.prefix("quant_conv"), 2L * z, 2L * z, 1);
        this.postQuantConv = new VaeCausalConv(w.prefix("post_quant_conv"), z, z, 1);
        this.decoder = new VaeDecoder(w.prefix("decoder"), config, attention);
        double[] mean = config.latentsMean();
        double[] std = config.latentsStd();
        this.latentsMean = new float[z];
        this.latentsStd = new float[z];
        this.latentsInvStd = new float[z];
        for (int c = 0; c < z; c++) {
            latentsMean[c] = (float) mean[c];
            latentsStd[c] = (float) std[c];
            // torch: 1.0 / torch.tensor(latents_std), an f32 division
            latentsInvStd[c] = 1.0f / latentsStd[c];
        }
    }

    /**
     * Reads {@code vaeDir/config.json}, opens the weights, declares and loads every parameter on
     * {@code manager}.
     *
     * @throws WeightsException for a missing/invalid config, missing weight files, or weights that
     *     do not match the config (every missing, unexpected and mis-shaped tensor listed)
     */
    public static QwenImageVae load(Path vaeDir, NDManager manager, AttentionKernel attention, EngineRuntime runtime)
            throws WeightsException {
        VaeConfig cfg = VaeConfig.fromJson(vaeDir.resolve("config.json"));
        try (Checkpoint ck = Checkpoint.open(vaeDir, COMPONENT, WEIGHTS_BASE_NAME)) {
            WeightMap w = WeightMap.of(ck, runtime);
            QwenImageVae vae = new QwenImageVae(cfg, w, attention);
            w.load(manager);
            return vae;
        }
    }

    public VaeConfig config() {
        return config;
    }

    /** Pixels per latent along H and W. */
    public int scaleFactor() {
        return config.scaleFactor();
    }

    /**
     * Encodes images to the latent posterior (before normalisation).
     *
     * @param x {@code [B, C, H, W]} f32 in [-1, 1], H and W multiples of {@link #scaleFactor()}
     * @return the posterior over {@code [B, Z, H/f, W/f]}; the caller closes it
     * @throws InvalidRequestException when {@code x} has the wrong rank, channels, dtype or size
     */
    public DiagonalGaussian encode(NDArray x) throws InvalidRequestException {
        checkImage(x);
        NDArray moments;
        try (NDArray features = encoder.forward(x)) { // [B, 2Z, h, w]
            moments = quantConv.forward(features); // [B, 2Z, h, w]
        }
        try (moments) {
            return DiagonalGaussian.fromMoments(moments);
        }
    }

    /**
     * Decodes de-normalised latents (see {@link #denormalize}) to images.
     *
     * @param z {@code [B, Z, h, w]} f32
     * @return {@code [B, C, h·f, w·f]} clamped to [-1, 1], a new array
     * @throws InvalidRequestException when {@code z} has the wrong rank, channels or dtype
     */
    public NDArray decode(NDArray z) throws InvalidRequestException {
        checkLatents(z);
        NDArray image;
        try (NDArray x = postQuantConv.forward(z)) { // [B, Z, h, w]
            image = decoder.forward(x); // [B, C, H, W]
        }
        try (image) {
            // inside a scope: DJL 0.35.1's clip(Number, Number) leaves its two scalar bounds open
            return Scopes.keep(() -> image.clip(-DECODE_CLAMP, DECODE_CLAMP));
        }
    }

    /**
     * img2img/inpaint normalisation, {@code (z - mean) * (1/std)} with the reciprocal taken in f32
     * first (pipeline_qwenimage_img2img.py {@code _encode_vae_image}).
     *
     * @param z {@code [B, Z, h, w]} raw latents (posterior sample)
     */
    public NDArray normalize(NDArray z) throws InvalidRequestException {
        checkLatents(z);
        return Scopes.keep(() -> z.sub(channelVector(z, latentsMean)).mul(channelVector(z, latentsInvStd)));
    }

    /**
     * Edit-pipeline normalisation, {@code (z - mean) / std} (pipeline_qwenimage_edit.py
     * {@code _encode_vae_image}, on the posterior mode).
     */
    public NDArray normalizeDivide(NDArray z) throws InvalidRequestException {
        checkLatents(z);
        return Scopes.keep(() -> z.sub(channelVector(z, latentsMean)).div(channelVector(z, latentsStd)));
    }

    /**
     * The inverse applied before decoding in every pipeline, {@code zn / (1/std) + mean}: it divides
     * by the f32 reciprocal, exactly as diffusers does.
     */
    public NDArray denormalize(NDArray zn) throws InvalidRequestException {
        checkLatents(zn);
        return Scopes.keep(() -> zn.div(channelVector(zn, latentsInvStd)).add(channelVector(zn, latentsMean)));
    }

    /** A per-channel constant {@code [1, Z, 1, 1]} on {@code like}'s manager. */
    private static NDArray channelVector(NDArray like, float[] values) {
        return like.getManager().create(values, new Shape(1, values.length, 1, 1)); // [1, Z, 1, 1]
    }

    private void checkImage(NDArray x) throws InvalidRequestException {
        Shape s = x.getShape();
        int c = config.inputChannels();
        int f = config.scaleFactor();
        if (s.dimension() != 4) {
            throw new InvalidRequestException("The VAE encodes images shaped [batch, " + c
                    + ", height, width]; got " + s + (s.dimension() == 5 ? " (remove the time axis first)" : ""));
        }
        if (s.get(1) != c) {
            throw new InvalidRequestException("The VAE expects " + c + "-channel images; got " + s.get(1)
                    + " channels (shape " + s + ")");
        }
        checkFloat32(x, "image");
        if (s.get(0) < 1 || s.get(2) < f || s.get(3) < f || s.get(2) % f != 0 || s.get(3) % f != 0) {
            throw new InvalidRequestException("The VAE encodes images whose height and width are positive"
                    + " multiples of " + f + "; got " + s.get(2) + "×" + s.get(3) + " (shape " + s + ")");
        }
    }

    private void checkLatents(NDArray z) throws InvalidRequestException {
        Shape s = z.getShape();
        int zc = config.zDim();
        if (s.dimension() != 4) {
            throw new InvalidRequestException("VAE latents must be shaped [batch, " + zc
                    + ", height, width]; got " + s + (s.dimension() == 5 ? " (remove the time axis first)" : ""));
        }
        if (s.get(1) != zc) {
            throw new InvalidRequestException("VAE latents must have z_dim = " + zc + " channels; got "
                    + s.get(1) + " (shape " + s + ")");
        }
        if (s.get(0) < 1 || s.get(2) < 1 || s.get(3) < 1) {
            throw new InvalidRequestException("VAE latents must not be empty; got shape " + s);
        }
        checkFloat32(z, "latents");
    }

    private static void checkFloat32(NDArray a, String what) throws InvalidRequestException {
        if (a.getDataType() != DataType.FLOAT32) {
            throw new InvalidRequestException("The VAE computes in float32 on the CPU; the " + what + " are "
                    + a.getDataType());
        }
    }
}
