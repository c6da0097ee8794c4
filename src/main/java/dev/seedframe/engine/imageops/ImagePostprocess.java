package dev.seedframe.engine.imageops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.seedframe.domain.RgbImage;

/**
 * Tensor ↔ {@link RgbImage} conversions exactly as diffusers' {@code VaeImageProcessor} does them.
 *
 * <p>Out: {@code clamp(x·0.5 + 0.5, 0, 1)} in float32, then numpy's {@code (x·255).round()} (round half
 * to even) to uint8. In: {@code x/255·2 − 1} in float32.
 */
public final class ImagePostprocess {

    private ImagePostprocess() {}

    /** {@code [1, 3, H, W]} (or {@code [3, H, W]}) decoder output in [-1, 1] to pixels. */
    public static RgbImage toRgb(NDArray decoded) {
        long[] s = decoded.getShape().getShape();
        int h = (int) s[s.length - 2];
        int w = (int) s[s.length - 1];
        float[] v = decoded.toType(DataType.FLOAT32, false).toFloatArray();
        int plane = h * w;
        byte[] px = new byte[plane * 3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                px[i * 3 + c] = (byte) toByte(v[c * plane + i]);
            }
        }
        return new RgbImage(w, h, px);
    }

    /** The float image diffusers hands to numpy: {@code clamp(x·0.5 + 0.5, 0, 1)} in float32. */
    public static float toUnit(float x) {
        float y = x * 0.5f + 0.5f;
        return y < 0f ? 0f : (y > 1f ? 1f : y);
    }

    /** One channel value: {@code round_half_even(unit·255)}. */
    static int toByte(float x) {
        float scaled = toUnit(x) * 255f;
        return (int) Math.rint(scaled);
    }

    /** Pixels to a {@code [3·H·W]} float array in [-1, 1], channel-major (C, H, W). */
    public static float[] toSignedUnitChw(RgbImage img) {
        int plane = img.width() * img.height();
        byte[] px = img.rgb();
        float[] out = new float[plane * 3];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                float unit = (px[i * 3 + c] & 0xff) / 255f;
                out[c * plane + i] = unit * 2f - 1f;
            }
        }
        return out;
    }
}
