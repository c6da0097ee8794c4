package dev.seedframe.engine.qwenimage.transformer;

import static dev.seedframe.testing.TensorAssert.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The transformer against diffusers' own outputs on the tiny checkpoint: the three direct calls of
 * {@code components/transformer_reference.safetensors} and the first-step calls of the pipeline
 * cases (tolerance from the fixture README: max abs 1e-4; 5e-4 for the edit case).
 */
@Tag("parity")
class QwenImageTransformerParityTest {

    static final double ATOL = 1e-4;
    /** RoPE tables are cos/sin of f32 angles: float noise only. */
    static final double ROPE_ATOL = 1e-6;

    static NDManager manager;
    static QwenImageTransformer model;

    @BeforeAll
    static void load() throws Exception {
        manager = DjlRuntime.newCpuManager();
        model = QwenImageTransformer.open(Golden.tinyModel().resolve("transformer"), manager,
                TestRuntime.f32(), TestRuntime.get());
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    static NDArray tensor(NDManager m, SafetensorsFile ref, String name) {
        long[] shape = TensorAssert.shape(ref, name);
        String dtype = ref.tensors().get(name).dtype().toString();
        if (dtype.startsWith("I")) {
            return m.create(TensorAssert.longs(ref, name), new Shape(shape));
        }
        return m.create(TensorAssert.floats(ref, name), new Shape(shape));
    }

    /** Runs the model on {@code prefix.*} inputs and compares with {@code outName}. */
    static void check(SafetensorsFile ref, String in, String maskName, String outName, List<ImageShape> shapes,
            double atol) throws Exception {
        try (NDManager m = manager.newSubManager()) {
            NDArray mask = maskName == null ? null : tensor(m, ref, maskName);
            NDArray out = model.forward(
                    tensor(m, ref, in + "hidden_states"),
                    tensor(m, ref, in + "encoder_hidden_states"),
                    mask,
                    tensor(m, ref, in + "timestep"),
                    shapes);
            report(ref, outName, out);
            assertClose(ref, outName, out, atol);
        }
    }

    /** Logs the observed max abs difference (surefire's -output.txt) for the record. */
    static double report(SafetensorsFile ref, String name, NDArray actual) {
        double d = TensorAssert.maxAbsDiff(TensorAssert.floats(ref, name), actual.toFloatArray());
        System.out.printf("%s: max |diff| = %.3g%n", name, d);
        return d;
    }

    static void checkRope(SafetensorsFile ref, String prefix, List<ImageShape> shapes, int textLen) throws Exception {
        QwenEmbedRope.Freqs f = model.ropeFreqs(shapes, textLen);
        try (NDManager m = manager.newSubManager()) {
            NDArray vid = complex(m, f.imgCos(), f.imgSin());
            NDArray txt = complex(m, f.txtCos(), f.txtSin());
            report(ref, prefix + "vid_freqs", vid);
            report(ref, prefix + "txt_freqs", txt);
            assertClose(ref, prefix + "vid_freqs", vid, ROPE_ATOL);
            assertClose(ref, prefix + "txt_freqs", txt, ROPE_ATOL);
        }
    }

    /** {@code [L, 1, P]} cos/sin → the fixture's {@code view_as_real} layout {@code [L, P, 2]}. */
    static NDArray complex(NDManager m, NDArray cos, NDArray sin) {
        long l = cos.getShape().get(0);
        long p = cos.getShape().get(2);
        NDArray c = m.create(cos.toFloatArray(), new Shape(l, p));
        NDArray s = m.create(sin.toFloatArray(), new Shape(l, p));
        return c.stack(s, -1); // [L, P, 2]
    }

    @Test
    void singleImageWithoutMaskMatchesDiffusers() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("transformer_reference.safetensors"))) {
            List<ImageShape> shapes = List.of(ImageShape.of(3, 5));
            checkRope(ref, "a.rope.", shapes, 7);
            check(ref, "a.", null, "a.output", shapes, ATOL);
        }
    }

    @Test
    void batchWithRightPaddedTextAndPerSampleTimestepsMatchesDiffusers() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("transformer_reference.safetensors"))) {
            List<ImageShape> shapes = List.of(ImageShape.of(3, 5));
            checkRope(ref, "b.rope.", shapes, 7);
            check(ref, "b.", "b.encoder_hidden_states_mask", "b.output", shapes, ATOL);
        }
    }

    @Test
    void twoImageSegmentsWithAllOnesMaskMatchDiffusers() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("transformer_reference.safetensors"))) {
            List<ImageShape> shapes = List.of(ImageShape.of(3, 5), ImageShape.of(2, 2));
            checkRope(ref, "c.rope.", shapes, 7);
            check(ref, "c.", "c.encoder_hidden_states_mask", "c.output", shapes, ATOL);
        }
    }

    @Test
    void firstTextToImageStepMatchesThePipeline() throws Exception {
        try (SafetensorsFile ref = Golden.caseReference("t2i_basic")) {
            List<ImageShape> shapes = List.of(ImageShape.of(4, 4));
            checkRope(ref, "rope.", shapes, 12);
            check(ref, "step0.transformer.cond.in.", null, "step0.transformer.cond.out", shapes, ATOL);
        }
    }

    @Test
    void firstGuidedStepMatchesThePipelineForBothBranches() throws Exception {
        try (SafetensorsFile ref = Golden.caseReference("t2i_cfg")) {
            List<ImageShape> shapes = List.of(ImageShape.of(4, 4));
            check(ref, "step0.transformer.cond.in.", null, "step0.transformer.cond.out", shapes, ATOL);
            check(ref, "step0.transformer.uncond.in.", null, "step0.transformer.uncond.out", shapes, ATOL);
        }
    }
}
