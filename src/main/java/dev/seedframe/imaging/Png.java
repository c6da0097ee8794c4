package dev.seedframe.imaging;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Seedframe's own PNG encoder (8-bit RGB, RGBA or greyscale, non-interlaced) with text chunks, and a chunk
 * reader for the text of any PNG. Own code rather than ImageIO for the writer so the bytes are
 * deterministic for given pixels and text, and text is written as UTF-8 {@code iTXt} where it is not
 * Latin-1 (Chinese prompts).
 */
public final class Png {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Largest text chunk read (and inflated), to refuse decompression bombs; writers stay below it. */
    public static final int MAX_TEXT_BYTES = 16 * 1024 * 1024;

    private Png() {}

    /** Encodes an RGB image with the given text entries (keys: 1-79 Latin-1 characters). */
    public static byte[] encode(RgbImage image, Map<String, String> text) {
        return encode(image.width(), image.height(), 3, image.rgb(), text);
    }

    /** Encodes a mask as an 8-bit greyscale PNG. */
    public static byte[] encode(Mask mask, Map<String, String> text) {
        return encode(mask.width(), mask.height(), 1, mask.values(), text);
    }

    /**
     * Encodes an RGB image with an alpha channel as an 8-bit RGBA PNG (colour type 6): {@code alpha} 255 is
     * opaque. The colour of a transparent pixel is written as it is (not premultiplied).
     */
    public static byte[] encodeRgba(RgbImage image, Mask alpha, Map<String, String> text) {
        if (alpha.width() != image.width() || alpha.height() != image.height()) {
            throw new IllegalArgumentException("alpha " + alpha.width() + "x" + alpha.height() + " for an image of "
                    + image.width() + "x" + image.height());
        }
        byte[] rgb = image.rgb();
        byte[] a = alpha.values();
        byte[] px = new byte[a.length * 4];
        for (int i = 0; i < a.length; i++) {
            px[4 * i] = rgb[3 * i];
            px[4 * i + 1] = rgb[3 * i + 1];
            px[4 * i + 2] = rgb[3 * i + 2];
            px[4 * i + 3] = a[i];
        }
        return encode(image.width(), image.height(), 4, px, text);
    }

