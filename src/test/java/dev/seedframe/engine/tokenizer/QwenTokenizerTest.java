package dev.seedframe.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer against {@code golden/components/tokenizer_reference.json} and the templated ids of the
 * text-encoder and pipeline references, through both folder layouts: the fixture's {@code tokenizer.json},
 * and {@code vocab.json} + {@code merges.txt} (+ the added-token files the real Qwen-Image folder ships).
 */
class QwenTokenizerTest {

    /** The fixture's tokenizer_config.json has no added_tokens_decoder; the real Qwen-Image one has. */
    private static Path vocabLayoutDir;

    private static QwenTokenizer fromTokenizerJson;
    private static QwenTokenizer fromVocabAndMerges;

    @BeforeAll
    static void loadBothLayouts(@TempDir Path tmp) throws Exception {
        Path tokDir = Golden.tinyModel().resolve("tokenizer");
        fromTokenizerJson = QwenTokenizer.load(tokDir);

        vocabLayoutDir = tmp.resolve("tokenizer");
        Files.createDirectories(vocabLayoutDir);
        copy(tokDir, vocabLayoutDir, "vocab.json", "merges.txt");
        JsonObject config = readJson(tokDir.resolve("tokenizer_config.json"));
        config.add("added_tokens_decoder", addedTokensDecoder(tokDir.resolve("tokenizer.json")));
        Files.writeString(vocabLayoutDir.resolve("tokenizer_config.json"), config.toString());
        fromVocabAndMerges = QwenTokenizer.load(vocabLayoutDir);
    }

    @AfterAll
    static void close() {
        if (fromTokenizerJson != null) {
            fromTokenizerJson.close();
        }
        if (fromVocabAndMerges != null) {
            fromVocabAndMerges.close();
        }
    }

    private record Case(String text, long[] ids, String[] tokens) {}

    private static List<Case> referenceCases() {
        JsonObject root = JsonParser.parseString(Golden.read(Golden.component("tokenizer_reference.json"))).getAsJsonObject();
        List<Case> out = new ArrayList<>();
        for (JsonElement el : root.getAsJsonArray("cases")) {
            JsonObject c = el.getAsJsonObject();
            JsonArray ids = c.getAsJsonArray("ids");
            long[] idArr = new long[ids.size()];
            for (int i = 0; i < idArr.length; i++) {
                idArr[i] = ids.get(i).getAsLong();
            }
            String[] toks = null;
            if (c.has("tokens")) {
                JsonArray t = c.getAsJsonArray("tokens");
                toks = new String[t.size()];
                for (int i = 0; i < toks.length; i++) {
                    toks[i] = t.get(i).getAsString();
                }
            }
            out.add(new Case(c.get("text").getAsString(), idArr, toks));
        }
        return out;
    }

    /** Every templated text the goldens hold ids for: text-encoder b1/b2 and the pipeline cases. */
    private record Templated(String where, String text, long[] ids) {}

    private static List<Templated> templatedReferences() throws Exception {
        List<Templated> out = new ArrayList<>();
        JsonObject meta = readJson(Golden.component("index.json"))
                .getAsJsonObject("files").getAsJsonObject("text_encoder_reference.safetensors").getAsJsonObject("meta");
        try (SafetensorsFile ref = Golden.open(Golden.component("text_encoder_reference.safetensors"))) {
            out.add(new Templated("b1", meta.get("b1.text").getAsString(), TensorAssert.longs(ref, "b1.input_ids")));
            long[] ids = TensorAssert.longs(ref, "b2.input_ids");
            long[] mask = TensorAssert.longs(ref, "b2.attention_mask");
            int s = Math.toIntExact(ref.info("b2.input_ids").shape()[1]);
            JsonArray texts = meta.getAsJsonArray("b2.texts");
            for (int b = 0; b < 2; b++) {
                int n = 0;
                while (n < s && mask[b * s + n] == 1) {
                    n++;
                }
                out.add(new Templated("b2." + b, texts.get(b).getAsString(), Arrays.copyOfRange(ids, b * s, b * s + n)));
            }
        }
        for (String c : List.of("t2i_basic", "t2i_cfg", "t2i_chinese", "img2img", "inpaint_rect")) {
            JsonObject args = readJson(Golden.caseDir(c).resolve("args.json"));
            String template = args.getAsJsonObject("meta").get("prompt_template_encode").getAsString();
            JsonObject call = args.getAsJsonObject("call_args");
            try (SafetensorsFile ref = Golden.caseReference(c)) {
                out.add(new Templated(c, template.replace("{}", call.get("prompt").getAsString()),
                        TensorAssert.longs(ref, "text.input_ids")));
                if (call.has("negative_prompt")) {
                    out.add(new Templated(c + ".neg", template.replace("{}", call.get("negative_prompt").getAsString()),
                            TensorAssert.longs(ref, "neg.text.input_ids")));
                }
            }
        }
        return out;
    }

