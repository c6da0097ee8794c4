package dev.seedframe.engine.imageops;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;

/**
 * Pillow's {@code Image.resize} for 8-bit images, reproduced so that Seedframe resizes inputs exactly as
 * the reference pipelines do ({@code VaeImageProcessor.resize} uses PIL with LANCZOS). The algorithm is
 * Pillow's two-pass separable convolution ({@code libImaging/Resample.c}): per output sample a window of
 * filter taps scaled by the reduction factor, normalised in double, converted to 22-bit fixed point, and
 * accumulated in integers with rounding; the horizontal pass writes 8-bit samples that the vertical pass
 * reads.
 */
public final class PilResize {

    /** Pillow's resampling filters with their support radius. */
    public enum Filter {
        BILINEAR(1.0),
        BICUBIC(2.0),
        LANCZOS(3.0);

        final double support;

        Filter(double support) {
            this.support = support;
        }

        double apply(double x) {
            switch (this) {
                case BILINEAR: {
                    double a = Math.abs(x);
                    return a < 1.0 ? 1.0 - a : 0.0;
                }
                case BICUBIC: {
                    double a = -0.5;
                    double t = Math.abs(x);
                    if (t < 1.0) {
                        return ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
                    }
                    if (t < 2.0) {
                        return (((t - 5) * t + 8) * t - 4) * a;
                    }
                    return 0.0;
                }
                default:
                    if (-3.0 <= x && x < 3.0) {
                        return sinc(x) * sinc(x / 3);
                    }
                    return 0.0;
            }
        }

        private static double sinc(double x) {
            if (x == 0.0) {
                return 1.0;
            }
            double px = x * Math.PI;
            return Math.sin(px) / px;
        }
    }

    static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResize() {}

    /** Coefficients for one axis: window start and length per output sample, fixed-point taps. */
    record Coeffs(int ksize, int[] bounds, int[] kk) {}

    static Coeffs precompute(int inSize, double in0, double in1, int outSize, Filter f) {
        double scale = (in1 - in0) / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = f.support * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        double[] kk = new double[outSize * ksize];
        int[] bounds = new int[outSize * 2];
        for (int xx = 0; xx < outSize; xx++) {
            double center = in0 + (xx + 0.5) * scale;
            double ww = 0.0;
            double ss = 1.0 / filterscale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            int k = xx * ksize;
            for (int x = 0; x < xmax; x++) {
                double w = f.apply((x + xmin - center + 0.5) * ss);
                kk[k + x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++) {
                if (ww != 0.0) {
                    kk[k + x] /= ww;
                }
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        int[] fixed = new int[kk.length];
        for (int i = 0; i < kk.length; i++) {
            fixed[i] = kk[i] < 0
                    ? (int) (-0.5 + kk[i] * (1 << PRECISION_BITS))
                    : (int) (0.5 + kk[i] * (1 << PRECISION_BITS));
        }
        return new Coeffs(ksize, bounds, fixed);
    }

    private static int clip8(int in) {
        int v = in >> PRECISION_BITS;
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /** Resizes interleaved 8-bit samples with {@code channels} per pixel. */
    static byte[] resize(byte[] src, int inW, int inH, int channels, int outW, int outH, Filter f) {
        if (outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("target size must be positive: " + outW + "x" + outH);
        }
        if (outW == inW && outH == inH) {
            return src.clone();
        }
        boolean needH = outW != inW;
        boolean needV = outH != inH;
        Coeffs ch = precompute(inW, 0, inW, outW, f);
        Coeffs cv = precompute(inH, 0, inH, outH, f);
        byte[] cur = src;
        int curW = inW;
        int[] vb = cv.bounds.clone();
        if (needH) {
            int yFirst = vb[0];
            int yLast = vb[outH * 2 - 2] + vb[outH * 2 - 1];
            for (int i = 0; i < outH; i++) {
                vb[i * 2] -= yFirst;
            }
            int rows = yLast - yFirst;
            byte[] tmp = new byte[outW * rows * channels];
            int half = 1 << (PRECISION_BITS - 1);
            for (int y = 0; y < rows; y++) {
                int inRow = (y + yFirst) * inW * channels;
                for (int xx = 0; xx < outW; xx++) {
                    int xmin = ch.bounds[xx * 2];
                    int xmax = ch.bounds[xx * 2 + 1];
                    int k = xx * ch.ksize;
                    for (int c = 0; c < channels; c++) {
                        int ss = half;
                        for (int x = 0; x < xmax; x++) {
                            ss += (src[inRow + (x + xmin) * channels + c] & 0xff) * ch.kk[k + x];
                        }
                        tmp[(y * outW + xx) * channels + c] = (byte) clip8(ss);
                    }
                }
            }
            cur = tmp;
            curW = outW;
        }
        if (!needV) {
            return cur;
        }
        byte[] out = new byte[outW * outH * channels];
        int half = 1 << (PRECISION_BITS - 1);
        for (int yy = 0; yy < outH; yy++) {
            int ymin = vb[yy * 2];
            int ymax = vb[yy * 2 + 1];
            int k = yy * cv.ksize;
            for (int x = 0; x < curW; x++) {
                for (int c = 0; c < channels; c++) {
                    int ss = half;
                    for (int y = 0; y < ymax; y++) {
                        ss += (cur[((y + ymin) * curW + x) * channels + c] & 0xff) * cv.kk[k + y];
                    }
                    out[(yy * curW + x) * channels + c] = (byte) clip8(ss);
                }
            }
        }
        return out;
    }

    public static RgbImage resize(RgbImage img, int width, int height, Filter f) {
        if (img.width() == width && img.height() == height) {
            return img;
        }
        return new RgbImage(width, height, resize(img.rgb(), img.width(), img.height(), 3, width, height, f));
    }

    public static Mask resize(Mask m, int width, int height, Filter f) {
        if (m.width() == width && m.height() == height) {
            return m;
        }
        return new Mask(width, height, resize(m.values(), m.width(), m.height(), 1, width, height, f));
    }
}
