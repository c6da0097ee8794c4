package dev.seedframe.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.seedframe.testing.Golden;
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

/** Tokenizer behaviour and errors: bad ids, unknown tokens, folders with missing or damaged files. */
class QwenTokenizerTest {

    private static QwenTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = QwenTokenizer.load(TokenizerFixtures.tinyTokenizerDir());
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    /** A Qwen-Image style vocab.json + merges.txt folder to damage. */
    private static Path vocabLayout(Path tmp) throws IOException {
        return TokenizerFixtures.writeQwenImageLayout(tmp.resolve("source"));
    }

    @Test
    void decodingAnUnknownIdNamesIt() {
        TokenizerException e = assertThrows(TokenizerException.class, () -> tokenizer.decode(new long[] {32, 999_999}));
        assertTrue(e.getMessage().contains("999999") && e.getMessage().contains("position 1"), e.getMessage());
    }

    @Test
    void anUnknownControlTokenIsNamedInTheError() {
        TokenizerException e = assertThrows(TokenizerException.class, () -> tokenizer.tokenId("<|nope|>"));
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
        Path src = vocabLayout(tmp);
        copy(src, tmp, "merges.txt", "tokenizer_config.json");
        byte[] vocab = Files.readAllBytes(src.resolve("vocab.json"));
        Files.write(tmp.resolve("vocab.json"), Arrays.copyOf(vocab, vocab.length / 2));
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("vocab.json is damaged"), e.getMessage());
    }

    @Test
    void aMalformedMergeLineIsReportedWithItsLineNumber(@TempDir Path tmp) throws Exception {
        Path src = vocabLayout(tmp);
        copy(src, tmp, "vocab.json", "tokenizer_config.json");
        List<String> lines = new ArrayList<>(Files.readAllLines(src.resolve("merges.txt"), StandardCharsets.UTF_8));
        lines.set(4, "Ġ t h");
        Files.write(tmp.resolve("merges.txt"), lines, StandardCharsets.UTF_8);
        TokenizerException e = assertThrows(TokenizerException.class, () -> QwenTokenizer.load(tmp));
        assertTrue(e.getMessage().contains("merges.txt is damaged: line 5"), e.getMessage());
    }

    @Test
    void aMergeOutsideTheVocabularyIsReported(@TempDir Path tmp) throws Exception {
        Path src = vocabLayout(tmp);
        copy(src, tmp, "vocab.json", "tokenizer_config.json");
        List<String> lines = new ArrayList<>(Files.readAllLines(src.resolve("merges.txt"), StandardCharsets.UTF_8));
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
        copy(vocabLayout(tmp), tmp, "vocab.json", "merges.txt", "tokenizer_config.json");
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

    static JsonObject readJson(Path p) throws IOException {
        return TokenizerFixtures.readJson(p);
    }

    static void copy(Path from, Path to, String... names) throws IOException {
        TokenizerFixtures.copy(from, to, names);
    }
}
