package dev.seedframe.service;

import dev.seedframe.domain.RgbImage;

/** Pixel comparisons for replay verification. */
public final class ImageCompare {

    private ImageCompare() {}

    /** Largest per-channel difference, 0..255; -1 when the sizes differ. */
    public static int maxDiff(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            return -1;
        }
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        int m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs((x[i] & 0xff) - (y[i] & 0xff)));
        }
        return m;
    }

    /** Peak signal-to-noise ratio in dB over all channels; infinite for identical images, NaN for sizes that differ. */
    public static double psnr(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            return Double.NaN;
        }
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        double se = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (x[i] & 0xff) - (y[i] & 0xff);
            se += d * d;
        }
        if (se == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double mse = se / x.length;
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
