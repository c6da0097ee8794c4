package dev.seedframe.engine.qwenimage.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.Bf16GuardException;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.runtime.torchscript.TorchDtype;
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
 * The transformer loaded in {@link Precision#BF16} (bf16 weights and activations, f32 islands as in
 * diffusers) against diffusers' float32 outputs on the tiny checkpoint.
 *
 * <p>Tolerance: bf16 keeps 8 significant bits, so each rounding has a relative error up to 2^-9 ≈ 0.2%.
 * The tiny model runs ~40 rounded ops per block and 2 blocks, with errors partly cancelling (random walk),
 * and the timestep itself is rounded to bf16 (σ = 0.73 becomes 0.73046875). We require the relative
 * Frobenius error ‖bf16 − f32‖/‖f32‖ ≤ 3% (≈ 15·2^-9) and the max abs error ≤ 3% of the output's max
 * magnitude, which a mistake (wrong op order, a missing norm, a lost mask) exceeds by far — a dropped
 * mask in case {@code b} gives tens of percent. Measured on this CPU (libtorch 2.7.1), relative Frobenius /
 * max abs / max |ref|: case a 1.18% / 0.021 / 1.63; case b 1.30% / 0.029 / 1.77; case c 0.79% / 0.016 /
 * 1.62; t2i_basic step 0 1.44% / 0.025 / 1.40 (about 2x below the bounds). The f32 parity (1e-4) is
 * {@link QwenImageTransformerParityTest}'s and unchanged.
 */
@Tag("parity")
class QwenImageTransformerBf16ParityTest {

    static final double MAX_REL_FROBENIUS = 0.03;
    static final double MAX_ABS_OF_RANGE = 0.03;

    static NDManager manager;
    static QwenImageTransformer model;

    @BeforeAll
    static void load() throws Exception {
        manager = DjlRuntime.newCpuManager();
        model = QwenImageTransformer.open(Golden.tinyModel().resolve("transformer"), manager,
                TestRuntime.bf16(), TestRuntime.get());
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    /** Relative Frobenius error, max abs error and max |expected|, printed for the record. */
    static double[] compare(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        double num = 0;
        double den = 0;
        double maxAbs = 0;
        double range = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = actual[i] - expected[i];
            assertTrue(Double.isFinite(actual[i]), what + " holds a non-finite value at " + i);
            num += d * d;
            den += (double) expected[i] * expected[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
            range = Math.max(range, Math.abs(expected[i]));
        }
        double rel = Math.sqrt(num / den);
        System.out.printf("%s (bf16 vs f32 reference): rel %.4g, max abs %.4g, max |ref| %.4g%n", what, rel, maxAbs,
                range);
        return new double[] {rel, maxAbs, range};
    }

    static void assertBf16Close(String what, float[] expected, float[] actual) {
        double[] r = compare(what, expected, actual);
        assertTrue(r[0] <= MAX_REL_FROBENIUS, what + ": relative error " + r[0] + " > " + MAX_REL_FROBENIUS);
        assertTrue(r[1] <= MAX_ABS_OF_RANGE * r[2], what + ": max abs error " + r[1] + " > " + MAX_ABS_OF_RANGE
                + " × " + r[2]);
    }

    static void check(SafetensorsFile ref, String in, String maskName, String outName, List<ImageShape> shapes)
            throws Exception {
        try (NDManager m = manager.newSubManager()) {
            NDArray mask = maskName == null ? null : QwenImageTransformerParityTest.tensor(m, ref, maskName);
            NDArray out = model.forward(
                    QwenImageTransformerParityTest.tensor(m, ref, in + "hidden_states"),
                    QwenImageTransformerParityTest.tensor(m, ref, in + "encoder_hidden_states"),
                    mask,
                    QwenImageTransformerParityTest.tensor(m, ref, in + "timestep"),
                    shapes);
            assertTrue(Bf16.isBf16(out), "a bf16 model returns bf16");
            assertEquals(TorchDtype.BFLOAT16, TestRuntime.helper().dtype(out));
            float[] actual = TestRuntime.bf16Tools().toFloatArray(out);
            assertBf16Close(outName, TensorAssert.floats(ref, outName), actual);
        }
    }

    @Test
    void singleImageWithoutMaskIsWithinBf16ToleranceOfDiffusers() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("transformer_reference.safetensors"))) {
            check(ref, "a.", null, "a.output", List.of(ImageShape.of(3, 5)));
        }
    }

    @Test
    void paddedBatchWithPerSampleTimestepsIsWithinBf16ToleranceOfDiffusers() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("transformer_reference.safetensors"))) {
            check(ref, "b.", "b.encoder_hidden_states_mask", "b.output", List.of(ImageShape.of(3, 5)));
        }
    }

    @Test
    void twoImageSegmentsAreWithinBf16ToleranceOfDiffusers() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("transformer_reference.safetensors"))) {
            check(ref, "c.", "c.encoder_hidden_states_mask", "c.output",
                    List.of(ImageShape.of(3, 5), ImageShape.of(2, 2)));
        }
    }

    @Test
    void firstTextToImageStepIsWithinBf16ToleranceOfThePipeline() throws Exception {
        try (SafetensorsFile ref = Golden.caseReference("t2i_basic")) {
            check(ref, "step0.transformer.cond.in.", null, "step0.transformer.cond.out",
                    List.of(ImageShape.of(4, 4)));
        }
    }

    @Test
    void bf16InputsToAFloat32ModelAreRefusedWithAMessageAndTheJvmSurvives() throws Exception {
        try (NDManager m = manager.newSubManager();
                NDManager f32Manager = DjlRuntime.newCpuManager();
                SafetensorsFile ref = Golden.open(Golden.component("transformer_reference.safetensors"))) {
            QwenImageTransformer f32 = QwenImageTransformer.open(Golden.tinyModel().resolve("transformer"), f32Manager,
                    TestRuntime.f32(), TestRuntime.get());
            NDArray hidden = TestRuntime.bf16Tools().toBf16(QwenImageTransformerParityTest.tensor(m, ref, "a.hidden_states"));
            Bf16GuardException e = assertThrows(Bf16GuardException.class, () -> f32.forward(hidden,
                    QwenImageTransformerParityTest.tensor(m, ref, "a.encoder_hidden_states"), null,
                    QwenImageTransformerParityTest.tensor(m, ref, "a.timestep"), List.of(ImageShape.of(3, 5))));
            assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
            assertTrue(e.getMessage().contains("QwenImageTransformer.forward"), e.getMessage());
            // still alive: the same JVM keeps computing
            assertEquals(3f, m.create(new float[] {1f, 2f}).sum().getFloat());
        }
    }
}
