package dev.seedframe.engine.qwenimage.textencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The text encoder on generated checkpoints that exercise what the tiny fixture does not: grouped-query
 * attention, distinct MRoPE axes, tied embeddings, transformers 5 key names, BF16 storage, left padding.
 * The reference is {@link SyntheticTextEncoder#forward}, written independently in plain Java doubles.
 */
class QwenVlTextEncoderTest {

    /** f32 engine vs double reference on O(1) activations. */
    static final double ATOL = 1e-4;

    /** 4 query heads share 2 key/value heads (head width 8 = 2·(1+1+2)). */
    static final int[] MROPE = {1, 1, 2};

    @TempDir
    static Path tmp;

    private static NDManager manager;
    private static SyntheticTextEncoder f32Model;
    private static QwenVlTextEncoder legacyEncoder;

    @BeforeAll
    static void setUp() throws Exception {
        manager = DjlRuntime.newCpuManager();
        f32Model = new SyntheticTextEncoder(300, 32, 24, 2, 4, 2, MROPE, 7, false);
        Path dir = tmp.resolve("legacy");
        f32Model.write(dir, new SyntheticTextEncoder.Layout(false, false, false, true, false));
        legacyEncoder = QwenVlTextEncoder.load(dir, manager, TestRuntime.f32(), TestRuntime.get());
    }

    @AfterAll
    static void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    static Stream<SyntheticTextEncoder.Layout> layouts() {
        return Stream.of(
                // languageModelKeys, tied, bf16, nestedConfig, sharded
                new SyntheticTextEncoder.Layout(false, false, false, true, false),
                new SyntheticTextEncoder.Layout(true, true, false, false, true),
                new SyntheticTextEncoder.Layout(true, false, true, true, false),
                new SyntheticTextEncoder.Layout(false, true, true, false, true));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void everyCheckpointLayoutLoadsAndMatchesTheIndependentForward(SyntheticTextEncoder.Layout layout) throws Exception {
        SyntheticTextEncoder model = new SyntheticTextEncoder(300, 32, 24, 2, 4, 2, MROPE, 11, layout.bf16());
        Path dir = tmp.resolve("layout-" + layout.hashCode());
        model.write(dir, layout);
        try (NDManager m = manager.newSubManager()) {
            QwenVlTextEncoder enc = QwenVlTextEncoder.load(dir, m, TestRuntime.f32(), TestRuntime.get());
            assertEquals(layout.languageModelKeys(), enc.usesLanguageModelKeys());
            assertEquals(layout.tied(), enc.config().tieWordEmbeddings());
            long[][] ids = randomIds(2, 9, 300, 1);
            int[][] mask = {{1, 1, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 0, 0, 0}};
            NDArray out = enc.forward(m.create(flat(ids), new Shape(2, 9)), m.create(flat(mask), new Shape(2, 9)));
            double[][][] want = model.forward(ids, mask, SyntheticTextEncoder.textPositions(mask));
            assertValidRowsClose(want, out.toFloatArray(), mask, model.hidden);
        }
    }

    @Test
    void explicitThreeAxisPositionsUseEachAxisForItsMropeSection() throws Exception {
        long[][] ids = randomIds(1, 6, 300, 2);
        int[][] mask = {{1, 1, 1, 1, 1, 1}};
        // an image-like layout: text 0,1, then a 2x2 grid at t=2, h=2..3, w=2..3
        long[][][] pos = {{{0, 1, 2, 2, 2, 2}}, {{0, 1, 2, 2, 3, 3}}, {{0, 1, 2, 3, 2, 3}}};
        try (NDManager m = manager.newSubManager()) {
            NDArray embeds = legacyEncoder.embedTokens(m.create(flat(ids), new Shape(1, 6)));
            NDArray positions = m.create(flat3(pos), new Shape(3, 1, 6));
            float[] got = legacyEncoder.forwardEmbeds(embeds, null, positions).toFloatArray();
            TensorAssert.assertClose("3-axis positions", SyntheticTextEncoder.flatten(f32Model.forward(ids, mask, pos)),
                    got, ATOL);
            float[] textOnly = legacyEncoder.forwardEmbeds(embeds, null, null).toFloatArray();
            assertTrue(TensorAssert.maxAbsDiff(textOnly, got) > 1e-3, "the positions must matter");
        }
    }

    @Test
    void leftPaddingMatchesOnValidPositionsAndStaysFinite() throws Exception {
        long[][] ids = randomIds(2, 7, 300, 3);
        int[][] mask = {{0, 0, 0, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1}};
        try (NDManager m = manager.newSubManager()) {
            float[] got = legacyEncoder.forward(m.create(flat(ids), new Shape(2, 7)), m.create(flat(mask), new Shape(2, 7)))
                    .toFloatArray();
            assertValidRowsClose(f32Model.forward(ids, mask, SyntheticTextEncoder.textPositions(mask)), got, mask,
                    f32Model.hidden);
            for (float v : got) {
                assertTrue(Float.isFinite(v), "fully masked padding rows must not turn into NaN");
            }
        }
    }

    @Test
    void hiddenStatesStartWithTheEmbeddingsAndEndWithTheNormedOutput() throws Exception {
        long[][] ids = randomIds(1, 5, 300, 4);
        try (NDManager m = manager.newSubManager()) {
            NDArray idArr = m.create(flat(ids), new Shape(1, 5));
            NDList hs = legacyEncoder.hiddenStates(idArr, null);
            assertEquals(3, hs.size());
            TensorAssert.assertClose("embeddings", legacyEncoder.embedTokens(idArr).toFloatArray(), hs.get(0).toFloatArray(), 0);
            TensorAssert.assertClose("last", legacyEncoder.forward(idArr, null).toFloatArray(), hs.get(2).toFloatArray(), 0);
        }
    }

    @Test
    void aForwardPassLeavesNoArraysBehind() throws Exception {
        long[][] ids = randomIds(2, 6, 300, 5);
        int[][] mask = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}};
        int weightsBefore = manager.getManagedArrays().size();
        try (NDManager m = manager.newSubManager()) {
            NDArray idArr = m.create(flat(ids), new Shape(2, 6));
            NDArray maskArr = m.create(flat(mask), new Shape(2, 6));
            int before = m.getManagedArrays().size();
            NDArray out = legacyEncoder.forward(idArr, maskArr);
            assertEquals(before + 1, m.getManagedArrays().size(), "only the result stays on the caller's manager");
            out.close();
            NDList all = legacyEncoder.hiddenStates(idArr, maskArr);
            assertEquals(before + all.size(), m.getManagedArrays().size());
        }
        assertEquals(weightsBefore, manager.getManagedArrays().size(), "nothing leaks into the model's manager");
    }

    @Test
    void aTokenIdOutsideTheVocabularyIsNamed() {
        try (NDManager m = manager.newSubManager()) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> legacyEncoder.forward(m.create(new long[] {1, 2, 300}, new Shape(1, 3)), null));
            assertTrue(e.getMessage().contains("300") && e.getMessage().contains("position 2"), e.getMessage());
        }
    }

    @Test
    void badMasksAndPositionsAreRejectedWithTheirShapes() {
        try (NDManager m = manager.newSubManager()) {
            NDArray ids = m.create(new long[] {1, 2, 3}, new Shape(1, 3));
            InvalidRequestException shape = assertThrows(InvalidRequestException.class,
                    () -> legacyEncoder.forward(ids, m.create(new long[] {1, 1}, new Shape(1, 2))));
            assertTrue(shape.getMessage().contains("attention_mask") && shape.getMessage().contains("(1, 2)"),
                    shape.getMessage());
            InvalidRequestException values = assertThrows(InvalidRequestException.class,
                    () -> legacyEncoder.forward(ids, m.create(new long[] {1, 2, 1}, new Shape(1, 3))));
            assertTrue(values.getMessage().contains("0 or 1"), values.getMessage());
            InvalidRequestException pos = assertThrows(InvalidRequestException.class,
                    () -> legacyEncoder.forwardEmbeds(m.zeros(new Shape(1, 3, 32)), null, m.zeros(new Shape(1, 3), ai.djl.ndarray.types.DataType.INT64)));
            assertTrue(pos.getMessage().contains("position_ids must be [3, 1, 3]"), pos.getMessage());
            InvalidRequestException width = assertThrows(InvalidRequestException.class,
                    () -> legacyEncoder.forwardEmbeds(m.zeros(new Shape(1, 3, 31)), null, null));
            assertTrue(width.getMessage().contains("inputs_embeds must be [batch, sequence, 32]"), width.getMessage());
        }
    }

    @Test
    void textPositionsCountOnlyTokensAndPutPaddingAtOne() {
        try (NDManager m = manager.newSubManager()) {
            long[] pos = QwenVlTextEncoder.textPositionIds(new long[] {0, 0, 1, 1, 1, 1, 1, 0}, 2, 4, m).toLongArray();
            long[] one = {1, 1, 0, 1, 0, 1, 2, 1};
            for (int a = 0; a < 3; a++) {
                assertEquals(java.util.Arrays.toString(one),
                        java.util.Arrays.toString(java.util.Arrays.copyOfRange(pos, a * 8, a * 8 + 8)));
            }
            assertEquals(24, pos.length);
        }
    }

    // ------------------------------------------------------------------ helpers

    static void assertValidRowsClose(double[][][] want, float[] got, int[][] mask, int d) {
        float[] w = SyntheticTextEncoder.flatten(want);
        int seq = mask[0].length;
        for (int b = 0; b < mask.length; b++) {
            for (int s = 0; s < seq; s++) {
                if (mask[b][s] == 1) {
                    int at = (b * seq + s) * d;
                    TensorAssert.assertClose("row " + b + "," + s, java.util.Arrays.copyOfRange(w, at, at + d),
                            java.util.Arrays.copyOfRange(got, at, at + d), ATOL);
                }
            }
        }
    }

    static long[][] randomIds(int batch, int seq, int vocab, long seed) {
        Random r = new Random(seed);
        long[][] ids = new long[batch][seq];
        for (long[] row : ids) {
            for (int i = 0; i < seq; i++) {
                row[i] = r.nextInt(vocab);
            }
        }
        return ids;
    }

    static long[] flat(long[][] a) {
        return java.util.Arrays.stream(a).flatMapToLong(java.util.Arrays::stream).toArray();
    }

    static long[] flat(int[][] a) {
        return java.util.Arrays.stream(a).flatMapToInt(java.util.Arrays::stream).asLongStream().toArray();
    }

    static long[] flat3(long[][][] a) {
        return java.util.Arrays.stream(a).flatMap(java.util.Arrays::stream).flatMapToLong(java.util.Arrays::stream).toArray();
    }
}
