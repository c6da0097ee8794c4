package dev.seedframe.engine.qwenimage.textencoder;

import static dev.seedframe.testing.ParityLog.assertCloseLogged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.tokenizer.QwenTokenizer;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TestRuntime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * T2I prompt encoding on the tiny pipeline against the {@code prompt_embeds} / {@code neg.prompt_embeds} of
 * the golden cases (diffusers {@code _get_qwen_prompt_embeds} + {@code encode_prompt}, max_sequence_length 512).
 */
@Tag("parity")
class PromptEncoderParityTest {

    /** Fixture README: prompt_embeds, max abs 1e-4. */
    static final double EMBEDS_ATOL = 1e-4;

    private static NDManager manager;
    private static QwenTokenizer tokenizer;
    private static QwenVlTextEncoder textEncoder;
    private static PromptEncoder prompts;

    @BeforeAll
    static void load() throws Exception {
        manager = DjlRuntime.newCpuManager();
        tokenizer = QwenTokenizer.load(Golden.tinyModel().resolve("tokenizer"));
        textEncoder = QwenVlTextEncoder.load(Golden.tinyModel().resolve("text_encoder"), manager,
                TestRuntime.f32(), TestRuntime.get());
        prompts = new PromptEncoder(tokenizer, textEncoder);
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    private static JsonObject callArgs(String c) {
        return JsonParser.parseString(Golden.read(Golden.caseDir(c).resolve("args.json")))
                .getAsJsonObject().getAsJsonObject("call_args");
    }

    private static void checkCase(String c) throws Exception {
        JsonObject call = callArgs(c);
        try (SafetensorsFile ref = Golden.caseReference(c); NDManager m = manager.newSubManager()) {
            check(ref, "prompt_embeds", call.get("prompt").getAsString(), m);
            if (call.has("negative_prompt")) {
                check(ref, "neg.prompt_embeds", call.get("negative_prompt").getAsString(), m);
            }
        }
    }

    private static void check(SafetensorsFile ref, String name, String prompt, NDManager m) throws Exception {
        try (PromptEmbeds e = prompts.encode(prompt, m)) {
            assertCloseLogged(ref, name, e.embeds(), EMBEDS_ATOL);
            assertTrue(e.mask().isEmpty(), "one prompt has an all-ones mask, which diffusers drops");
            assertEquals(ref.info(name).shape()[1], e.length());
            assertFalse(e.truncated());
            assertEquals(e.length() - 5, e.promptTokens(0), "the five closing template tokens are kept");
        }
    }

    @Test
    void t2iBasicPromptEmbedsMatch() throws Exception {
        checkCase("t2i_basic");
    }

    @Test
    void t2iCfgPromptAndNegativePromptEmbedsMatch() throws Exception {
        checkCase("t2i_cfg");
    }

    @Test
    void chinesePromptEmbedsMatch() throws Exception {
        checkCase("t2i_chinese");
    }

    @Test
    void img2imgPromptEmbedsMatch() throws Exception {
        checkCase("img2img");
    }

    @Test
    void inpaintPromptEmbedsMatch() throws Exception {
        checkCase("inpaint_rect");
    }

    @Test
    void aShortMaxSequenceLengthKeepsTheFirstRowsAndCountsTheCut() throws Exception {
        try (SafetensorsFile ref = Golden.caseReference("t2i_basic"); NDManager m = manager.newSubManager();
                PromptEmbeds e = prompts.encode(callArgs("t2i_basic").get("prompt").getAsString(), 3, m)) {
            float[] all = TensorAssert.floats(ref, "prompt_embeds");
            int d = textEncoder.config().hiddenSize();
            assertEquals(3, e.length());
            assertCloseLogged("t2i_basic prompt_embeds[:, :3]", Arrays.copyOf(all, 3 * d), e.embeds().toFloatArray(),
                    EMBEDS_ATOL);
            assertEquals(7, e.promptTokens(0), "\"A red circle on a blue background\" is 7 tokens");
            assertEquals(4, e.truncatedPromptTokens(0));
            assertTrue(e.truncated());
        }
    }

    @Test
    void aPromptBeyondTheTokenizerLimitIsCutAt1058TokensAndReported() throws Exception {
        String prompt = "word ".repeat(1200).strip(); // 1200 tokens
        try (NDManager m = manager.newSubManager(); PromptEmbeds e = prompts.encode(prompt, 1024, m)) {
            assertEquals(1200, e.promptTokens(0));
            assertEquals(1024, e.length());
            assertEquals(1200 - 1024, e.truncatedPromptTokens(0));
            // independently: the first 1058 template tokens through the encoder, rows 34..1057
            long[] ids = Arrays.copyOf(tokenizer.encode(PromptEncoder.PROMPT_TEMPLATE.replace("{}", prompt)), 1058);
            NDArray hidden = textEncoder.forward(m.create(ids, new Shape(1, ids.length)), null);
            float[] want = hidden.toFloatArray();
            int d = textEncoder.config().hiddenSize();
            assertArrayEquals(Arrays.copyOfRange(want, 34 * d, 1058 * d), e.embeds().toFloatArray());
        }
    }

    @Test
    void theDefaultLengthKeeps512TokensOfALongPrompt() throws Exception {
        String prompt = "word ".repeat(600).strip();
        try (NDManager m = manager.newSubManager(); PromptEmbeds e = prompts.encode(prompt, m)) {
            assertEquals(512, e.length());
            assertEquals(600 - 512, e.truncatedPromptTokens(0));
        }
    }

    @Test
    void aBatchIsPaddedWithZerosAndMaskedAndMatchesSinglePrompts() throws Exception {
        String a = callArgs("t2i_basic").get("prompt").getAsString();
        String b = callArgs("t2i_chinese").get("prompt").getAsString();
        try (NDManager m = manager.newSubManager();
                PromptEmbeds both = prompts.encode(List.of(a, b), 512, m);
                PromptEmbeds ea = prompts.encode(a, m);
                PromptEmbeds eb = prompts.encode(b, m)) {
            int la = ea.length();
            int lb = eb.length();
            int l = Math.max(la, lb);
            int d = textEncoder.config().hiddenSize();
            assertEquals(l, both.length());
            float[] got = both.embeds().toFloatArray();
            assertCloseLogged("batch row 0", ea.embeds().toFloatArray(), Arrays.copyOfRange(got, 0, la * d), 1e-5);
            assertCloseLogged("batch row 1", eb.embeds().toFloatArray(), Arrays.copyOfRange(got, l * d, (l + lb) * d), 1e-5);
            float[] pad = la < l ? Arrays.copyOfRange(got, la * d, l * d) : Arrays.copyOfRange(got, (l + lb) * d, 2 * l * d);
            for (float v : pad) {
                assertEquals(0f, v);
            }
            long[] mask = both.mask().orElseThrow().toLongArray();
            long[] want = new long[2 * l];
            Arrays.fill(want, 0, la, 1);
            Arrays.fill(want, l, l + lb, 1);
            assertArrayEquals(want, mask);
        }
    }

    @Test
    void aPromptStartingWithALineBreakIsEncodedLikeTheReference() throws Exception {
        // the prefix's "\n" and the prompt's "\n" become one token, which the reference drops with the prefix
        try (NDManager m = manager.newSubManager(); PromptEmbeds e = prompts.encode("\nA red circle", m)) {
            assertEquals(3, e.promptTokens(0), "'A', ' red', ' circle'");
            assertEquals(8, e.length());
        }
    }

    @Test
    void anEmptyPromptKeepsOnlyTheClosingTemplateTokens() throws Exception {
        try (NDManager m = manager.newSubManager(); PromptEmbeds e = prompts.encode("", m)) {
            assertEquals(5, e.length());
            assertEquals(0, e.promptTokens(0));
        }
    }

    @Test
    void maxSequenceLengthOutsideOneTo1024IsRejected() {
        for (int bad : new int[] {0, -1, 1025}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> prompts.encode("a", bad, manager));
            assertTrue(e.getMessage().contains("between 1 and 1024") && e.getMessage().contains(String.valueOf(bad)),
                    e.getMessage());
        }
    }

    @Test
    void aNullPromptIsRejected() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> prompts.encode(Arrays.asList("a", null), 16, manager));
        assertTrue(e.getMessage().contains("Prompt 1"), e.getMessage());
    }

    @Test
    void aTemplatePrefixOfTheWrongLengthOrEndingIsRejected() {
        long[] good = new long[34];
        good[31] = 151644;
        good[32] = 872;
        good[33] = 198;
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> PromptEncoder.checkTemplatePrefix(good));
        EngineException shorter = assertThrows(EngineException.class,
                () -> PromptEncoder.checkTemplatePrefix(Arrays.copyOfRange(good, 1, 34)));
        assertTrue(shorter.getMessage().contains("33 tokens"), shorter.getMessage());
        long[] wrongEnd = good.clone();
        wrongEnd[32] = 8948;
        assertThrows(EngineException.class, () -> PromptEncoder.checkTemplatePrefix(wrongEnd));
    }
}
