package dev.seedframe.domain;

import java.util.Locale;

/** Byte counts in words as the Hub and file managers give them: decimal units, one decimal. */
public final class ByteSizes {

    private static final String[] UNITS = {"kB", "MB", "GB", "TB", "PB"};

    private ByteSizes() {}

    /** {@code 57.7 GB}, {@code 12.3 MB}, {@code 512 bytes}. */
    public static String format(long n) {
        if (n < 1000) {
            return n + " bytes";
        }
        double v = n;
        int u = -1;
        while (v >= 1000 && u < UNITS.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }
}
