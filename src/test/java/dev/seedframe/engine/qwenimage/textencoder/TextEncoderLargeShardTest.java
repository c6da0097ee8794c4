package dev.seedframe.engine.qwenimage.textencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.testing.ParityLog;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text-encoder checkpoint whose single shard is larger than 2 GiB loads, and reads tensors that lie
 * beyond the 2 GiB offset: vocabulary 152,064 × width 2,048 in f32 for {@code lm_head} and
 * {@code embed_tokens} (≈ 2.5 GB, written sparse: only the rows used hold data), then one layer with
 * grouped-query attention (16 query heads over 2 key/value heads) and the real MRoPE split [16, 24, 24].
 */
@Tag("slow")
class TextEncoderLargeShardTest {

    static final long TWO_GIB = 1L << 31;

    /** Rows below and beyond the 2 GiB offset, including the control tokens a prompt always uses. */
    static final long[] ROWS = {5, 872, 100_000, 110_500, 120_000, 140_000, 151_644, 151_645, 152_063};

    @Test
    void aShardAbove2GibLoadsAndItsFarRowsAndLayersAreRead(@TempDir Path tmp) throws Exception {
        SyntheticTextEncoder model =
                new SyntheticTextEncoder(152_064, 2048, 64, 1, 16, 2, new int[] {16, 24, 24}, 2024, false, ROWS);
        Path dir = tmp.resolve("text_encoder");
        Path file = model.writeSparse(dir);
        assertTrue(Files.size(file) > TWO_GIB + TWO_GIB / 8, "one shard of about 2.5 GB");

        long rowBytes = 2048L * 4;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            TensorInfo embed = f.info("model.embed_tokens.weight");
            assertTrue(embed.begin() < TWO_GIB && embed.begin() + embed.length() > TWO_GIB, "the table straddles 2 GiB");
            assertTrue(embed.begin() + 100_000 * rowBytes < TWO_GIB, "row 100000 lies below 2 GiB");
            assertTrue(embed.begin() + 120_000 * rowBytes > TWO_GIB, "row 120000 lies beyond 2 GiB");
            assertTrue(f.info("model.layers.0.self_attn.q_proj.weight").begin() > TWO_GIB, "the layer lies beyond 2 GiB");
        }

        try (NDManager m = DjlRuntime.newCpuManager()) {
            QwenVlTextEncoder enc = QwenVlTextEncoder.load(dir, m, TestRuntime.f32(), TestRuntime.get());
            long[][] ids = {{151_644, 872, 120_000, 5, 140_000, 110_500, 100_000, 151_645, 152_063}};
            var idArr = m.create(ids[0], new Shape(1, ids[0].length));

            float[] embeds = enc.embedTokens(idArr).toFloatArray();
            for (int i = 0; i < ids[0].length; i++) {
                assertArrayEquals(model.embedRow(ids[0][i]), Arrays.copyOfRange(embeds, i * 2048, (i + 1) * 2048),
                        "embedding row " + ids[0][i] + " reads back exactly");
            }

            int[][] mask = {{1, 1, 1, 1, 1, 1, 1, 1, 1}};
            float[] got = enc.forward(idArr, null).toFloatArray();
            float[] want = SyntheticTextEncoder.flatten(model.forward(ids, mask, SyntheticTextEncoder.textPositions(mask)));
            ParityLog.assertCloseLogged("2.5 GB shard, 1 GQA layer vs independent forward", want, got,
                    QwenVlTextEncoderTest.ATOL);
            assertTrue(TensorAssert.maxAbsDiff(new float[got.length], got) > 0.1, "a non-trivial output");
        }
    }
}
