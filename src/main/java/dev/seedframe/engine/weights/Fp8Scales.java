package dev.seedframe.engine.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensors ComfyUI's scaled fp8 files keep beside a weight {@code L.weight} (see ComfyUI's {@code comfy/ops.py} and
 * {@code comfy/utils.py} {@code convert_old_quants}): its scale {@code L.weight_scale} (the legacy spelling is {@code
 * L.scale_weight}: the stored fp8 value times the scale is the weight), an activation scale {@code L.input_scale}
 * (legacy {@code L.scale_input}) that only an fp8 matrix multiply uses, and {@code L.comfy_quant} (the layer's format as
 * UTF-8 JSON bytes, e.g. {@code {"format": "float8_e4m3fn"}}); and once per model the legacy marker {@code
 * scaled_fp8}. Seedframe multiplies in higher precision (the weight is widened, then multiplied by the activations), so
 * it uses the weight's scale and tolerates the others.
 */
public final class Fp8Scales {

    /** The scale of {@code L.weight}, in the current and the legacy spelling. */
    private static final String[] WEIGHT_SCALE = {"weight_scale", "scale_weight"};
    /** What an fp8 matrix multiply would use; a widened weight needs none of it. */
    private static final String[] TOLERATED = {"input_scale", "scale_input", "comfy_quant"};
    /** ComfyUI's legacy marker of a scaled fp8 checkpoint. */
    static final String MARKER = "scaled_fp8";
    /** The {@code comfy_quant} formats that are an fp8 weight with a per-tensor or per-row scale. */
    private static final List<String> FP8_FORMATS = List.of("float8_e4m3fn", "float8_e4m3fn_rowwise", "float8_e5m2");

    private Fp8Scales() {}

    /** The layer name of a weight key ({@code a.b.weight → a.b}), or null when the key is not a {@code .weight}. */
    private static String layer(String weightKey) {
        return weightKey.endsWith(".weight") ? weightKey.substring(0, weightKey.length() - ".weight".length()) : null;
    }

    /** The scale tensor of the weight stored under {@code weightKey}, or null. */
    static TensorInfo scaleOf(Checkpoint checkpoint, String weightKey) {
        String layer = layer(weightKey);
        if (layer == null) {
            return null;
        }
        for (String s : WEIGHT_SCALE) {
            TensorInfo t = checkpoint.info(layer + "." + s);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** Every companion of {@code weightKey} that the checkpoint holds (scales, format records). */
    static List<String> companions(Checkpoint checkpoint, String weightKey) {
        List<String> out = new ArrayList<>();
        String layer = layer(weightKey);
        if (layer == null) {
            return out;
        }
        for (String[] names : new String[][] {WEIGHT_SCALE, TOLERATED}) {
            for (String s : names) {
                if (checkpoint.info(layer + "." + s) != null) {
                    out.add(layer + "." + s);
                }
            }
        }
        return out;
    }

    /**
     * Why the weight {@code t} with its companions cannot be loaded, or null when it can: a scale beside a weight that
     * is not fp8, a scale that is neither per tensor nor per row, both spellings of the scale, or a {@code comfy_quant}
     * format other than fp8 with such a scale (block-wise fp8, int8, nvfp4...).
     */
    static String problem(Checkpoint checkpoint, TensorInfo t) throws WeightsException {
        String layer = layer(t.name());
        if (layer == null) {
            return null;
        }
        TensorInfo scale = null;
        for (String s : WEIGHT_SCALE) {
            TensorInfo found = checkpoint.info(layer + "." + s);
            if (found != null && scale != null) {
                return t.name() + ": has both " + scale.name() + " and " + found.name() + " (which scale applies?)";
            }
            scale = found != null ? found : scale;
        }
        TensorInfo quant = checkpoint.info(layer + ".comfy_quant");
        if (quant != null) {
            String format = comfyQuantFormat(checkpoint, quant);
            if (!FP8_FORMATS.contains(format)) {
                return t.name() + ": ComfyUI quantisation format \"" + format + "\" is not supported (fp8 weights with"
                        + " a per-tensor or per-row scale are: " + String.join(", ", FP8_FORMATS) + ")";
            }
        }
        if (scale == null) {
            return null;
        }
        if (Fp8Format.of(t.dtype()) == null) {
            return t.name() + ": " + t.dtype() + " with a scale (" + scale.name() + "); only fp8 weights are scaled";
        }
        if (!scale.dtype().isLoadableFloat() || Fp8Format.of(scale.dtype()) != null) {
            return scale.name() + ": a scale stored as " + scale.dtype() + " (expected F32, F16 or BF16)";
        }
        long n = scale.numel();
        long rows = t.shape().length > 0 ? t.shape()[0] : 1;
        boolean perTensor = n == 1;
        boolean perRow = t.shape().length == 2 && n == rows
                && (scale.shape().length == 1 || (scale.shape().length == 2 && scale.shape()[1] == 1));
        if (!perTensor && !perRow) {
            return scale.name() + ": a scale of shape " + scale.shapeString() + " for a weight of shape " + t.shapeString()
                    + " (only one scale per tensor or per row is supported, not block-wise scales)";
        }
        return null;
    }

    /**
     * The scale of the weight stored under {@code weightKey} as f32 values (one per tensor or one per row), or null
     * when it has none (for readers that widen rows themselves, like the text encoder's token embedding).
     */
    public static float[] scaleValues(Checkpoint checkpoint, String weightKey) throws WeightsException {
        TensorInfo s = scaleOf(checkpoint, weightKey);
        return s == null ? null : values(checkpoint, s);
    }

    /** A scale's values as f32 (F32, F16 or BF16; checked by {@link #problem}). */
    static float[] values(Checkpoint checkpoint, TensorInfo scale) throws WeightsException {
        ByteBuffer b = checkpoint.map(scale);
        int n = Math.toIntExact(scale.numel());
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (scale.dtype()) {
                case F32 -> b.getFloat(4 * i);
                case F16 -> HalfFloats.f16ToFloat(b.getShort(2 * i));
                case BF16 -> HalfFloats.bf16ToFloat(b.getShort(2 * i));
                default -> throw new WeightsException(scale.name() + " is a scale stored as " + scale.dtype()
                        + " (expected F32, F16 or BF16)");
            };
        }
        return out;
    }

    /** The {@code format} of a {@code comfy_quant} record (UTF-8 JSON in a U8 tensor). */
    private static String comfyQuantFormat(Checkpoint checkpoint, TensorInfo quant) throws WeightsException {
        if (quant.dtype() != StDType.U8 && quant.dtype() != StDType.I8) {
            return "(unreadable: " + quant.name() + " is " + quant.dtype() + ")";
        }
        ByteBuffer b = checkpoint.map(quant);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        try {
            JsonElement el = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            JsonElement f = el.isJsonObject() ? el.getAsJsonObject().get("format") : null;
            return f != null && f.isJsonPrimitive() ? f.getAsString() : "(none given)";
        } catch (JsonParseException | IllegalStateException e) {
            return "(unreadable JSON in " + quant.name() + ")";
        }
    }
}
