package dev.seedframe.engine.imageops;

import dev.seedframe.domain.RgbImage;

/**
 * torch's CPU antialiased bicubic resize of uint8 images ({@code F.interpolate(x_uint8, mode="bicubic",
 * antialias=True, align_corners=False)}), which torchvision's {@code resize} runs natively on uint8
 * tensors and which transformers 5's torchvision image processors (Qwen2-VL's included) use.
 *
 * <p>Re-implemented from the algorithm of ATen's {@code UpSampleKernel.cpp}
 * ({@code HelperInterpBase::_compute_indices_min_size_weights_aa}, {@code
 * _compute_index_ranges_int16_weights}, {@code HelperInterpCubic::aa_filter}) and the separable uint8
 * passes: per axis, Keys-cubic weights ({@code a = -0.5}, Pillow's support and centring) normalised in
 * double, then rounded to int16 at the largest precision under which the axis's largest weight still
 * fits; each output sample is an integer dot product plus half an LSB, shifted down and clamped to
 * 0..255. The width pass runs first, its result is stored as uint8, then the height pass. This differs
 * from Pillow's bicubic only in the weight precision (Pillow: 22 bits in int32).
 */
public final class TorchAaResize {

    private static final double A = -0.5;

    /** Cubic filter support in input samples at scale 1 ({@code interp_size / 2}). */
    private static final double SUPPORT = 2.0;

    private TorchAaResize() {}

    /** One axis: for each output sample its first input index, tap count and int16 weights. */
    record Axis(int[] first, int[] count, int[][] weights, int precision) {}

    static double filter(double x) {
        x = Math.abs(x);
        if (x < 1.0) {
            return ((A + 2) * x - (A + 3)) * x * x + 1;
        }
        if (x < 2.0) {
            return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
        }
        return 0.0;
    }

    static Axis axis(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double support = scale >= 1.0 ? SUPPORT * scale : SUPPORT;
        int maxTaps = (int) Math.ceil(support) * 2 + 1;
        double invscale = scale >= 1.0 ? 1.0 / scale : 1.0;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        double[][] w = new double[outSize][];
        double wtMax = 0;
        for (int i = 0; i < outSize; i++) {
            double center = scale * (i + 0.5);
            long xmin = Math.max((long) (center - support + 0.5), 0L);
            long xsize = Math.min((long) (center + support + 0.5), inSize) - xmin;
            xsize = Math.max(0, Math.min(xsize, maxTaps));
            double[] wi = new double[(int) xsize];
            double total = 0;
            for (int j = 0; j < xsize; j++) {
                double v = filter((j + xmin - center + 0.5) * invscale);
                wi[j] = v;
                total += v;
            }
            if (total != 0.0) {
                for (int j = 0; j < xsize; j++) {
                    wi[j] /= total;
                    wtMax = Math.max(wtMax, wi[j]);
                }
            }
            first[i] = (int) xmin;
            count[i] = (int) xsize;
            w[i] = wi;
        }
        int precision;
        for (precision = 0; precision < 22; precision++) {
            int next = (int) (0.5 + wtMax * (1 << (precision + 1)));
            if (next >= (1 << 15)) {
                break;
            }
        }
        int[][] wq = new int[outSize][];
        for (int i = 0; i < outSize; i++) {
            wq[i] = new int[w[i].length];
            for (int j = 0; j < w[i].length; j++) {
                double v = w[i][j] * (1 << precision);
                wq[i][j] = (short) (v < 0 ? (int) (-0.5 + v) : (int) (0.5 + v));
            }
        }
        return new Axis(first, count, wq, precision);
    }

    /** Resizes interleaved RGB to {@code outW×outH}. */
    public static RgbImage resize(RgbImage img, int outW, int outH) {
        int inW = img.width();
        int inH = img.height();
        byte[] src = img.rgb();
        if (inW == outW && inH == outH) {
            return img;
        }
        byte[] horiz = src;
        if (outW != inW) {
            horiz = pass(src, inH, inW, outW, 3, true, axis(inW, outW));
        }
        byte[] out = horiz;
        if (outH != inH) {
            out = pass(horiz, inH, outW, outH, 3, false, axis(inH, outH));
        }
        return new RgbImage(outW, outH, out);
    }

    /**
     * One separable pass over interleaved pixels.
     *
     * @param rows input rows; for the horizontal pass also the output rows
     * @param cols input columns for the horizontal pass; the (unchanged) width for the vertical pass
     * @param outLen output length along the resized axis
     */
    private static byte[] pass(byte[] src, int rows, int cols, int outLen, int ch, boolean horizontal, Axis ax) {
        int p = ax.precision();
        int initial = p > 0 ? 1 << (p - 1) : 0;
        if (horizontal) {
            byte[] dst = new byte[rows * outLen * ch];
            for (int y = 0; y < rows; y++) {
                int rowIn = y * cols * ch;
                int rowOut = y * outLen * ch;
                for (int x = 0; x < outLen; x++) {
                    int f = ax.first()[x];
                    int[] w = ax.weights()[x];
                    for (int c = 0; c < ch; c++) {
                        int acc = initial;
                        for (int k = 0; k < w.length; k++) {
                            acc += w[k] * (src[rowIn + (f + k) * ch + c] & 0xff);
                        }
                        dst[rowOut + x * ch + c] = (byte) clip8(acc >> p);
                    }
                }
            }
            return dst;
        }
        byte[] dst = new byte[outLen * cols * ch];
        int stride = cols * ch;
        for (int y = 0; y < outLen; y++) {
            int f = ax.first()[y];
            int[] w = ax.weights()[y];
            for (int i = 0; i < stride; i++) {
                int acc = initial;
                for (int k = 0; k < w.length; k++) {
                    acc += w[k] * (src[(f + k) * stride + i] & 0xff);
                }
                dst[y * stride + i] = (byte) clip8(acc >> p);
            }
        }
        return dst;
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
