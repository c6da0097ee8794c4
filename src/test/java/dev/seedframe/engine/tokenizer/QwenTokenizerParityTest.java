package dev.seedframe.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token ids, exactly, against {@code golden/components/tokenizer_reference.json} and the templated ids of
 * the text-encoder and pipeline references, through both folder layouts: the fixture's {@code tokenizer.json},
 * and {@code vocab.json} + {@code merges.txt} + added-token files as the real Qwen-Image folder ships them.
 */
@Tag("parity")
class QwenTokenizerParityTest {

    private static QwenTokenizer fromTokenizerJson;
    private static QwenTokenizer fromVocabAndMerges;

    @BeforeAll
    static void loadBothLayouts(@TempDir Path tmp) throws Exception {
        fromTokenizerJson = QwenTokenizer.load(TokenizerFixtures.tinyTokenizerDir());
        fromVocabAndMerges = QwenTokenizer.load(TokenizerFixtures.writeQwenImageLayout(tmp.resolve("tokenizer")));
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

    @Test
    void tokenizerJsonLayoutReproducesEveryReferenceCaseExactly() {
        assertTrue(fromTokenizerJson.loadedFromTokenizerJson());
        for (TokenizerFixtures.Case c : TokenizerFixtures.referenceCases()) {
            assertArrayEquals(c.ids(), fromTokenizerJson.encode(c.text()), "ids of " + c.text());
            if (c.tokens() != null) {
                assertArrayEquals(c.tokens(), fromTokenizerJson.tokens(c.text()), "tokens of " + c.text());
            }
        }
    }

    @Test
    void vocabAndMergesLayoutReproducesEveryReferenceCaseExactly() {
        assertFalse(fromVocabAndMerges.loadedFromTokenizerJson());
        for (TokenizerFixtures.Case c : TokenizerFixtures.referenceCases()) {
            assertArrayEquals(c.ids(), fromVocabAndMerges.encode(c.text()), "ids of " + c.text());
            if (c.tokens() != null) {
                assertArrayEquals(c.tokens(), fromVocabAndMerges.tokens(c.text()), "tokens of " + c.text());
            }
        }
    }

    @Test
    void bothLayoutsReproduceEveryTemplatedReferenceExactly() throws Exception {
        List<TokenizerFixtures.Templated> refs = TokenizerFixtures.templatedReferences();
        assertEquals(9, refs.size(), "b1, b2 x2, five case prompts, one negative prompt");
        for (TokenizerFixtures.Templated t : refs) {
            assertArrayEquals(t.ids(), fromTokenizerJson.encode(t.text()), "tokenizer.json: " + t.where());
            assertArrayEquals(t.ids(), fromVocabAndMerges.encode(t.text()), "vocab+merges: " + t.where());
        }
    }

    @Test
    void addedTokensJsonAloneSuppliesTheControlTokens(@TempDir Path tmp) throws Exception {
        TokenizerFixtures.copy(TokenizerFixtures.tinyTokenizerDir(), tmp, "vocab.json", "merges.txt", "tokenizer_config.json");
        JsonObject added = new JsonObject();
        for (var e : TokenizerFixtures.addedTokensDecoder().entrySet()) {
            added.addProperty(e.getValue().getAsJsonObject().get("content").getAsString(), Long.parseLong(e.getKey()));
        }
        Files.writeString(tmp.resolve("added_tokens.json"), added.toString());
        try (QwenTokenizer t = QwenTokenizer.load(tmp)) {
            for (TokenizerFixtures.Case c : TokenizerFixtures.referenceCases()) {
                assertArrayEquals(c.ids(), t.encode(c.text()), "ids of " + c.text());
            }
            assertEquals(151645, t.tokenId("<|im_end|>"));
        }
    }

    @Test
    void longTextsAreNeverTruncated() {
        String text = "word ".repeat(3000);
        for (QwenTokenizer t : List.of(fromTokenizerJson, fromVocabAndMerges)) {
            // "word", 2999 × " word", then the trailing " "
            assertEquals(3001, t.encode(text).length);
        }
    }

    @Test
    void decodingReturnsTheOriginalTextIncludingControlTokens() throws Exception {
        for (TokenizerFixtures.Case c : TokenizerFixtures.referenceCases()) {
            assertEquals(c.text(), fromTokenizerJson.decode(c.ids()), "decode " + c.text());
            assertEquals(c.text(), fromVocabAndMerges.decode(c.ids()), "decode " + c.text());
        }
        assertEquals("user\nhi", fromVocabAndMerges.decode(new long[] {151644, 872, 198, 6023, 151645}, true));
    }

    @Test
    void controlTokensHaveTheQwen2Ids() throws Exception {
        for (QwenTokenizer t : List.of(fromTokenizerJson, fromVocabAndMerges)) {
            assertEquals(151643, t.tokenId("<|endoftext|>"));
            assertEquals(151644, t.tokenId("<|im_start|>"));
            assertEquals(151645, t.tokenId("<|im_end|>"));
            assertEquals(151652, t.tokenId("<|vision_start|>"));
            assertEquals(151653, t.tokenId("<|vision_end|>"));
            assertEquals(151655, t.tokenId("<|image_pad|>"));
            assertEquals(151643, t.padTokenId().orElseThrow());
            assertEquals(151665, t.idLimit(), "len(tokenizer) of the fixture");
        }
    }
}
