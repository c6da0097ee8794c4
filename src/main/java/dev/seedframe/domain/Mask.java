package dev.seedframe.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A single-channel 8-bit mask at image resolution: 255 = repaint, 0 = keep, grey levels in between
 * (honoured by feathering).
 */
public final class Mask {

    private final int width;
    private final int height;
    private final byte[] values;
    private volatile String sha;

    public Mask(int width, int height, byte[] values) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive: " + width + "x" + height);
        }
        if (values.length != Math.multiplyExact(width, height)) {
            throw new IllegalArgumentException("expected " + ((long) width * height) + " mask values, got " + values.length);
        }
        this.width = width;
        this.height = height;
        this.values = values.clone();
    }

    public static Mask empty(int width, int height) {
        return new Mask(width, height, new byte[width * height]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public byte[] values() {
        return values.clone();
    }

    /** 0..255 at {@code (x, y)}. */
    public int at(int x, int y) {
        return values[y * width + x] & 0xff;
    }

    /** True when no pixel is marked for repainting. */
    public boolean isEmpty() {
        for (byte v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    public String sha256() {
        String s = sha;
        if (s == null) {
            MessageDigest md = RgbImage.sha256Digest();
            md.update(("mask8:" + width + "x" + height + ":").getBytes(StandardCharsets.US_ASCII));
            md.update(values);
            s = HexFormat.of().formatHex(md.digest());
            sha = s;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && m.width == width && m.height == height && Arrays.equals(m.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + "]";
    }
}
