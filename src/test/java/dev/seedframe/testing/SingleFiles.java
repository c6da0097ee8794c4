package dev.seedframe.testing;

import dev.seedframe.engine.weights.Fp8Format;
import dev.seedframe.engine.weights.HalfFloats;
import dev.seedframe.engine.weights.StDType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the single files of the single-file tests from the tiny model's weights: ComfyUI's scaled fp8 (each matrix as
 * float8 e4m3fn codes with a scale beside it) and the pipeline folder that holds exactly the values such a file stands
 * for, widened to f32 (what its image must equal).
 */
public final class SingleFiles {

    private SingleFiles() {}

    /** How a scaled fp8 file is spelled. */
    public enum ScaledStyle {
        /** ComfyUI's legacy spelling: {@code L.scale_weight} (0-dim), {@code L.scale_input}, the {@code scaled_fp8} marker. */
        LEGACY,
        /** The current one: {@code L.weight_scale} ([1], and [out, 1] per row for every other layer), {@code L.input_scale}, {@code L.comfy_quant}. */
        CURRENT
    }

    /** A file's tensors and the same values widened to f32 under diffusers' names. */
    public record Converted(Map<String, TensorSet.Entry> file, Map<String, TensorSet.Entry> widened) {}

    /**
     * The tensors of {@code set} as a scaled fp8 file under {@code prefix}: every 2-D {@code .weight} accepted by
     * {@code quantize} as e4m3fn codes of {@code W / s} with {@code s = max|W| / 448} (per tensor, or per row), every
     * other tensor as BF16; {@code widened} holds {@code code · s} (f32 product) and the BF16 values widened.
     */
    public static Converted scaledFp8(TensorSet set, String prefix, ScaledStyle style,
            java.util.function.Predicate<String> quantize) {
        Map<String, TensorSet.Entry> file = new LinkedHashMap<>();
        Map<String, TensorSet.Entry> widened = new LinkedHashMap<>();
        int layer = 0;
        for (String name : set.names()) {
            float[] v = set.values(name);
            long[] shape = set.shape(name);
            if (shape.length == 2 && name.endsWith(".weight") && quantize.test(name)) {
                String base = name.substring(0, name.length() - ".weight".length());
                boolean perRow = style == ScaledStyle.CURRENT && layer++ % 2 == 1;
                int rows = (int) shape[0];
                int cols = (int) shape[1];
                float[] scales = new float[perRow ? rows : 1];
                for (int r = 0; r < scales.length; r++) {
                    float max = 0;
                    int from = perRow ? r * cols : 0;
                    int to = perRow ? from + cols : v.length;
                    for (int i = from; i < to; i++) {
                        max = Math.max(max, Math.abs(v[i]));
                    }
                    scales[r] = max == 0 ? 1f : max / 448f;
                }
                byte[] codes = new byte[v.length];
                float[] w = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    float s = scales[perRow ? i / cols : 0];
                    codes[i] = TensorSet.e4m3(v[i] / s);
                    w[i] = Fp8Format.E4M3FN.decode(codes[i]) * s;
                }
                file.put(prefix + name, TensorSet.bytes(StDType.F8_E4M3, codes, shape));
                widened.put(name, TensorSet.f32(w, shape));
                if (style == ScaledStyle.LEGACY) {
                    file.put(prefix + base + ".scale_weight", TensorSet.f32(scales));
                    file.put(prefix + base + ".scale_input", TensorSet.f32(new float[] {1f}));
                } else {
                    file.put(prefix + base + ".weight_scale", perRow ? TensorSet.f32(scales, rows, 1)
                            : TensorSet.f32(scales, 1));
                    file.put(prefix + base + ".input_scale", TensorSet.f32(new float[] {0.5f}, 1));
                    file.put(prefix + base + ".comfy_quant", TensorSet.bytes(StDType.U8,
                            "{\"format\": \"float8_e4m3fn\"}".getBytes(StandardCharsets.UTF_8),
                            "{\"format\": \"float8_e4m3fn\"}".length()));
                }
            } else {
                ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                float[] w = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    short bits = HalfFloats.floatToBf16(v[i]);
                    b.putShort(bits);
                    w[i] = HalfFloats.bf16ToFloat(bits);
                }
                file.put(prefix + name, new TensorSet.Entry(StDType.BF16, shape, b.flip()));
                widened.put(name, TensorSet.f32(w, shape));
            }
        }
        if (style == ScaledStyle.LEGACY) {
            file.put(prefix + "scaled_fp8", TensorSet.bytes(StDType.F8_E4M3, new byte[0], 0));
        }
        return new Converted(file, widened);
    }

    /**
     * A copy of the pipeline folder {@code from} in {@code to} whose {@code component} holds {@code weights} (one
     * {@code .safetensors} file named {@code base}) instead of its own.
     */
    public static Path folderWith(Path from, Path to, String component, String base, Map<String, TensorSet.Entry> weights) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path rel = from.relativize(p);
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!(rel.startsWith(component) && p.getFileName().toString().contains(".safetensors"))) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TensorSet.write(to.resolve(component).resolve(base + ".safetensors"), weights);
        return to;
    }
}
