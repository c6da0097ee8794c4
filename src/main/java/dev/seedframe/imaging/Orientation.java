package dev.seedframe.imaging;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;

/**
 * EXIF orientation (TIFF tag 274): how the stored pixels are turned to be seen upright. 1 as stored, 2 mirrored
 * left-right, 3 turned half a turn, 4 mirrored top-bottom, 5 mirrored along the main diagonal, 6 turned a quarter
 * clockwise, 7 mirrored along the other diagonal, 8 turned a quarter anticlockwise.
 */
final class Orientation {

    private Orientation() {}

    /** The upright image. */
    static RgbImage apply(RgbImage img, int orientation) {
        int w = img.width();
        int h = img.height();
        byte[] out = turn(img.rgb(), w, h, 3, orientation);
        return orientation >= 5 ? new RgbImage(h, w, out) : new RgbImage(w, h, out);
    }

    /** The upright mask. */
    static Mask apply(Mask m, int orientation) {
        int w = m.width();
        int h = m.height();
        byte[] out = turn(m.values(), w, h, 1, orientation);
        return orientation >= 5 ? new Mask(h, w, out) : new Mask(w, h, out);
    }

    /** Interleaved samples ({@code channels} per pixel) of a {@code w × h} picture, upright. */
    private static byte[] turn(byte[] src, int w, int h, int channels, int orientation) {
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] out = new byte[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                System.arraycopy(src, source(x, y, w, h, orientation) * channels, out, (y * ow + x) * channels,
                        channels);
            }
        }
        return out;
    }

    /** The stored pixel index shown at {@code (x, y)} of the upright picture. */
    private static int source(int x, int y, int w, int h, int orientation) {
        int sx;
        int sy;
        switch (orientation) {
            case 2 -> {
                sx = w - 1 - x;
                sy = y;
            }
            case 3 -> {
                sx = w - 1 - x;
                sy = h - 1 - y;
            }
            case 4 -> {
                sx = x;
                sy = h - 1 - y;
            }
            case 5 -> {
                sx = y;
                sy = x;
            }
            case 6 -> {
                sx = y;
                sy = h - 1 - x;
            }
            case 7 -> {
                sx = w - 1 - y;
                sy = h - 1 - x;
            }
            case 8 -> {
                sx = w - 1 - y;
                sy = x;
            }
            default -> {
                sx = x;
                sy = y;
            }
        }
        return sy * w + sx;
    }
}
