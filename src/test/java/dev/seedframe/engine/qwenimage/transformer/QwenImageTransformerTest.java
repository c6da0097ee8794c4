package dev.seedframe.engine.qwenimage.transformer;

import static dev.seedframe.engine.qwenimage.transformer.QwenImageTransformerParityTest.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.CheckpointMismatchException;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, input checking, caching and native memory of the transformer on the tiny checkpoint. */
class QwenImageTransformerTest {

    static final List<ImageShape> CASE_SHAPES = List.of(ImageShape.of(3, 5));

    static NDManager manager;
    static QwenImageTransformer model;
    static SafetensorsFile ref;

    @BeforeAll
    static void load() throws Exception {
        manager = DjlRuntime.newCpuManager();
        model = QwenImageTransformer.open(Golden.tinyModel().resolve("transformer"), manager,
                TestRuntime.f32(), TestRuntime.get());
        ref = Golden.open(Golden.component("transformer_reference.safetensors"));
    }

    @AfterAll
    static void close() {
        if (ref != null) {
            ref.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    /** Case b of the reference: batch 2, right-padded text mask, per-sample timesteps. */
    static NDArray runCaseB(NDManager m, NDArray mask, List<ImageShape> shapes) throws EngineException {
        return runCaseB(m, mask, shapes, null);
    }

    static NDArray runCaseB(NDManager m, NDArray mask, List<ImageShape> shapes,
            dev.seedframe.domain.CancellationToken cancel) throws EngineException {
        return model.forward(
                tensor(m, ref, "b.hidden_states"),
                tensor(m, ref, "b.encoder_hidden_states"),
                mask,
                tensor(m, ref, "b.timestep"),
                shapes,
                cancel);
    }

    static Path copyOfTinyTransformer(Path dir) throws IOException {
        Path src = Golden.tinyModel().resolve("transformer");
        Path dst = dir.resolve("transformer");
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(src)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, dst.resolve(p.getFileName()));
            }
        }
        return dst;
    }

    static void editConfig(Path transformerDir, String from, String to) throws IOException {
        Path cfg = transformerDir.resolve("config.json");
        String json = Files.readString(cfg);
        assertTrue(json.contains(from), "tiny config.json should contain " + from);
        Files.writeString(cfg, json.replace(from, to));
    }

    @Test
    void configWithMoreHeadsThanTheWeightsIsRefusedListingTheMisShapedTensors(@TempDir Path dir) throws Exception {
        Path t = copyOfTinyTransformer(dir);
        editConfig(t, "\"num_attention_heads\": 3", "\"num_attention_heads\": 4");
        try (NDManager m = DjlRuntime.newCpuManager()) {
            CheckpointMismatchException e =
                    assertThrows(CheckpointMismatchException.class, () -> QwenImageTransformer.open(t, m,
                            TestRuntime.f32(), TestRuntime.get()));
            // inner width 4·16 = 64 instead of 48: every projection is mis-shaped, the per-head norms are not
            assertTrue(e.wrongShape().stream().anyMatch(s -> s.startsWith("img_in.weight:")), e.getMessage());
            assertTrue(e.wrongShape().stream().anyMatch(s -> s.startsWith("transformer_blocks.1.attn.to_q.weight:")),
                    e.getMessage());
            assertTrue(e.wrongShape().stream().anyMatch(s -> s.startsWith("proj_out.weight:")), e.getMessage());
            assertTrue(e.wrongShape().stream().noneMatch(s -> s.contains("norm_q")), e.getMessage());
            assertTrue(e.missing().isEmpty() && e.unexpected().isEmpty(), e.getMessage());
            assertTrue(e.wrongShape().stream().anyMatch(s -> s.startsWith("transformer_blocks.0.img_mlp.net.0.proj.weight")),
                    e.getMessage());
            // the message names the first 20 and counts the rest (issue 16)
            assertTrue(e.getMessage().contains("... and 47 more"), e.getMessage());
        }
    }

    @Test
    void configWithFewerLayersThanTheWeightsNamesTheUnusedBlock(@TempDir Path dir) throws Exception {
        Path t = copyOfTinyTransformer(dir);
        editConfig(t, "\"num_layers\": 2", "\"num_layers\": 1");
        try (NDManager m = DjlRuntime.newCpuManager()) {
            CheckpointMismatchException e =
                    assertThrows(CheckpointMismatchException.class, () -> QwenImageTransformer.open(t, m,
                            TestRuntime.f32(), TestRuntime.get()));
            assertTrue(e.unexpected().contains("transformer_blocks.1.attn.to_q.weight"), e.getMessage());
            assertTrue(e.unexpected().stream().allMatch(s -> s.startsWith("transformer_blocks.1.")), e.getMessage());
            assertTrue(e.missing().isEmpty() && e.wrongShape().isEmpty(), e.getMessage());
        }
    }

    @Test
    void repeatedForwardsDoNotGrowNativeMemory() throws Exception {
        try (NDManager inputs = manager.newSubManager()) {
            NDArray mask = tensor(inputs, ref, "b.encoder_hidden_states_mask");
            runCaseB(inputs, mask, CASE_SHAPES).close(); // warm-up fills the RoPE cache
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 10; i++) {
                NDArray out = runCaseB(inputs, mask, CASE_SHAPES);
                out.close();
            }
            // each run created its 4 inputs on `inputs`; nothing else may remain
            assertEquals(before + 10 * 3, manager.getManagedArrays().size());
        }
    }

    @Test
    void forwardsInsideCallerScopesKeepTheCachedTablesAlive() throws Exception {
        model.clearCaches(); // the tables are then created inside the first caller scope
        float[] first;
        QwenEmbedRope.Freqs tables;
        try (NDScope step = new NDScope()) {
            step.suppressNotUsedWarning();
            NDArray out = runCaseB(manager, tensor(manager, ref, "b.encoder_hidden_states_mask"), CASE_SHAPES);
            first = out.toFloatArray();
            tables = model.ropeFreqs(CASE_SHAPES, 7);
        }
        assertFalse(tables.imgCos().isReleased() || tables.txtSin().isReleased(), "cached tables were freed");
        try (NDScope step = new NDScope()) {
            step.suppressNotUsedWarning();
            NDArray out = runCaseB(manager, tensor(manager, ref, "b.encoder_hidden_states_mask"), CASE_SHAPES);
            TensorAssert.assertClose("second call", first, out.toFloatArray(), 0.0);
            assertSame(tables, model.ropeFreqs(CASE_SHAPES, 7));
        }
    }

    @Test
    void aCancelBetweenBlocksStopsTheForwardAndLeavesNothingBehind() throws Exception {
        try (NDManager inputs = manager.newSubManager()) {
            NDArray mask = tensor(inputs, ref, "b.encoder_hidden_states_mask");
            float[] expected = runCaseB(inputs, mask, CASE_SHAPES).toFloatArray(); // warm-up fills the RoPE cache
            int before = manager.getManagedArrays().size();
            dev.seedframe.domain.CancellationToken token = new dev.seedframe.domain.CancellationToken();
            token.cancel();
            dev.seedframe.engine.CancelledException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.seedframe.engine.CancelledException.class, () -> runCaseB(inputs, mask, CASE_SHAPES, token));
            assertTrue(e.getMessage().contains("during a step"), e.getMessage());
            // only the cancelled call's 3 inputs remain: every activation of the stopped forward was freed
            assertEquals(before + 3, manager.getManagedArrays().size());
            TensorAssert.assertClose("after the cancel", expected, runCaseB(inputs, mask, CASE_SHAPES).toFloatArray(),
                    0.0);
        }
    }

    @Test
    void outputLivesOnTheCallersManager() throws Exception {
        try (NDManager inputs = manager.newSubManager()) {
            NDArray out = runCaseB(inputs, tensor(inputs, ref, "b.encoder_hidden_states_mask"), CASE_SHAPES);
            assertSame(inputs, out.getManager());
            assertEquals(new Shape(2, 15, 16), out.getShape());
        }
    }

    @Test
    void ropeTablesAreReusedAcrossCondAndUncondCalls() throws Exception {
        QwenEmbedRope.Freqs cond = model.ropeFreqs(List.of(ImageShape.of(4, 4)), 12);
        QwenEmbedRope.Freqs uncond = model.ropeFreqs(List.of(ImageShape.of(4, 4)), 6);
        assertSame(cond, model.ropeFreqs(List.of(ImageShape.of(4, 4)), 12));
        assertSame(uncond, model.ropeFreqs(List.of(ImageShape.of(4, 4)), 6));
    }

    @Test
    void ignoringThePaddingMaskChangesTheOutputWellBeyondTolerance() throws Exception {
        // guards the parity test: the fixture is sensitive to the mask, so passing it proves the mask is used
        try (NDManager m = manager.newSubManager()) {
            NDArray out = runCaseB(m, null, CASE_SHAPES);
            double d = TensorAssert.maxAbsDiff(TensorAssert.floats(ref, "b.output"), out.toFloatArray());
            assertTrue(d > 1e-2, "max diff without mask " + d);
        }
    }

    @Test
    void transposedImageShapesChangeTheOutputWellBeyondTolerance() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            NDArray out = runCaseB(m, tensor(m, ref, "b.encoder_hidden_states_mask"), List.of(ImageShape.of(5, 3)));
            double d = TensorAssert.maxAbsDiff(TensorAssert.floats(ref, "b.output"), out.toFloatArray());
            assertTrue(d > 1e-2, "max diff with (5, 3) instead of (3, 5): " + d);
        }
    }

    @Test
    void imageShapesThatDoNotCoverTheTokensAreRefused() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> runCaseB(m, null, List.of(ImageShape.of(4, 4))));
            assertTrue(e.getMessage().contains("16 image tokens but hidden_states holds 15"), e.getMessage());
        }
    }

    @Test
    void latentsWithTheWrongFeatureCountAreRefused() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> model.forward(
                    m.zeros(new Shape(1, 15, 64)),
                    tensor(m, ref, "a.encoder_hidden_states"),
                    null,
                    tensor(m, ref, "a.timestep"),
                    CASE_SHAPES));
            assertTrue(e.getMessage().contains("16 features per token"), e.getMessage());
        }
    }

    @Test
    void aMaskThatDoesNotMatchTheTextIsRefused() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> runCaseB(m, m.ones(new Shape(2, 6)), CASE_SHAPES));
            assertTrue(e.getMessage().contains("encoder_hidden_states_mask must be [2, 7]"), e.getMessage());
        }
    }

    @Test
    void aTimestepPerSampleOrOneForTheBatchIsRequired() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> model.forward(
                    tensor(m, ref, "b.hidden_states"),
                    tensor(m, ref, "b.encoder_hidden_states"),
                    null,
                    m.create(new float[] {0.1f, 0.2f, 0.3f}),
                    CASE_SHAPES));
            assertTrue(e.getMessage().contains("timestep must be [2]"), e.getMessage());
        }
    }
}
