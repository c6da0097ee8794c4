package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.runtime.Scopes;

/**
 * Packing of VAE latents into transformer tokens and back, as diffusers' {@code
 * QwenImagePipeline._pack_latents} / {@code _unpack_latents} do (<a
 * href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/pipelines/qwenimage/pipeline_qwenimage.py">pipeline_qwenimage.py</a>).
 * Each 2×2 block of latent pixels becomes one token; feature {@code c·4 + dy·2 + dx} of token
 * {@code r·(w/2) + col} is latent {@code [c, 2r+dy, 2col+dx]}.
 *
 * <p>Dimension letters: B batch, C latent channels, h/w latent height/width, N = (h/2)(w/2) tokens.
 */
public final class Latents {

    /** Side of the square latent patch one token covers; the pipelines hard-code 2×2. */
    public static final int PATCH = 2;

    private Latents() {}

    /**
     * Packs {@code [B, C, h, w]}, {@code [B, C, 1, h, w]} (VAE layout) or {@code [B, 1, C, h, w]}
     * (the pipelines' noise layout) into {@code [B, (h/2)(w/2), 4C]}.
     */
    public static NDArray pack(NDArray latents) throws InvalidRequestException {
        long[] s = latents.getShape().getShape();
        long b;
        long c;
        long h;
        long w;
        if (s.length == 4) {
            b = s[0];
            c = s[1];
            h = s[2];
            w = s[3];
        } else if (s.length == 5 && s[2] == 1) {
            b = s[0];
            c = s[1];
            h = s[3];
            w = s[4];
        } else if (s.length == 5 && s[1] == 1) {
            b = s[0];
            c = s[2];
            h = s[3];
            w = s[4];
        } else {
            throw new InvalidRequestException(
                    "Latents to pack must be [B, C, h, w], [B, C, 1, h, w] or [B, 1, C, h, w] (one frame),"
                            + " found " + latents.getShape());
        }
        if (h % PATCH != 0 || w % PATCH != 0) {
            throw new InvalidRequestException(
                    "Latent height and width must be even to pack 2×2 patches, found " + h + "×" + w);
        }
        return Scopes.keep(() -> latents
                .reshape(b, c, h / PATCH, PATCH, w / PATCH, PATCH) // [B, C, h/2, dy, w/2, dx]
                .transpose(0, 2, 4, 1, 3, 5) // [B, h/2, w/2, C, dy, dx]
                .reshape(b, (h / PATCH) * (w / PATCH), c * PATCH * PATCH)); // [B, N, 4C]
    }

    /**
     * Unpacks {@code [B, (h/2)(w/2), 4C]} tokens into VAE latents {@code [B, C, 1, h, w]}.
     *
     * @param h latent height (even)
     * @param w latent width (even)
     * @param c latent channels
     */
    public static NDArray unpack(NDArray tokens, int h, int w, int c) throws InvalidRequestException {
        if (h <= 0 || w <= 0 || c <= 0 || h % PATCH != 0 || w % PATCH != 0) {
            throw new InvalidRequestException(
                    "Unpacking needs an even positive latent size and positive channels, found " + h + "×" + w
                            + " with " + c + " channels");
        }
        long[] s = tokens.getShape().getShape();
        long n = (long) (h / PATCH) * (w / PATCH);
        if (s.length != 3 || s[1] != n || s[2] != (long) c * PATCH * PATCH) {
            throw new InvalidRequestException(
                    "Tokens for a " + h + "×" + w + " latent with " + c + " channels must be [B, " + n + ", "
                            + (c * PATCH * PATCH) + "], found " + tokens.getShape());
        }
        long b = s[0];
        return Scopes.keep(() -> tokens
                .reshape(b, h / PATCH, w / PATCH, c, PATCH, PATCH) // [B, h/2, w/2, C, dy, dx]
                .transpose(0, 3, 1, 4, 2, 5) // [B, C, h/2, dy, w/2, dx]
                .reshape(b, c, 1, h, w)); // [B, C, 1, h, w]
    }
}