    @Test
    void tokenizerJsonLayoutReproducesEveryReferenceCaseExactly() {
        for (Case c : referenceCases()) {
            assertArrayEquals(c.ids(), fromTokenizerJson.encode(c.text()), "ids of " + c.text());
            if (c.tokens() != null) {
                assertArrayEquals(c.tokens(), fromTokenizerJson.tokens(c.text()), "tokens of " + c.text());
            }
        }
    }

    @Test
    void vocabAndMergesLayoutReproducesEveryReferenceCaseExactly() {
        assertFalse(fromVocabAndMerges.loadedFromTokenizerJson());
        for (Case c : referenceCases()) {
            assertArrayEquals(c.ids(), fromVocabAndMerges.encode(c.text()), "ids of " + c.text());
            if (c.tokens() != null) {
                assertArrayEquals(c.tokens(), fromVocabAndMerges.tokens(c.text()), "tokens of " + c.text());
            }
        }
    }

    @Test
    void bothLayoutsReproduceEveryTemplatedReferenceExactly() throws Exception {
        List<Templated> refs = templatedReferences();
        assertEquals(9, refs.size(), "b1, b2 x2, five case prompts, one negative prompt");
        for (Templated t : refs) {
            assertArrayEquals(t.ids(), fromTokenizerJson.encode(t.text()), "tokenizer.json: " + t.where());
            assertArrayEquals(t.ids(), fromVocabAndMerges.encode(t.text()), "vocab+merges: " + t.where());
        }
    }

    @Test
    void addedTokensJsonAloneSuppliesTheControlTokens(@TempDir Path tmp) throws Exception {
        Path tokDir = Golden.tinyModel().resolve("tokenizer");
        copy(tokDir, tmp, "vocab.json", "merges.txt", "tokenizer_config.json");
        JsonObject added = new JsonObject();
        for (var e : addedTokensDecoder(tokDir.resolve("tokenizer.json")).entrySet()) {
            added.addProperty(e.getValue().getAsJsonObject().get("content").getAsString(), Long.parseLong(e.getKey()));
        }
        Files.writeString(tmp.resolve("added_tokens.json"), added.toString());
        try (QwenTokenizer t = QwenTokenizer.load(tmp)) {
            for (Case c : referenceCases()) {
                assertArrayEquals(c.ids(), t.encode(c.text()), "ids of " + c.text());
            }
            assertEquals(151645, t.tokenId("<|im_end|>"));
        }
    }

    @Test
    void longTextsAreNeverTruncated() {
        String text = "word ".repeat(3000);
        for (QwenTokenizer t : List.of(fromTokenizerJson, fromVocabAndMerges)) {
            long[] ids = t.encode(text);
            // "word" then 2999 × " word" then a trailing " "
            assertEquals(3001, ids.length);
        }
    }

    @Test
    void decodingReturnsTheOriginalTextIncludingControlTokens() throws Exception {
        for (Case c : referenceCases()) {
            assertEquals(c.text(), fromTokenizerJson.decode(c.ids()), "decode " + c.text());
            assertEquals(c.text(), fromVocabAndMerges.decode(c.ids()), "decode " + c.text());
        }
        assertEquals("user\nhi", fromTokenizerJson.decode(new long[] {151644, 872, 198, 6023, 151645}, true));
    }

    @Test
    void decodingAnUnknownIdNamesIt() {
        TokenizerException e = assertThrows(TokenizerException.class, () -> fromTokenizerJson.decode(new long[] {32, 999_999}));
        assertTrue(e.getMessage().contains("999999") && e.getMessage().contains("position 1"), e.getMessage());
    }

    @Test
    void controlTokensHaveTheQwen2Ids() throws Exception {
        for (QwenTokenizer t : List.of(fromTokenizerJson, fromVocabAndMerges)) {
            assertEquals(151643, t.tokenId("<|endoftext|>"));
            assertEquals(151644, t.tokenId("<|im_start|>"));
            assertEquals(151645, t.tokenId("<|im_end|>"));
            assertEquals(151652, t.tokenId("<|vision_start|>"));
            assertEquals(151655, t.tokenId("<|image_pad|>"));
            assertEquals(151643, t.padTokenId().orElseThrow());
            assertEquals(151665, t.idLimit());
        }
    }

    @Test
    void anUnknownControlTokenIsNamedInTheError() {
        TokenizerException e = assertThrows(TokenizerException.class, () -> fromTokenizerJson.tokenId("<|nope|>"));
        assertTrue(e.getMessage().contains("<|nope|>"), e.getMessage());
    }

    // ------------------------------------------------------------------ bad folders

