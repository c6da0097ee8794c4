package dev.seedframe.engine.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A memory-mapped reader for one {@code .safetensors} file: an 8-byte little-endian header length,
 * a JSON header, then the raw little-endian tensor data.
 *
 * <p>Each tensor is mapped on its own (a mapping is limited to 2 GiB, single tensors of the models
 * we load are smaller), at any file offset, so shards far beyond 2 GiB are fine. Mapped data is
 * handed to libtorch without a copy for f32; the page cache is the only copy.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The largest header we accept; real ones are below a few MB. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final byte[] headerBytes;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(
            Path path,
            FileChannel channel,
            long fileSize,
            byte[] headerBytes,
            Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.headerBytes = headerBytes;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens and validates the header; no tensor data is read. */
    public static SafetensorsFile open(Path path) throws WeightsException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new WeightsException("Weight file not found: " + path);
        } catch (IOException e) {
            throw new WeightsException("Cannot open weight file " + path + ": " + e.getMessage(), e);
        }
        try {
            return parse(path, ch);
        } catch (WeightsException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel ch) throws WeightsException {
        long size;
        try {
            size = ch.size();
            if (size < 8) {
                throw new WeightsException(
                        path + " is not a safetensors file: only " + size + " bytes long");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 1 || headerLen > MAX_HEADER_BYTES || 8 + headerLen > size) {
                throw new WeightsException(
                        path
                                + " is not a valid safetensors file: header length "
                                + headerLen
                                + " does not fit a file of "
                                + size
                                + " bytes (truncated or not safetensors)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            byte[] header = hb.array();
            long dataStart = 8 + headerLen;
            SafetensorsHeader.Parsed parsed = SafetensorsHeader.parse(path, header, dataStart, size);
            return new SafetensorsFile(path, ch, size, header, parsed.tensors(), parsed.metadata());
        } catch (IOException e) {
            throw new WeightsException("Cannot read weight file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Fills {@code buf} from {@code ch} at {@code pos}; the file ending first is an {@link IOException}. */
    static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    /** The raw JSON header bytes (used for the cheap fingerprint). */
    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    /** Tensors in file order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public TensorInfo info(String name) throws WeightsException {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new WeightsException(path + " has no tensor named " + name);
        }
        return t;
    }

    /** Maps one tensor's bytes read-only, little-endian. */
    public ByteBuffer map(TensorInfo t) throws WeightsException {
        if (t.length() > Integer.MAX_VALUE) {
            throw new WeightsException(
                    "Tensor "
                            + t.name()
                            + " in "
                            + path
                            + " is "
                            + t.length()
                            + " bytes; single tensors above 2 GiB are not supported");
        }
        try {
            if (t.length() == 0) {
                return ByteBuffer.allocateDirect(0).order(ByteOrder.LITTLE_ENDIAN);
            }
            MappedByteBuffer mb = channel.map(FileChannel.MapMode.READ_ONLY, t.begin(), t.length());
            return mb.order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new WeightsException("Cannot map tensor " + t.name() + " from " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads a float tensor (F32/F16/BF16/F8/F64) widened or narrowed to f32; for small tensors and tests. */
    public float[] floats(String name) throws WeightsException {
        TensorInfo t = info(name);
        ByteBuffer b = map(t);
        int n = Math.toIntExact(t.numel());
        float[] out = new float[n];
        switch (t.dtype()) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.f16ToFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.bf16ToFloat(b.getShort(2 * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            case F8_E4M3, F8_E5M2 -> {
                Fp8Format format = Fp8Format.of(t.dtype());
                for (int i = 0; i < n; i++) {
                    out[i] = format.decode(b.get(i));
                }
            }
            default -> throw new WeightsException(name + " in " + path + " is " + t.dtype() + ", not a float tensor");
        }
        return out;
    }

    /** Reads an F64 tensor exactly. */
    public double[] doubles(String name) throws WeightsException {
        TensorInfo t = info(name);
        if (t.dtype() != StDType.F64) {
            float[] f = floats(name);
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        ByteBuffer b = map(t);
        double[] out = new double[Math.toIntExact(t.numel())];
        b.asDoubleBuffer().get(out);
        return out;
    }

    /** Reads an integer tensor (I64/I32/I16/I8/U8/BOOL) as longs. */
    public long[] longs(String name) throws WeightsException {
        TensorInfo t = info(name);
        ByteBuffer b = map(t);
        int n = Math.toIntExact(t.numel());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (t.dtype()) {
                case I64 -> b.getLong(8 * i);
                case I32 -> b.getInt(4 * i);
                case I16 -> b.getShort(2 * i);
                case I8 -> b.get(i);
                case U8, BOOL -> b.get(i) & 0xff;
                default -> throw new WeightsException(name + " in " + path + " is " + t.dtype() + ", not an integer tensor");
            };
        }
        return out;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to lose: the channel was only read
        }
    }

    /** Whether a path exists and starts like a safetensors file; used to tell formats apart. */
    public static boolean looksLikeSafetensors(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".safetensors");
    }
}
