package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.InvalidRequestException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 3-axis rotary position tables of the joint sequence, mirroring diffusers' {@code
 * QwenEmbedRope} with {@code scale_rope=True} (<a
 * href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/transformers/transformer_qwenimage.py">transformer_qwenimage.py</a>).
 *
 * <p>Each head of width K is read as K/2 complex pairs; the pairs are split over the frame, height
 * and width axes ({@code axes_dims_rope}/2 pairs each). For axis width {@code d}, pair {@code k} of
 * a token at integer position {@code p} rotates by {@code p · 1/θ^(2k/d)}, computed in f32 as the
 * reference does (f32 product of the f32 position and the f32 inverse frequency, then cos/sin).
 *
 * <ul>
 *   <li>Image segment {@code idx} (0 = generated image, then reference images) with {@code (f, h, w)}
 *       tokens: frame position {@code idx + frame}, height position {@code row − ceil(h/2)}, width
 *       position {@code col − ceil(w/2)} (images are centred on the origin).
 *   <li>Text token {@code j}: position {@code S + j} on all three axes, {@code S = max over segments of
 *       max(h/2, w/2)} (floor).
 * </ul>
 *
 * The reference precomputes 4096 positive and 4096 negative positions per axis and fails beyond
 * them; this class refuses such sizes with a clear message instead.
 *
 * <p>Tables for a given {@code (img_shapes, T)} are kept in a small cache, so the ~50 denoising
 * steps of one generation (and the cond/uncond passes of CFG, whose text lengths differ) compute
 * them once. The cached arrays live on sub-managers of the model's manager and are never registered
 * with an {@link NDScope}. Not thread-safe, like the model that owns it.
 *
 * <p>Dimension letters: N image tokens, T text tokens, P = K/2 complex pairs per head.
 */
public final class QwenEmbedRope {

    /** RoPE base; diffusers builds {@code QwenEmbedRope(theta=10000, ..., scale_rope=True)}. */
    static final double THETA = 10000.0;

    /** Positions per sign the reference tables hold ({@code torch.arange(4096)} in {@code __init__}). */
    static final int TABLE_POSITIONS = 4096;

    /** Distinct (img_shapes, T) entries kept: cond + uncond of two sizes. */
    private static final int CACHE_ENTRIES = 4;

    /**
     * Rotation tables for one call: cos and sin of every pair's angle, shaped {@code [N, 1, P]} and
     * {@code [T, 1, P]} so that they broadcast over {@code [B, N|T, H, P]}.
     */
    public record Freqs(NDArray imgCos, NDArray imgSin, NDArray txtCos, NDArray txtSin) {}

    private record Key(List<ImageShape> shapes, int textLen) {}

    private final int[] axesDim;
    private final int pairs;
    /** Inverse frequency of each pair, laid out frame | height | width, in f32. */
    private final float[] invFreq;
    /** Which axis (0 frame, 1 height, 2 width) each pair belongs to. */
    private final int[] axisOfPair;

    private final Map<Key, Entry> cache = new LinkedHashMap<>(8, 0.75f, true);

    private static final class Entry {
        final NDManager manager;
        final Freqs freqs;

        Entry(NDManager manager, Freqs freqs) {
            this.manager = manager;
            this.freqs = freqs;
        }
    }

    public QwenEmbedRope(int[] axesDim) {
        this.axesDim = axesDim.clone();
        int p = 0;
        for (int d : axesDim) {
            p += d / 2;
        }
        this.pairs = p;
        this.invFreq = new float[p];
        this.axisOfPair = new int[p];
        int at = 0;
        for (int axis = 0; axis < axesDim.length; axis++) {
            int d = axesDim[axis];
            for (int k = 0; k < d / 2; k++) {
                // reference: 1.0 / torch.pow(theta, arange(0, d, 2).float().div(d)), all f32
                float exponent = (float) (2 * k) / (float) d;
                float power = (float) Math.pow(THETA, exponent);
                invFreq[at] = 1.0f / power;
                axisOfPair[at] = axis;
                at++;
            }
        }
    }

    /** Complex pairs per head (K/2). */
    public int pairs() {
        return pairs;
    }

    /**
     * The tables for {@code shapes} (in sequence order) and {@code textLen} text tokens, from the
     * cache when possible; new tables are created on a sub-manager of {@code owner}.
     */
    public Freqs freqs(List<ImageShape> shapes, int textLen, NDManager owner) throws InvalidRequestException {
        Key key = new Key(List.copyOf(shapes), textLen);
        Entry hit = cache.get(key);
        if (hit != null && hit.manager.isOpen() && !hit.freqs.imgCos().isReleased()) {
            return hit.freqs;
        }
        if (hit != null) {
            cache.remove(key);
        }
        float[][] img = imageAngles(key.shapes());
        float[][] txt = textAngles(textOffset(key.shapes()), textLen);
        NDManager m = owner.newSubManager();
        Freqs f = new Freqs(table(m, img, true), table(m, img, false), table(m, txt, true), table(m, txt, false));
        cache.put(key, new Entry(m, f));
        evict();
        return f;
    }

    /** Releases every cached table. */
    public void clear() {
        for (Entry e : cache.values()) {
            e.manager.close();
        }
        cache.clear();
    }

    private void evict() {
        Iterator<Entry> it = cache.values().iterator();
        while (cache.size() > CACHE_ENTRIES && it.hasNext()) {
            Entry e = it.next();
            it.remove();
            e.manager.close();
        }
    }

    /** Text positions start after the largest half-extent of any image segment (floor). */
    static int textOffset(List<ImageShape> shapes) {
        int s = 0;
        for (ImageShape sh : shapes) {
            s = Math.max(s, Math.max(sh.height() / 2, sh.width() / 2));
        }
        return s;
    }

    /** Angles {@code [N][P]} of every image token, segments in order, each row-major (f, h, w). */
    float[][] imageAngles(List<ImageShape> shapes) throws InvalidRequestException {
        long total = 0;
        for (ImageShape s : shapes) {
            total += s.tokens();
        }
        if (total > Integer.MAX_VALUE) {
            throw new InvalidRequestException("Too many image tokens for RoPE: " + total);
        }
        float[][] out = new float[(int) total][];
        int tok = 0;
        for (int idx = 0; idx < shapes.size(); idx++) {
            ImageShape s = shapes.get(idx);
            int hNeg = s.height() - s.height() / 2; // ceil(h/2) rows take negative positions
            int wNeg = s.width() - s.width() / 2;
            if (idx + s.frames() > TABLE_POSITIONS || hNeg > TABLE_POSITIONS || wNeg > TABLE_POSITIONS) {
                throw new InvalidRequestException("Image segment " + idx + " " + s + " exceeds the RoPE range of "
                        + TABLE_POSITIONS + " positions per axis (half-extent and segment index)");
            }
            for (int f = 0; f < s.frames(); f++) {
                for (int r = 0; r < s.height(); r++) {
                    for (int c = 0; c < s.width(); c++) {
                        out[tok++] = angles(idx + f, r - hNeg, c - wNeg);
                    }
                }
            }
        }
        return out;
    }

    /** Angles {@code [T][P]}: text token j sits at position {@code offset + j} on every axis. */
    float[][] textAngles(int offset, int textLen) throws InvalidRequestException {
        if ((long) offset + textLen > TABLE_POSITIONS) {
            throw new InvalidRequestException("Text of " + textLen + " tokens after an image half-extent of " + offset
                    + " exceeds the RoPE range of " + TABLE_POSITIONS + " positions");
        }
        float[][] out = new float[textLen][];
        for (int j = 0; j < textLen; j++) {
            out[j] = angles(offset + j, offset + j, offset + j);
        }
        return out;
    }

    private float[] angles(int frame, int row, int col) {
        float[] a = new float[pairs];
        for (int k = 0; k < pairs; k++) {
            int pos = axisOfPair[k] == 0 ? frame : axisOfPair[k] == 1 ? row : col;
            a[k] = (float) pos * invFreq[k]; // f32 product, as torch.outer on f32
        }
        return a;
    }

    private NDArray table(NDManager m, float[][] angles, boolean cos) {
        float[] flat = new float[angles.length * pairs];
        for (int t = 0; t < angles.length; t++) {
            for (int k = 0; k < pairs; k++) {
                double a = angles[t][k];
                flat[t * pairs + k] = (float) (cos ? Math.cos(a) : Math.sin(a));
            }
        }
        NDArray arr = m.create(flat, new Shape(angles.length, 1, pairs)); // [N|T, 1, P]
        NDScope.unregister(arr); // cached across calls: never closed by the caller's scope
        return arr;
    }

    @Override
    public String toString() {
        return "QwenEmbedRope" + java.util.Arrays.toString(axesDim);
    }
}
