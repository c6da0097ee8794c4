package dev.seedframe.engine.qwenimage.textencoder;

import static dev.seedframe.testing.ParityLog.assertCloseLogged;
import static dev.seedframe.testing.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The text encoder on the tiny checkpoint against {@code golden/components/text_encoder_reference.safetensors}
 * (transformers 5.12 {@code Qwen2_5_VLForConditionalGeneration}, f32, CPU).
 */
@Tag("parity")
class QwenVlTextEncoderParityTest {

    /** Fixture README: text-encoder hidden states, max abs 1e-4. */
    static final double HIDDEN_ATOL = 1e-4;

    private static NDManager manager;
    private static QwenVlTextEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        manager = DjlRuntime.newCpuManager();
        encoder = QwenVlTextEncoder.load(Golden.tinyModel().resolve("text_encoder"), manager,
                TestRuntime.f32(), TestRuntime.get());
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void everyHiddenStateOfTheTemplatedPromptMatches() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("text_encoder_reference.safetensors"));
                NDManager m = manager.newSubManager()) {
            long[] shape = ref.info("b1.input_ids").shape();
            NDArray ids = m.create(TensorAssert.longs(ref, "b1.input_ids"), new Shape(shape));
            NDArray mask = m.create(TensorAssert.longs(ref, "b1.attention_mask"), new Shape(shape));
            NDList hs = encoder.hiddenStates(ids, mask);
            assertEquals(encoder.config().numHiddenLayers() + 1, hs.size());
            for (int i = 0; i < hs.size(); i++) {
                assertCloseLogged(ref, "b1.hidden_states." + i, hs.get(i), HIDDEN_ATOL);
            }
        }
    }

    @Test
    void lastHiddenStateEqualsTheLastOfAllHiddenStates() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("text_encoder_reference.safetensors"));
                NDManager m = manager.newSubManager()) {
            long[] shape = ref.info("b1.input_ids").shape();
            NDArray ids = m.create(TensorAssert.longs(ref, "b1.input_ids"), new Shape(shape));
            assertClose(ref, "b1.hidden_states.2", encoder.forward(ids, null), HIDDEN_ATOL);
        }
    }

    @Test
    void rightPaddedBatchMatchesOnValidPositions() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("text_encoder_reference.safetensors"));
                NDManager m = manager.newSubManager()) {
            long[] shape = ref.info("b2.input_ids").shape();
            long[] maskValues = TensorAssert.longs(ref, "b2.attention_mask");
            NDArray ids = m.create(TensorAssert.longs(ref, "b2.input_ids"), new Shape(shape));
            NDArray mask = m.create(maskValues, new Shape(shape));
            float[] got = encoder.forward(ids, mask).toFloatArray();
            float[] want = TensorAssert.floats(ref, "b2.hidden_states_last");
            int s = (int) shape[1];
            int d = encoder.config().hiddenSize();
            float[] wantValid = new float[want.length];
            float[] gotValid = new float[got.length];
            int n = 0;
            int padded = 0;
            for (int t = 0; t < shape[0] * s; t++) {
                if (maskValues[t] == 0) {
                    padded++;
                    continue;
                }
                System.arraycopy(want, t * d, wantValid, n, d);
                System.arraycopy(got, t * d, gotValid, n, d);
                n += d;
            }
            assertCloseLogged("b2.hidden_states_last (valid positions)",
                    Arrays.copyOf(wantValid, n), Arrays.copyOf(gotValid, n), HIDDEN_ATOL);
            assertEquals(1, padded, "the fixture pads one position");
        }
    }

    /**
     * The multimodal forward of {@code vision_text_encoder_reference}: the reference's merged vision
     * features spliced into the token embeddings at the {@code <|image_pad|>} positions, run through
     * {@link QwenVlTextEncoder#forwardEmbeds} with explicit position ids, as the vision path will call it.
     *
     * <p>The fixture (transformers 5.12, called as diffusers' edit pipeline calls it) used plain sequential
     * positions 0..S-1 on all three axes, not the 3D image layout of transformers 4.x {@code get_rope_index}
     * (t = h = w = start for the first image token, then h/w walking the merged grid): this test pins that.
     */
    @Test
    void imageEmbeddingsMatchTheMultimodalReferenceWhichUsesSequentialPositions() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("vision_text_encoder_reference.safetensors"));
                NDManager m = manager.newSubManager()) {
            long[] ids = TensorAssert.longs(ref, "input_ids");
            int s = ids.length;
            int d = encoder.config().hiddenSize();
            long imagePad = encoder.config().tokens().imageTokenId().orElseThrow();

            float[] embeds = encoder.embedTokens(m.create(ids, new Shape(1, s))).toFloatArray();
            float[] image = TensorAssert.floats(ref, "visual.merged_embeds");
            int n = 0;
            for (int i = 0; i < s; i++) {
                if (ids[i] == imagePad) {
                    System.arraycopy(image, n++ * d, embeds, i * d, d);
                }
            }
            assertEquals(image.length / d, n, "one <|image_pad|> per merged feature");
            NDArray inputsEmbeds = m.create(embeds, new Shape(1, s, d));
            assertCloseLogged(ref, "hidden_states_embed", inputsEmbeds, HIDDEN_ATOL);

            long[] sequential = new long[3 * s];
            for (int i = 0; i < 3 * s; i++) {
                sequential[i] = i % s;
            }
            NDArray last = encoder.forwardEmbeds(inputsEmbeds, null, m.create(sequential, new Shape(3, 1, s)));
            assertCloseLogged(ref, "hidden_states_last", last, HIDDEN_ATOL);

            // the edit pipeline's prompt_embeds: drop its 64-token template prefix
            int editDropIdx = 64;
            float[] all = last.toFloatArray();
            assertCloseLogged("vision prompt_embeds (hidden_states_last[:, 64:])", TensorAssert.floats(ref, "prompt_embeds"),
                    Arrays.copyOfRange(all, editDropIdx * d, s * d), HIDDEN_ATOL);
        }
    }

    @Test
    void tinyCheckpointUsesTheLegacyKeySpelling() {
        assertFalse(encoder.usesLanguageModelKeys());
    }
}
