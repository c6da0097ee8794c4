package dev.seedframe.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * What a picture file says about how to show its pixels, read from its bytes without decoding them: the EXIF
 * orientation and the embedded ICC colour profile, for the container formats Seedframe imports (JPEG APP1/APP2
 * segments, PNG {@code eXIf}/{@code iCCP} chunks, WebP {@code EXIF}/{@code ICCP} chunks, a TIFF's first
 * directory), and whether a JPEG holds four colour components (CMYK or YCCK). Damaged metadata is ignored: it
 * never stops an import, the pixel decoder decides whether the file is readable.
 *
 * @param orientation the EXIF orientation, 1 (as stored) to 8; 1 when absent or invalid
 * @param iccProfile the embedded ICC profile's bytes, or null
 * @param fourComponentJpeg true for a JPEG with four colour components
 */
record FileMetadata(int orientation, byte[] iccProfile, boolean fourComponentJpeg) {

    /** The EXIF orientation tag. */
    static final int TAG_ORIENTATION = 0x0112;

    /** The TIFF tag holding an ICC profile. */
    static final int TAG_ICC_PROFILE = 34675;

    /** Largest ICC profile accepted from a compressed PNG chunk (real profiles are well below a megabyte). */
    static final int MAX_PROFILE_BYTES = 4 * 1024 * 1024;

    static final FileMetadata NONE = new FileMetadata(1, null, false);

    /** Reads what {@code bytes} say, by their signature; {@link #NONE} for other formats. */
    static FileMetadata of(byte[] bytes) {
        try {
            if (Png.isPng(bytes)) {
                return png(bytes);
            }
            if (bytes.length > 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8) {
                return jpeg(bytes);
            }
            if (bytes.length > 12 && ascii(bytes, 0, 4).equals("RIFF") && ascii(bytes, 8, 4).equals("WEBP")) {
                return webp(bytes);
            }
            if (bytes.length > 8 && (ascii(bytes, 0, 4).equals("II*\0") || ascii(bytes, 0, 4).equals("MM\0*"))) {
                return new FileMetadata(validOrientation(tiffTag(bytes, 0, TAG_ORIENTATION)), null, false);
            }
        } catch (RuntimeException damaged) {
            // metadata that does not parse is left out; the decoder judges the file
        }
        return NONE;
    }

    private static FileMetadata jpeg(byte[] b) {
        int orientation = 1;
        boolean four = false;
        TreeMap<Integer, byte[]> icc = new TreeMap<>();
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                break;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0xFF) {
                i += marker == 0xFF ? 1 : 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break; // start of scan or end of image: the headers are over
            }
            int len = u16be(b, i + 2);
            int data = i + 4;
            int end = Math.min(b.length, i + 2 + len);
            if (marker == 0xE1 && end - data > 6 && ascii(b, data, 6).equals("Exif\0\0")) {
                orientation = validOrientation(tiffTag(Arrays.copyOfRange(b, data + 6, end), 0, TAG_ORIENTATION));
            } else if (marker == 0xE2 && end - data > 14 && ascii(b, data, 12).equals("ICC_PROFILE\0")) {
                icc.put(b[data + 12] & 0xff, Arrays.copyOfRange(b, data + 14, end));
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
                    && end - data > 5) {
                four = (b[data + 5] & 0xff) == 4;
            }
            i += 2 + len;
        }
        byte[] profile = null;
        if (!icc.isEmpty()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            icc.values().forEach(out::writeBytes);
            profile = out.toByteArray();
        }
        return new FileMetadata(orientation, profile, four);
    }

    private static FileMetadata png(byte[] b) {
        int orientation = 1;
        byte[] profile = null;
        int i = 8;
        while (i + 12 <= b.length) {
            int len = (int) u32be(b, i);
            String type = ascii(b, i + 4, 4);
            int data = i + 8;
            if (len < 0 || data + len > b.length || type.equals("IDAT") || type.equals("IEND")) {
                break; // both chunks must come before the image data
            }
            if (type.equals("eXIf")) {
                byte[] exif = Arrays.copyOfRange(b, data, data + len);
                int start = exif.length > 6 && ascii(exif, 0, 6).equals("Exif\0\0") ? 6 : 0;
                orientation = validOrientation(tiffTag(exif, start, TAG_ORIENTATION));
            } else if (type.equals("iCCP")) {
                int nul = data;
                while (nul < data + len && b[nul] != 0) {
                    nul++;
                }
                if (nul + 2 <= data + len) {
                    profile = inflate(Arrays.copyOfRange(b, nul + 2, data + len));
                }
            }
            i = data + len + 4;
        }
        return new FileMetadata(orientation, profile, false);
    }

    private static FileMetadata webp(byte[] b) {
        int orientation = 1;
        byte[] profile = null;
        int i = 12;
        while (i + 8 <= b.length) {
            String type = ascii(b, i, 4);
            int len = (int) u32le(b, i + 4);
            int data = i + 8;
            if (len < 0 || data + len > b.length) {
                break;
            }
            if (type.equals("EXIF")) {
                byte[] exif = Arrays.copyOfRange(b, data, data + len);
                int start = exif.length > 6 && ascii(exif, 0, 6).equals("Exif\0\0") ? 6 : 0;
                orientation = validOrientation(tiffTag(exif, start, TAG_ORIENTATION));
            } else if (type.equals("ICCP")) {
                profile = Arrays.copyOfRange(b, data, data + len);
            }
            i = data + len + (len & 1);
        }
        return new FileMetadata(orientation, profile, false);
    }

    /**
     * The first value of {@code tag} in the first directory of the TIFF structure at {@code base} (a TIFF file,
     * or an EXIF block), or -1.
     */
    static int tiffTag(byte[] b, int base, int tag) {
        if (b.length < base + 8) {
            return -1;
        }
        boolean little = b[base] == 'I';
        int ifd = base + (int) u32(b, base + 4, little);
        if (ifd < base || ifd + 2 > b.length) {
            return -1;
        }
        int n = u16(b, ifd, little);
        for (int k = 0; k < n; k++) {
            int e = ifd + 2 + 12 * k;
            if (e + 12 > b.length) {
                return -1;
            }
            if (u16(b, e, little) == tag) {
                int type = u16(b, e + 2, little);
                return type == 3 ? u16(b, e + 8, little) : (int) u32(b, e + 8, little); // SHORT or LONG
            }
        }
        return -1;
    }

    private static int validOrientation(int v) {
        return v >= 1 && v <= 8 ? v : 1;
    }

    private static byte[] inflate(byte[] data) {
        try {
            return Png.inflate(data, MAX_PROFILE_BYTES, "ICC profile");
        } catch (ImageFormatException damaged) {
            return null;
        }
    }

    private static String ascii(byte[] b, int off, int n) {
        return new String(b, off, Math.min(n, b.length - off), StandardCharsets.ISO_8859_1);
    }

    private static int u16be(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static long u32be(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    private static long u32le(byte[] b, int i) {
        return ((long) (b[i + 3] & 0xff) << 24) | ((b[i + 2] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff) : u16be(b, i);
    }

    private static long u32(byte[] b, int i, boolean little) {
        return little ? u32le(b, i) : u32be(b, i);
    }
}
