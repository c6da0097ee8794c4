package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.Fp8Format;
import dev.seedframe.engine.weights.Fp8Scales;
import dev.seedframe.engine.weights.HalfFloats;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The token embedding table ({@code model.embed_tokens}, a {@code torch.nn.Embedding}
 * {@code [V, D]}), looked up row by row straight from the weight file instead of being
 * materialised: a prompt needs a few hundred of its 152,064 rows, while the whole table widened to
 * f32 is 2.2 GB for Qwen2.5-VL-7B (and above the 2 GiB a single direct buffer or mapping can hold).
 * Rows are read with positional reads at any file offset, so shards beyond 2 GiB are fine; F16/BF16/F8
 * rows are widened to f32 exactly in Java (an fp8 table with a scale, as ComfyUI's scaled files may have, is
 * multiplied by its per-tensor or per-row scale in f32, as the loader does for every other weight).
 *
 * <p>Dimension letters: V vocabulary, D model width, B batch, S sequence.
 */
final class TextEncoderEmbedding {

    private final TensorInfo table;
    private final int vocab;
    private final int hidden;
    /** An fp8 table's scale (one value, or one per row), else null. */
    private final float[] scale;

    private TextEncoderEmbedding(TensorInfo table, int vocab, int hidden, float[] scale) {
        this.table = table;
        this.vocab = vocab;
        this.hidden = hidden;
        this.scale = scale;
    }

    /** Checks the checkpoint's table against the config: name, shape {@code [V, D]} and dtype. */
    static TextEncoderEmbedding of(Checkpoint checkpoint, String key, TextEncoderConfig c) throws WeightsException {
        TensorInfo t = checkpoint.info(key);
        if (t == null) {
            throw new WeightsException("The text_encoder weights in " + checkpoint.dir() + " do not match its config.json:"
                    + "\n1 missing tensors:\n  " + key);
        }
        long[] expected = {c.vocabSize(), c.hiddenSize()};
        if (!Arrays.equals(t.shape(), expected)) {
            throw new WeightsException("The text_encoder weights in " + checkpoint.dir() + " do not match its config.json:"
                    + "\n1 tensors with the wrong shape:\n  " + key + ": checkpoint has " + t.shapeString()
                    + ", config expects " + Arrays.toString(expected));
        }
        if (!t.dtype().isLoadableFloat()) {
            throw new WeightsException("The text_encoder weights in " + checkpoint.dir() + " do not match its config.json:"
                    + "\n1 tensors with an unsupported dtype:\n  " + key + ": " + t.dtype()
                    + " (supported: F32, F16, BF16, F8_E4M3, F8_E5M2)");
        }
        float[] scale = Fp8Scales.scaleValues(checkpoint, key);
        if (scale != null && (Fp8Format.of(t.dtype()) == null || (scale.length != 1 && scale.length != c.vocabSize()))) {
            throw new WeightsException("The text_encoder weights in " + checkpoint.dir() + " have a scale for " + key
                    + " that cannot apply (" + scale.length + " values for a " + t.dtype() + " table of "
                    + c.vocabSize() + " rows)");
        }
        return new TextEncoderEmbedding(t, c.vocabSize(), c.hiddenSize(), scale);
    }

    /** The checkpoint entry the rows are read from. */
    TensorInfo table() {
        return table;
    }

    /**
     * {@code ids [B, S] → [B, S, D]} f32 on {@code manager}.
     *
     * @throws InvalidRequestException for an id outside {@code 0..V-1}
     * @throws WeightsException if the weight file cannot be read
     */
    NDArray lookup(long[] ids, long batch, long seq, NDManager manager) throws InvalidRequestException, WeightsException {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new InvalidRequestException("Token id " + ids[i] + " (batch " + (i / seq) + ", position " + (i % seq)
                        + ") is outside the text encoder's vocabulary of " + vocab + " tokens");
            }
        }
        int elemBytes = table.dtype().bytes();
        Fp8Format fp8 = Fp8Format.of(table.dtype());
        long rowBytes = (long) hidden * elemBytes;
        ByteBuffer out = ByteBuffer.allocateDirect(Math.multiplyExact(Math.multiplyExact(ids.length, hidden), 4))
                .order(ByteOrder.nativeOrder());
        ByteBuffer row = ByteBuffer.allocateDirect(Math.toIntExact(rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(table.file(), StandardOpenOption.READ)) {
            for (int i = 0; i < ids.length; i++) {
                row.clear();
                long pos = table.begin() + ids[i] * rowBytes;
                while (row.hasRemaining()) {
                    if (ch.read(row, pos + row.position()) < 0) {
                        throw new WeightsException(table.file() + " ends inside tensor " + table.name());
                    }
                }
                row.flip();
                int base = i * hidden;
                float s = scale == null ? 1f : scale[scale.length == 1 ? 0 : (int) ids[i]];
                for (int j = 0; j < hidden; j++) {
                    float v = switch (table.dtype()) {
                        case F32 -> row.getFloat(4 * j);
                        case F16 -> HalfFloats.f16ToFloat(row.getShort(2 * j));
                        case BF16 -> HalfFloats.bf16ToFloat(row.getShort(2 * j));
                        case F8_E4M3, F8_E5M2 -> scale == null ? fp8.decode(row.get(j)) : fp8.decode(row.get(j)) * s;
                        default -> throw new IllegalStateException("checked when the table was opened");
                    };
                    out.putFloat(4 * (base + j), v);
                }
            }
        } catch (IOException e) {
            throw new WeightsException("Cannot read " + table.name() + " from " + table.file() + ": " + e.getMessage(), e);
        }
        return manager.create(out, new Shape(batch, seq, hidden), DataType.FLOAT32); // [B, S, D]
    }
}
