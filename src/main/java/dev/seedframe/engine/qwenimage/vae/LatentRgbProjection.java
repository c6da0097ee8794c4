package dev.seedframe.engine.qwenimage.vae;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.imageops.ImagePostprocess;
import java.util.Arrays;
import java.util.Locale;

/**
 * A cheap stand-in for the VAE decoder, for live previews: each latent pixel's colour as a linear map of its C
 * normalised latent channels plus a bias, {@code rgb = W·z + b} with W {@code [3, C]}, at the latent resolution (one
 * pixel per latent, 1/8 of the image's side for Qwen-Image). {@link LatentRgbFit} derives it once from a VAE by least
 * squares against the VAE's own decodes; it is stored by the VAE's identity ({@code LatentRgbProjections} in the
 * loading package). A projection of C channels costs 3·C multiply-adds per latent pixel, where a decode costs a whole
 * decoder pass.
 */
public final class LatentRgbProjection {

    private final float[][] weights;
    private final float[] bias;

    /**
     * @param weights {@code [3][C]}: red, green and blue as weights of the C latent channels
     * @param bias the three offsets
     */
    public LatentRgbProjection(float[][] weights, float[] bias) {
        if (weights.length != 3 || bias.length != 3) {
            throw new IllegalArgumentException("a latent-to-RGB projection has 3 rows and 3 offsets");
        }
        int c = weights[0].length;
        for (float[] row : weights) {
            if (row.length != c || c == 0) {
                throw new IllegalArgumentException("every row of a latent-to-RGB projection needs the same channels");
            }
        }
        this.weights = new float[3][];
        for (int i = 0; i < 3; i++) {
            this.weights[i] = row(weights[i]);
        }
        this.bias = bias.clone();
    }

    private static float[] row(float[] r) {
        for (float v : r) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("a latent-to-RGB projection holds a non-finite weight");
            }
        }
        return r.clone();
    }

    /** Latent channels C. */
    public int channels() {
        return weights[0].length;
    }

    /** The weights of output channel {@code rgb} (0 red, 1 green, 2 blue). */
    public float[] weights(int rgb) {
        return weights[rgb].clone();
    }

    public float[] bias() {
        return bias.clone();
    }

    /**
     * The preview of normalised latents (what the denoiser sees, before the VAE's de-normalisation).
     *
     * @param z {@code [1, C, h, w]} f32
     * @return an {@code w×h} image, each channel clamped to [-1, 1] and quantised as the decoder's output is
     */
    public RgbImage project(NDArray z) {
        long[] s = z.getShape().getShape();
        if (s.length != 4 || s[0] != 1 || s[1] != channels()) {
            throw new IllegalArgumentException("latents to preview must be [1, " + channels() + ", h, w], got "
                    + z.getShape());
        }
        return project(z.toFloatArray(), (int) s[2], (int) s[3]);
    }

    /** {@link #project(NDArray)} of channel-major values {@code [C, h, w]}. */
    public RgbImage project(float[] chw, int h, int w) {
        int plane = h * w;
        int c = channels();
        byte[] px = new byte[plane * 3];
        float[] out = new float[3];
        for (int i = 0; i < plane; i++) {
            for (int o = 0; o < 3; o++) {
                float v = bias[o];
                float[] wo = weights[o];
                for (int k = 0; k < c; k++) {
                    v += wo[k] * chw[k * plane + i];
                }
                out[o] = v;
            }
            for (int o = 0; o < 3; o++) {
                px[i * 3 + o] = (byte) Math.rint(ImagePostprocess.toUnit(out[o]) * 255f);
            }
        }
        return new RgbImage(w, h, px);
    }

    /** The projection as a small JSON document ({@link #fromJson}); {@code note} says where it came from. */
    public String toJson(String note) {
        StringBuilder sb = new StringBuilder("{\n  \"format\": \"seedframe-latent-rgb-1\",\n");
        sb.append("  \"note\": \"").append(note.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",\n");
        sb.append("  \"weights\": [\n");
        for (int o = 0; o < 3; o++) {
            sb.append("    ").append(numbers(weights[o])).append(o < 2 ? ",\n" : "\n");
        }
        sb.append("  ],\n  \"bias\": ").append(numbers(bias)).append("\n}\n");
        return sb.toString();
    }

    private static String numbers(float[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.9g", v[i]));
        }
        return sb.append(']').toString();
    }

    /**
     * Reads {@link #toJson}'s format.
     *
     * @throws IllegalArgumentException when the text is not such a document
     */
    public static LatentRgbProjection fromJson(String json) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a latent-to-RGB projection: " + e.getMessage(), e);
        }
        if (!o.has("format") || !"seedframe-latent-rgb-1".equals(o.get("format").getAsString())) {
            throw new IllegalArgumentException("not a latent-to-RGB projection (format seedframe-latent-rgb-1)");
        }
        try {
            JsonArray rows = o.getAsJsonArray("weights");
            float[][] w = new float[rows.size()][];
            for (int i = 0; i < w.length; i++) {
                w[i] = floats(rows.get(i).getAsJsonArray());
            }
            return new LatentRgbProjection(w, floats(o.getAsJsonArray("bias")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a damaged latent-to-RGB projection: " + e.getMessage(), e);
        }
    }

    private static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatentRgbProjection p && Arrays.deepEquals(weights, p.weights)
                && Arrays.equals(bias, p.bias);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(weights) * 31 + Arrays.hashCode(bias);
    }
}