    @Test
    void aFolderWithNeitherLayoutIsRejectedClearly(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{}");
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("not a tokenizer folder") && e.getMessage().contains("tokenizer.json")
                && e.getMessage().contains("merges.txt"), e.getMessage());
    }

    @Test
    void theVaeFolderIsNotMistakenForATokenizer() {
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> QwenTokenizer.load(Golden.tinyModel().resolve("vae")));
        assertTrue(e.getMessage().contains("not a tokenizer folder"), e.getMessage());
    }

    @Test
    void aMissingFolderIsNamed(@TempDir Path tmp) {
        Path missing = tmp.resolve("nowhere");
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void vocabWithoutMergesIsRejectedClearly(@TempDir Path tmp) throws Exception {
        copy(Golden.tinyModel().resolve("tokenizer"), tmp, "vocab.json");
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("no merges.txt"), e.getMessage());
    }

    @Test
    void aTruncatedVocabularyIsReportedAsDamaged(@TempDir Path tmp) throws Exception {
        copy(vocabLayoutDir, tmp, "merges.txt", "tokenizer_config.json");
        byte[] vocab = Files.readAllBytes(vocabLayoutDir.resolve("vocab.json"));
        Files.write(tmp.resolve("vocab.json"), Arrays.copyOf(vocab, vocab.length / 2));
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("vocab.json is damaged"), e.getMessage());
    }

    @Test
    void aMalformedMergeLineIsReportedWithItsLineNumber(@TempDir Path tmp) throws Exception {
        copy(vocabLayoutDir, tmp, "vocab.json", "tokenizer_config.json");
        List<String> lines = new ArrayList<>(Files.readAllLines(vocabLayoutDir.resolve("merges.txt"), StandardCharsets.UTF_8));
        lines.set(4, "Ġ t h");
        Files.write(tmp.resolve("merges.txt"), lines, StandardCharsets.UTF_8);
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("merges.txt is damaged: line 5"), e.getMessage());
    }

    @Test
    void aMergeOutsideTheVocabularyIsReported(@TempDir Path tmp) throws Exception {
        copy(vocabLayoutDir, tmp, "vocab.json", "tokenizer_config.json");
        List<String> lines = new ArrayList<>(Files.readAllLines(vocabLayoutDir.resolve("merges.txt"), StandardCharsets.UTF_8));
        lines.set(2, "zzqx€ y");
        Files.write(tmp.resolve("merges.txt"), lines, StandardCharsets.UTF_8);
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("zzqx€"), e.getMessage());
    }

    @Test
    void specialTokensWithoutIdsAreReportedInsteadOfBeingSplitIntoPieces(@TempDir Path tmp) throws Exception {
        // The fixture's own trio: its tokenizer_config.json names <|im_end|> but carries no added_tokens_decoder.
        copy(Golden.tinyModel().resolve("tokenizer"), tmp, "vocab.json", "merges.txt", "tokenizer_config.json");
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("\"<|im_end|>\"") && e.getMessage().contains("added_tokens.json"), e.getMessage());
    }

    @Test
    void disagreeingAddedTokenFilesAreReported(@TempDir Path tmp) throws Exception {
        copy(vocabLayoutDir, tmp, "vocab.json", "merges.txt", "tokenizer_config.json");
        Files.writeString(tmp.resolve("added_tokens.json"), "{\"<|im_start|>\": 151650}");
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("<|im_start|>") && e.getMessage().contains("151644")
                && e.getMessage().contains("151650"), e.getMessage());
    }

    @Test
    void aDamagedTokenizerJsonIsReported(@TempDir Path tmp) throws Exception {
        byte[] json = Files.readAllBytes(Golden.tinyModel().resolve("tokenizer").resolve("tokenizer.json"));
        Files.write(tmp.resolve("tokenizer.json"), Arrays.copyOf(json, 1000));
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("tokenizer.json is damaged"), e.getMessage());
    }

    @Test
    void aTokenizerJsonTheLibraryRejectsIsReportedWithTheLibrarysReason(@TempDir Path tmp) throws Exception {
        JsonObject json = readJson(Golden.tinyModel().resolve("tokenizer").resolve("tokenizer.json"));
        json.getAsJsonObject("model").addProperty("type", "NoSuchModel");
        Files.writeString(tmp.resolve("tokenizer.json"), json.toString());
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("rejected") && e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    /** The fixture tokenizer.json's added tokens, written as tokenizer_config.json's added_tokens_decoder. */
    static JsonObject addedTokensDecoder(Path tokenizerJson) throws IOException {
        JsonObject decoder = new JsonObject();
        for (JsonElement el : readJson(tokenizerJson).getAsJsonArray("added_tokens")) {
            JsonObject t = el.getAsJsonObject().deepCopy();
            String id = t.remove("id").getAsString();
            decoder.add(id, t);
        }
        return decoder;
    }

    static JsonObject readJson(Path p) throws IOException {
        return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static void copy(Path from, Path to, String... names) throws IOException {
        for (String n : names) {
            Files.copy(from.resolve(n), to.resolve(n));
        }
    }
}