    private static byte[] encode(int width, int height, int channels, byte[] px, Map<String, String> text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(px.length / 2 + 1024);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte) switch (channels) { // colour type
            case 4 -> 6; // truecolour with alpha
            case 3 -> 2; // truecolour
            default -> 0; // greyscale
        };
        ihdr[10] = 0; // deflate
        ihdr[11] = 0; // adaptive filtering
        ihdr[12] = 0; // no interlace
        chunk(out, "IHDR", ihdr);
        for (Map.Entry<String, String> e : text.entrySet()) {
            chunk(out, isLatin1(e.getValue()) ? "tEXt" : "iTXt", textChunk(e.getKey(), e.getValue()));
        }
        chunk(out, "IDAT", compress(filter(width, height, channels, px)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] textChunk(String key, String value) {
        if (key.isEmpty() || key.length() > 79 || !isLatin1(key)) {
            throw new IllegalArgumentException("PNG text keys are 1-79 Latin-1 characters: " + key);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(key.getBytes(StandardCharsets.ISO_8859_1));
        b.write(0);
        if (isLatin1(value)) {
            b.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            b.write(0); // compression flag: none
            b.write(0); // compression method
            b.write(0); // empty language tag
            b.write(0); // empty translated keyword
            b.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff || c == 0) {
                return false;
            }
        }
        return true;
    }

    /** Per-row filter choice by the usual minimum-sum-of-absolute-differences heuristic. */
    private static byte[] filter(int width, int height, int bpp, byte[] px) {
        int stride = width * bpp;
        byte[] out = new byte[height * (stride + 1)];
        byte[] zero = new byte[stride];
        byte[][] cand = new byte[5][stride];
        for (int y = 0; y < height; y++) {
            int rowOff = y * stride;
            byte[] row = Arrays.copyOfRange(px, rowOff, rowOff + stride);
            byte[] prev = y == 0 ? zero : Arrays.copyOfRange(px, rowOff - stride, rowOff);
            int best = 0;
            long bestSum = Long.MAX_VALUE;
            for (int f = 0; f < 5; f++) {
                long sum = 0;
                for (int i = 0; i < stride; i++) {
                    int a = i >= bpp ? row[i - bpp] & 0xff : 0;
                    int b = prev[i] & 0xff;
                    int c = i >= bpp ? prev[i - bpp] & 0xff : 0;
                    int x = row[i] & 0xff;
                    int v = switch (f) {
                        case 0 -> x;
                        case 1 -> x - a;
                        case 2 -> x - b;
                        case 3 -> x - ((a + b) >>> 1);
                        default -> x - paeth(a, b, c);
                    };
                    cand[f][i] = (byte) v;
                    sum += Math.abs((byte) v);
                }
                if (sum < bestSum) {
                    bestSum = sum;
                    best = f;
                }
            }
            int o = y * (stride + 1);
            out[o] = (byte) best;
            System.arraycopy(cand[best], 0, out, o + 1, stride);
        }
        return out;
    }

    static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static byte[] compress(byte[] data) {
        Deflater d = new Deflater(6);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** True if the bytes start with the PNG signature. */
    public static boolean isPng(byte[] head) {
        return head.length >= 8 && Arrays.equals(Arrays.copyOf(head, 8), SIGNATURE);
    }

    /**
     * Reads the text chunks of a PNG (tEXt, zTXt, iTXt) without decoding pixels. Chunk CRCs are
     * checked, so a damaged file is reported rather than half-read.
     */
    public static PngText readText(InputStream in) throws ImageFormatException, IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] sig = new byte[8];
        try {
            din.readFully(sig);
        } catch (java.io.EOFException e) {
            throw new ImageFormatException("not a PNG file (too short)");
        }
        if (!Arrays.equals(sig, SIGNATURE)) {
            throw new ImageFormatException("not a PNG file");
        }
        Map<String, String> text = new LinkedHashMap<>();
        while (true) {
            int len;
            try {
                len = din.readInt();
            } catch (java.io.EOFException e) {
                throw new ImageFormatException("PNG file is truncated (no IEND chunk)");
            }
            byte[] type = new byte[4];
            din.readFully(type);
            String t = new String(type, StandardCharsets.US_ASCII);
            if (len < 0) {
                throw new ImageFormatException("PNG chunk " + t + " has an invalid length");
            }
            boolean wanted = t.equals("tEXt") || t.equals("zTXt") || t.equals("iTXt");
            if (wanted && len > MAX_TEXT_BYTES) {
                throw new ImageFormatException("PNG text chunk too large: " + len + " bytes");
            }
            byte[] data;
            if (wanted) {
                data = new byte[len];
                din.readFully(data);
            } else {
                data = null;
                din.skipNBytes(len);
            }
            int crcStored = din.readInt();
            if (data != null) {
                CRC32 crc = new CRC32();
                crc.update(type);
                crc.update(data);
                if ((int) crc.getValue() != crcStored) {
                    throw new ImageFormatException("PNG chunk " + t + " is damaged (CRC mismatch)");
                }
                parseText(t, data, text);
            }
            if (t.equals("IEND")) {
                return new PngText(text);
            }
        }
    }

    private static void parseText(String type, byte[] d, Map<String, String> out) throws ImageFormatException {
        int z = indexOf(d, 0);
        if (z <= 0) {
            throw new ImageFormatException("PNG " + type + " chunk without a keyword");
        }
        String key = new String(d, 0, z, StandardCharsets.ISO_8859_1);
        switch (type) {
            case "tEXt" -> out.put(key, new String(d, z + 1, d.length - z - 1, StandardCharsets.ISO_8859_1));
            case "zTXt" -> out.put(key, new String(inflate(Arrays.copyOfRange(d, z + 2, d.length)), StandardCharsets.ISO_8859_1));
            default -> {
                boolean compressed = d[z + 1] != 0;
                int lang = indexOf(d, z + 3);
                int trans = indexOf(d, lang + 1);
                if (lang < 0 || trans < 0) {
                    throw new ImageFormatException("damaged iTXt chunk " + key);
                }
                byte[] body = Arrays.copyOfRange(d, trans + 1, d.length);
                try {
                    // the format says UTF-8: bytes that are not are refused, never silently replaced
                    out.put(key, StandardCharsets.UTF_8.newDecoder()
                            .decode(java.nio.ByteBuffer.wrap(compressed ? inflate(body) : body)).toString());
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new ImageFormatException("its text \"" + key + "\" is not valid UTF-8 (an iTXt chunk must"
                            + " be); the file was altered or written by a faulty program");
                }
            }
        }
    }

    private static int indexOf(byte[] d, int from) {
        for (int i = from; i < d.length; i++) {
            if (d[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] inflate(byte[] data) throws ImageFormatException {
        return inflate(data, MAX_TEXT_BYTES, "PNG text");
    }

    /** zlib data inflated, refused when damaged or over {@code limit} bytes; {@code what} names it in messages. */
    static byte[] inflate(byte[] data, int limit, String what) throws ImageFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new ImageFormatException("damaged compressed " + what);
                }
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new ImageFormatException(what + " too large");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new ImageFormatException("damaged compressed " + what, e);
        } finally {
            inf.end();
        }
    }
}
