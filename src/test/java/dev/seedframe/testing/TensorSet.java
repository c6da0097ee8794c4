package dev.seedframe.testing;

import dev.seedframe.engine.weights.Fp8Format;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.engine.weights.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tensors of a checkpoint as f32 values by name, for tests that write checkpoints in other layouts and dtypes
 * (ComfyUI's single files, fp8 with scales) from the tiny model's weights. Names are kept sorted, as safetensors
 * writers store them.
 */
public final class TensorSet {

    /** One tensor to write: dtype, shape, little-endian bytes. */
    public record Entry(StDType dtype, long[] shape, ByteBuffer data) {}

    private final Map<String, float[]> values = new TreeMap<>();
    private final Map<String, long[]> shapes = new TreeMap<>();

    private TensorSet() {}

    /** Every tensor of every {@code .safetensors} file in {@code dir} (a component folder) or of one file. */
    public static TensorSet read(Path dirOrFile) {
        TensorSet s = new TensorSet();
        try {
            if (Files.isRegularFile(dirOrFile)) {
                s.readFile(dirOrFile);
            } else {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dirOrFile, "*.safetensors")) {
                    for (Path p : ds) {
                        s.readFile(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    private void readFile(Path p) {
        try (SafetensorsFile f = Golden.open(p)) {
            for (TensorInfo t : f.tensors().values()) {
                values.put(t.name(), f.floats(t.name()));
                shapes.put(t.name(), t.shape());
            }
        } catch (Exception e) {
            throw new IllegalStateException(p + ": " + e.getMessage(), e);
        }
    }

    public Iterable<String> names() {
        return values.keySet();
    }

    public float[] values(String name) {
        return values.get(name);
    }

    public long[] shape(String name) {
        return shapes.get(name);
    }

    /** The nearest float8 e4m3fn code to {@code v} (by search over every code, clamped to ±448). */
    public static byte e4m3(float v) {
        float a = Math.min(Math.abs(v), 448f);
        int best = 0;
        for (int code = 1; code < 0x7F; code++) {
            if (Math.abs(Fp8Format.E4M3FN.decode(code) - a) < Math.abs(Fp8Format.E4M3FN.decode(best) - a)) {
                best = code;
            }
        }
        return (byte) (v < 0 ? best | 0x80 : best);
    }

    public static Entry f32(float[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return new Entry(StDType.F32, shape, b.flip());
    }

    public static Entry bytes(StDType dtype, byte[] v, long... shape) {
        return new Entry(dtype, shape, ByteBuffer.wrap(v));
    }

    /** Writes {@code entries} (in name order) as one safetensors file. */
    public static void write(Path file, Map<String, Entry> entries) {
        SafetensorsWriter w = new SafetensorsWriter();
        for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
            w.add(e.getKey(), e.getValue().dtype(), e.getValue().shape(), e.getValue().data().duplicate());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            w.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every tensor as F32 under its own name. */
    public Map<String, Entry> asF32() {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String n : values.keySet()) {
            out.put(n, f32(values.get(n), shapes.get(n)));
        }
        return out;
    }
}
