package dev.seedframe.engine.imageops;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.Preservation;
import dev.seedframe.domain.RgbImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Mask handling: the reference pipeline's binarisation and latent-resolution nearest resize, and
 * Seedframe's own guarantee on top of it — the final image takes every pixel outside the mask from the
 * source, bit for bit, with a feathered transition inside the mask edge.
 */
public final class MaskOps {

    private MaskOps() {}

    /** True when no pixel reaches the 0.5 repaint threshold. */
    public static boolean binarizedIsEmpty(Mask m) {
        for (byte b : m.values()) {
            if ((b & 0xff) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** diffusers' mask processor after resizing: {@code v/255 >= 0.5 → 1}, else 0 (row-major H×W). */
    public static float[] binarize(Mask m) {
        byte[] v = m.values();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] & 0xff) / 255f >= 0.5f ? 1f : 0f;
        }
        return out;
    }

    /**
     * {@code torch.nn.functional.interpolate(mask, size=(h, w))} with the default nearest mode: source
     * index {@code min(floor(dst · (in/out)), in − 1)} with the scale in float32.
     */
    public static float[] nearest(float[] src, int inH, int inW, int outH, int outW) {
        float sy = (float) inH / outH;
        float sx = (float) inW / outW;
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            int iy = Math.min((int) Math.floor(y * sy), inH - 1);
            for (int x = 0; x < outW; x++) {
                int ix = Math.min((int) Math.floor(x * sx), inW - 1);
                out[y * outW + x] = src[iy * inW + ix];
            }
        }
        return out;
    }

    /**
     * Euclidean distance from each pixel to the nearest pixel where the mask is 0 (0 on those pixels),
     * exact (Felzenszwalb–Huttenlocher separable squared-distance transform).
     */
    static float[] distanceToKept(Mask m) {
        int w = m.width();
        int h = m.height();
        double inf = 1e20;
        double[] f = new double[w * h];
        byte[] v = m.values();
        for (int i = 0; i < f.length; i++) {
            f[i] = v[i] == 0 ? 0 : inf;
        }
        double[] col = new double[h];
        double[] colOut = new double[h];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                col[y] = f[y * w + x];
            }
            edt1d(col, colOut, h);
            for (int y = 0; y < h; y++) {
                f[y * w + x] = colOut[y];
            }
        }
        double[] row = new double[w];
        double[] rowOut = new double[w];
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(f, y * w, row, 0, w);
            edt1d(row, rowOut, w);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (float) Math.sqrt(Math.min(rowOut[x], inf));
            }
        }
        return out;
    }

    private static void edt1d(double[] f, double[] d, int n) {
        int[] v = new int[n];
        double[] z = new double[n + 1];
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            while (s <= z[k]) {
                k--;
                s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            double dq = q - v[k];
            d[q] = dq * dq + f[v[k]];
        }
    }

    /**
     * Per-pixel blend weights of the result over the source: the mask's grey level times a ramp that
     * rises from 0 at the mask edge to 1 at {@code featherPx} inside it. Exactly 0 wherever the mask is 0.
     */
    public static float[] compositeAlpha(Mask m, int featherPx) {
        byte[] v = m.values();
        float[] a = new float[v.length];
        float[] dist = featherPx > 0 ? distanceToKept(m) : null;
        for (int i = 0; i < v.length; i++) {
            float g = (v[i] & 0xff) / 255f;
            if (g == 0f) {
                a[i] = 0f;
                continue;
            }
            float ramp = dist == null ? 1f : Math.min(1f, dist[i] / featherPx);
            a[i] = g * ramp;
        }
        return a;
    }

    /** The composite and its preservation proof. */
    public record Composite(RgbImage image, Preservation preservation) {}

    /**
     * {@code round(source·(1−a) + result·a)} per channel; pixels with {@code a = 0} are copied from the
     * source unchanged, which the returned hashes prove.
     */
    public static Composite composite(RgbImage source, RgbImage result, float[] alpha) {
        if (source.width() != result.width() || source.height() != result.height()) {
            throw new IllegalArgumentException("composite of different sizes");
        }
        byte[] s = source.rgb();
        byte[] r = result.rgb();
        byte[] out = new byte[s.length];
        MessageDigest before = sha256();
        MessageDigest after = sha256();
        long kept = 0;
        for (int i = 0; i < alpha.length; i++) {
            float a = alpha[i];
            for (int c = 0; c < 3; c++) {
                int o = i * 3 + c;
                if (a == 0f) {
                    out[o] = s[o];
                } else if (a == 1f) {
                    out[o] = r[o];
                } else {
                    out[o] = (byte) Math.round((s[o] & 0xff) * (1f - a) + (r[o] & 0xff) * a);
                }
            }
            if (a == 0f) {
                kept++;
                before.update(s, i * 3, 3);
                after.update(out, i * 3, 3);
            }
        }
        RgbImage img = new RgbImage(source.width(), source.height(), out);
        HexFormat hex = HexFormat.of();
        return new Composite(img, new Preservation(kept, hex.formatHex(before.digest()), hex.formatHex(after.digest())));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
