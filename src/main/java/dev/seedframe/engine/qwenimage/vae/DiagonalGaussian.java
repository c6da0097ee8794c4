package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.Tensors;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.Scopes;

/**
 * The VAE posterior, diffusers' {@code DiagonalGaussianDistribution}
 * (<a href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/autoencoders/vae.py">vae.py</a>)
 * without the KL/NLL training helpers: the encoder moments {@code [B, 2Z, h, w]} split into
 * {@code mean = [:, :Z]} and {@code logvar = clamp([:, Z:], -30, 20)}, with
 * {@code std = exp(0.5 · logvar)}.
 *
 * <p>Owns its three arrays; {@link #close} frees them. {@link #mode()} and {@link #sample} return new
 * arrays owned by the caller.
 *
 * <p>Dimension letters: B batch, Z latent channels, h/w latent height/width.
 */
public final class DiagonalGaussian implements AutoCloseable {

    /** Upstream clamp of the log-variance, {@code torch.clamp(logvar, -30.0, 20.0)}. */
    public static final float LOGVAR_MIN = -30f;

    public static final float LOGVAR_MAX = 20f;

    private final NDArray mean;
    private final NDArray logvar;
    private final NDArray std;

    private DiagonalGaussian(NDArray mean, NDArray logvar, NDArray std) {
        this.mean = mean;
        this.logvar = logvar;
        this.std = std;
    }

    /**
     * Splits encoder moments {@code [B, 2Z, h, w]} along channels (first half the mean). The moments
     * are not modified; the result owns new arrays.
     */
    public static DiagonalGaussian fromMoments(NDArray moments) {
        long channels = moments.getShape().get(1);
        if (moments.getShape().dimension() != 4 || channels % 2 != 0) {
            throw new IllegalArgumentException("VAE moments must be [B, 2Z, h, w], got " + moments.getShape());
        }
        long z = channels / 2;
        NDArray mean = Scopes.keep(() -> Tensors.copy(moments.get(":, :{}", z))); // [B, Z, h, w]
        // (a scope also closes the two scalar bounds DJL's clip leaves open)
        NDArray logvar = Scopes.keep(() -> moments.get(":, {}:", z).clip(LOGVAR_MIN, LOGVAR_MAX)); // [B, Z, h, w]
        NDArray std = Scopes.keep(() -> {
            try (NDArray half = Tensors.scalar(logvar, 0.5f)) {
                return logvar.mul(half).exp(); // [B, Z, h, w]
            }
        });
        return new DiagonalGaussian(mean, logvar, std);
    }

    /** The mean {@code [B, Z, h, w]} (owned by this posterior). */
    public NDArray mean() {
        return mean;
    }

    /** The clamped log-variance {@code [B, Z, h, w]} (owned by this posterior). */
    public NDArray logvar() {
        return logvar;
    }

    /** {@code exp(0.5 · logvar)} {@code [B, Z, h, w]} (owned by this posterior). */
    public NDArray std() {
        return std;
    }

    /** The distribution's mode, the mean, as a new array (what {@code sample_mode="argmax"} retrieves). */
    public NDArray mode() {
        return mean.duplicate();
    }

    /**
     * {@code mean + std · ε} with {@code ε = randn(mean.shape)} drawn from {@code generator} in one
     * call, exactly as upstream {@code sample(generator)} does via {@code randn_tensor}: it consumes
     * {@code B·Z·h·w} normals from the stream, whatever the batch size.
     *
     * @return a new array {@code [B, Z, h, w]}
     */
    public NDArray sample(TorchCpuGenerator generator) {
        long[] shape = mean.getShape().getShape();
        float[] eps = generator.randn(shape);
        return Scopes.keep(() -> {
            NDArray noise = mean.getManager().create(eps, mean.getShape()); // [B, Z, h, w]
            return mean.add(std.mul(noise));
        });
    }

    @Override
    public void close() {
        mean.close();
        logvar.close();
        std.close();
    }
}
