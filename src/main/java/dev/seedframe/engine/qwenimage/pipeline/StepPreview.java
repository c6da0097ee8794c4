package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.imageops.ImagePostprocess;
import dev.seedframe.engine.qwenimage.transformer.Latents;
import dev.seedframe.engine.qwenimage.vae.LatentRgbProjection;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import org.slf4j.LoggerFactory;

/**
 * The live preview of a step, made only when the listener asks for it: the current x0 estimate through the VAE's
 * latent-to-RGB projection ({@link LatentRgbProjection}, one pixel per latent, no decoder pass), or, every {@link
 * RunSettings#previewDecodeEvery()} steps, decoded by the VAE. The projection is obtained on the first preview (from
 * where the model keeps it, or fitted once); when it cannot be had, every preview is decoded.
 */
final class StepPreview {

    /** Where the model keeps its VAE's projection. */
    @FunctionalInterface
    interface ProjectionSource {
        LatentRgbProjection get() throws EngineException;
    }

    private final QwenImageVae vae;
    private final ProjectionSource source;
    private LatentRgbProjection projection;
    private boolean unavailable;

    StepPreview(QwenImageVae vae, ProjectionSource source) {
        this.vae = vae;
        this.source = source;
    }

    /** The preview of step {@code step} (1-based) from the packed f32 x0 estimate; null when it cannot be made. */
    RgbImage of(NDArray x0Packed, QwenImagePipeline.LatentGrid grid, int step, RunSettings settings) {
        int every = settings.previewDecodeEvery();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray z = Latents.unpack(x0Packed, grid.h(), grid.w(), grid.c()).squeeze(2); // [B, C, h, w]
            LatentRgbProjection p = every > 0 && step % every == 0 ? null : projection();
            return p != null ? p.project(z) : decoded(z, grid);
        } catch (EngineException e) {
            return null; // a preview is a nicety
        }
    }

    /** The VAE's decode of {@code z}; at half resolution when the latent grid is larger than 64×64 (a quarter of the cost). */
    private RgbImage decoded(NDArray z, QwenImagePipeline.LatentGrid grid) throws EngineException {
        NDArray half = grid.h() * grid.w() > 64 * 64 ? z.get(":, :, ::2, ::2") : z; // [B, C, h/2, w/2]
        return ImagePostprocess.toRgb(vae.decode(vae.denormalize(half)));
    }

    private synchronized LatentRgbProjection projection() {
        if (projection == null && !unavailable) {
            try {
                projection = source.get();
            } catch (EngineException | RuntimeException e) {
                unavailable = true;
                LoggerFactory.getLogger(StepPreview.class)
                        .warn("No latent preview projection ({}); previews are decoded by the VAE", e.getMessage());
            }
        }
        return projection;
    }
}
