package dev.seedframe.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An 8-bit RGB image, rows top to bottom, pixels interleaved {@code R,G,B}. The engine returns these,
 * the store keeps them losslessly, the UI shows them; nothing else crosses the layers.
 *
 * <p>Identity is the content: {@link #sha256()} hashes the dimensions and the pixels (not any file
 * encoding), so the same pixels imported from two differently compressed PNGs are one image.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final byte[] rgb;
    private volatile String sha;

    public RgbImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (rgb.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException(
                    "expected " + (3L * width * height) + " bytes for " + width + "x" + height + ", got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb.clone();
    }

    /** A solid image. */
    public static RgbImage filled(int width, int height, int r, int g, int b) {
        byte[] px = new byte[width * height * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) r;
            px[i + 1] = (byte) g;
            px[i + 2] = (byte) b;
        }
        return new RgbImage(width, height, px);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** A copy of the pixels. */
    public byte[] rgb() {
        return rgb.clone();
    }

    /** Channel {@code c} (0 R, 1 G, 2 B) at {@code (x, y)}, 0..255. */
    public int channel(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }

    /** Packed {@code 0xRRGGBB}. */
    public int rgbAt(int x, int y) {
        int i = (y * width + x) * 3;
        return ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff);
    }

    /** SHA-256 of {@code "rgb8:" + width + "x" + height + ":"} followed by the pixels, as hex. */
    public String sha256() {
        String s = sha;
        if (s == null) {
            MessageDigest md = sha256Digest();
            md.update(("rgb8:" + width + "x" + height + ":").getBytes(StandardCharsets.US_ASCII));
            md.update(rgb);
            s = HexFormat.of().formatHex(md.digest());
            sha = s;
        }
        return s;
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other
                && other.width == width
                && other.height == height
                && Arrays.equals(other.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
