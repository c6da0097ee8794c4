package dev.seedframe.engine.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.seedframe.engine.runtime.DjlRuntime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The Qwen2 byte-level BPE tokenizer ({@code Qwen2Tokenizer} in transformers,
 * {@code models/qwen2/tokenization_qwen2.py}), run by the HF tokenizers library through DJL.
 *
 * <p>Loads a tokenizer folder in either layout (see {@link TokenizerFolder}): {@code tokenizer.json},
 * or {@code vocab.json} + {@code merges.txt} as the official Qwen-Image {@code tokenizer/} folder ships
 * it. Encoding adds no special tokens (Qwen2 adds no BOS/EOS), never truncates and never pads: DJL's
 * wrapper would otherwise cut every text to 512 tokens without a word. Length limits are the caller's
 * business (see {@code PromptEncoder}), so that a cut is always reported.
 *
 * <p>Not thread-safe to close while encoding; encoding itself may run on any one thread at a time.
 */
public final class QwenTokenizer implements AutoCloseable {

    /** Options for DJL's wrapper: no BOS/EOS, no truncation (it defaults to 512 tokens), no padding. */
    private static final Map<String, String> DJL_OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final Path dir;
    private final TokenizerFolder.Layout layout;
    private final Map<String, AddedToken> addedTokens;
    private final String padToken;
    private final int idLimit;

    private QwenTokenizer(HuggingFaceTokenizer tokenizer, Path dir, TokenizerFolder.Contents contents) {
        this.tokenizer = tokenizer;
        this.dir = dir;
        this.layout = contents.layout();
        this.addedTokens = Map.copyOf(contents.addedTokens());
        this.padToken = contents.padToken();
        this.idLimit = contents.idLimit();
    }

    /**
     * Loads the tokenizer in {@code dir} (e.g. {@code <model>/tokenizer}).
     *
     * @throws TokenizerException if the folder has neither layout, or a file is damaged or inconsistent
     */
    public static QwenTokenizer load(Path dir) throws TokenizerException {
        TokenizerFolder.Contents contents = TokenizerFolder.read(dir);
        configureNativeCache();
        HuggingFaceTokenizer hf;
        try {
            hf = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(contents.tokenizerJson().getBytes(StandardCharsets.UTF_8)), DJL_OPTIONS);
        } catch (IOException | RuntimeException e) {
            String source = contents.layout() == TokenizerFolder.Layout.TOKENIZER_JSON
                    ? dir.resolve(TokenizerFolder.TOKENIZER_JSON).toString()
                    : TokenizerFolder.VOCAB_JSON + " + " + TokenizerFolder.MERGES_TXT + " in " + dir;
            throw new TokenizerException(
                    "The tokenizer library rejected " + source + ": " + e.getMessage(), e);
        }
        return new QwenTokenizer(hf, dir, contents);
    }

    /** The tokenizer library is native: make sure DJL extracts it offline, into Seedframe's cache. */
    private static void configureNativeCache() throws TokenizerException {
        try {
            DjlRuntime.engine();
        } catch (dev.seedframe.engine.EngineException e) {
            throw new TokenizerException("The native runtime could not start: " + e.getMessage(), e);
        }
    }

    /** Token ids of {@code text}, with special tokens recognised verbatim; never truncated. */
    public long[] encode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Cannot tokenize a null text");
        }
        Encoding e = tokenizer.encode(text, false, false);
        return e.getIds();
    }

    /** The token strings of {@code text} (byte-level symbols such as {@code Ġred}), for diagnostics and tests. */
    public String[] tokens(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Cannot tokenize a null text");
        }
        return tokenizer.encode(text, false, false).getTokens();
    }

    /** The text of {@code ids}, special tokens included. */
    public String decode(long[] ids) throws TokenizerException {
        return decode(ids, false);
    }

    /** The text of {@code ids}; with {@code skipSpecialTokens} control tokens such as {@code <|im_end|>} are left out. */
    public String decode(long[] ids, boolean skipSpecialTokens) throws TokenizerException {
        Objects.requireNonNull(ids, "ids");
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= idLimit) {
                throw new TokenizerException(
                        "Cannot decode token id " + ids[i] + " at position " + i + ": this tokenizer's ids are 0.." + (idLimit - 1));
            }
        }
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /**
     * The id of an added (control) token such as {@code <|im_start|>}.
     *
     * @throws TokenizerException if the tokenizer has no such added token
     */
    public int tokenId(String specialToken) throws TokenizerException {
        AddedToken t = addedTokens.get(specialToken);
        if (t == null) {
            throw new TokenizerException(
                    "The tokenizer in " + dir + " has no special token \"" + specialToken + "\"");
        }
        return Math.toIntExact(t.id());
    }

    /** The padding token's id, when the folder's tokenizer_config.json names one that has an id. */
    public OptionalInt padTokenId() {
        if (padToken == null) {
            return OptionalInt.empty();
        }
        AddedToken t = addedTokens.get(padToken);
        if (t != null) {
            return OptionalInt.of(Math.toIntExact(t.id()));
        }
        long[] ids = encode(padToken);
        return ids.length == 1 ? OptionalInt.of(Math.toIntExact(ids[0])) : OptionalInt.empty();
    }

    /** One more than the largest token id (vocabulary plus added tokens). */
    public int idLimit() {
        return idLimit;
    }

    /** Whether the folder was read from {@code tokenizer.json} (true) or converted from vocab.json + merges.txt. */
    public boolean loadedFromTokenizerJson() {
        return layout == TokenizerFolder.Layout.TOKENIZER_JSON;
    }

    public Path dir() {
        return dir;
    }

    /** Releases the native tokenizer. */
    @Override
    public void close() {
        tokenizer.close();
    }
}
