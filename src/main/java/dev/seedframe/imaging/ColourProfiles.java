package dev.seedframe.imaging;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** ICC colour profiles: their names, whether they are sRGB, and converting 8-bit samples through them to sRGB. */
final class ColourProfiles {

    private ColourProfiles() {}

    /** The profile in {@code bytes}, or null when they are not a usable ICC profile. */
    static ICC_Profile parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return ICC_Profile.getInstance(bytes);
        } catch (IllegalArgumentException damaged) {
            return null;
        }
    }

    /** The profile's description (its {@code desc} tag, v2 text or v4 multi-localised), or "unnamed". */
    static String name(ICC_Profile p) {
        byte[] d = p.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (d == null || d.length < 12) {
            return "unnamed";
        }
        String type = new String(d, 0, 4, StandardCharsets.US_ASCII);
        try {
            if (type.equals("desc")) {
                int n = u32(d, 8);
                int len = Math.max(0, Math.min(n, d.length - 12));
                return clean(new String(d, 12, len, StandardCharsets.ISO_8859_1));
            }
            if (type.equals("mluc") && d.length >= 28) {
                int len = u32(d, 20);
                int off = u32(d, 24);
                if (off + len <= d.length) {
                    return clean(new String(d, off, len, StandardCharsets.UTF_16BE));
                }
            }
        } catch (RuntimeException damaged) {
            // a damaged description names nothing
        }
        return "unnamed";
    }

    private static String clean(String s) {
        String t = s.replace("\0", "").strip();
        return t.isEmpty() ? "unnamed" : t;
    }

    /**
     * Whether the profile is sRGB for 8-bit purposes: Java's own, or one that maps a grid of colours to
     * themselves within one level (the "sRGB IEC61966-2.1" profiles cameras and editors embed). Converting those
     * through colour management would only add rounding.
     */
    static boolean isSrgb(ICC_Profile p) {
        if (Arrays.equals(p.getData(), ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData())) {
            return true;
        }
        if (p.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return false;
        }
        int[] levels = {0, 17, 51, 85, 119, 153, 187, 221, 255};
        int n = levels.length;
        byte[] probe = new byte[n * n * n * 3];
        int i = 0;
        for (int r : levels) {
            for (int g : levels) {
                for (int b : levels) {
                    probe[i++] = (byte) r;
                    probe[i++] = (byte) g;
                    probe[i++] = (byte) b;
                }
            }
        }
        byte[] out;
        try {
            out = toSrgb(probe.clone(), n * n * n, 1, 3, p);
        } catch (RuntimeException unusable) {
            return false;
        }
        for (int k = 0; k < probe.length; k++) {
            if (Math.abs((probe[k] & 0xff) - (out[k] & 0xff)) > 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Converts 8-bit samples, {@code bands} per pixel interleaved (1 grey or 3 RGB), from {@code profile} to 8-bit
     * sRGB RGB.
     */
    static byte[] toSrgb(byte[] samples, int width, int height, int bands, ICC_Profile profile) {
        ColorSpace cs = new ICC_ColorSpace(profile);
        ComponentColorModel cm = new ComponentColorModel(cs, false, false, java.awt.Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        int[] offsets = bands == 1 ? new int[] {0} : new int[] {0, 1, 2};
        PixelInterleavedSampleModel sm = new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, width, height, bands,
                width * bands, offsets);
        WritableRaster raster = Raster.createWritableRaster(sm, new DataBufferByte(samples, samples.length), null);
        BufferedImage src = new BufferedImage(cm, raster, false, null);
        return toSrgb(src);
    }

    /** Converts any image's colours to 8-bit sRGB RGB, interleaved, through Java's colour management. */
    static byte[] toSrgb(BufferedImage src) {
        BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(src, dst);
        byte[] bgr = ((DataBufferByte) dst.getRaster().getDataBuffer()).getData();
        byte[] rgb = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 1] = bgr[i + 1];
            rgb[i + 2] = bgr[i];
        }
        return rgb;
    }

    private static int u32(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }
}
