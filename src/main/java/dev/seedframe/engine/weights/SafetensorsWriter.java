package dev.seedframe.engine.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code .safetensors} file. Entries without data are left as holes, so the file is
 * sparse: useful for benchmark checkpoints and for checkpoints larger than 2 GiB in tests.
 */
public final class SafetensorsWriter {

    private record Entry(String name, StDType dtype, long[] shape, ByteBuffer data) {}

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds a tensor; {@code data} is little-endian bytes, or null for all zeros (written sparse). */
    public SafetensorsWriter add(String name, StDType dtype, long[] shape, ByteBuffer data) {
        entries.add(new Entry(name, dtype, shape.clone(), data == null ? null : data.duplicate()));
        return this;
    }

    /** Adds an F32 tensor. */
    public SafetensorsWriter addF32(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return add(name, StDType.F32, shape, b);
    }

    /** Adds a BF16 tensor rounded from f32 values. */
    public SafetensorsWriter addBf16(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort(HalfFloats.floatToBf16(v));
        }
        b.flip();
        return add(name, StDType.BF16, shape, b);
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /**
     * Writes the file as the reference safetensors writer does: data ordered by dtype (wider elements first)
     * then by name, entries listed in that order (the order {@link SafetensorsFile} checks).
     */
    public void write(Path out) throws IOException {
        List<Entry> entries = new ArrayList<>(this.entries);
        entries.sort(java.util.Comparator.comparingInt((Entry e) -> e.dtype == StDType.BOOL ? 0 : -e.dtype.bits())
                .thenComparing(e -> e.dtype.name()).thenComparing(Entry::name));
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        long[] begins = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            long n = 1;
            for (long d : e.shape) {
                n = Math.multiplyExact(n, d);
            }
            long len = Math.multiplyExact(n, (long) e.dtype.bytes());
            if (e.data != null && e.data.remaining() != len) {
                throw new IllegalArgumentException(
                        e.name + ": " + e.data.remaining() + " bytes given, shape needs " + len);
            }
            JsonObject t = new JsonObject();
            t.addProperty("dtype", e.dtype.name());
            JsonArray shape = new JsonArray();
            for (long d : e.shape) {
                shape.add(d);
            }
            t.add("shape", shape);
            JsonArray offs = new JsonArray();
            offs.add(offset);
            offs.add(offset + len);
            t.add("data_offsets", offs);
            header.add(e.name, t);
            begins[i] = offset;
            offset += len;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        long dataStart = 8L + padded;
        try (RandomAccessFile raf = new RandomAccessFile(out.toFile(), "rw")) {
            raf.setLength(0);
            raf.setLength(dataStart + offset);
            FileChannel ch = raf.getChannel();
            writeAt(ch, head, 0);
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                if (e.data != null) {
                    writeAt(ch, e.data.duplicate(), dataStart + begins[i]);
                }
            }
            ch.force(true);
        }
    }

    private static void writeAt(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }
}
