package dev.seedframe.engine.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a Hugging Face tokenizer folder in either of its two layouts and produces the
 * {@code tokenizer.json} text that the HF tokenizers library loads.
 *
 * <ul>
 *   <li>{@code tokenizer.json} present: used as it is (the "fast" layout).
 *   <li>otherwise {@code vocab.json} + {@code merges.txt} (the "slow" {@code Qwen2Tokenizer} layout
 *       of the official Qwen-Image {@code tokenizer/} folder): the equivalent byte-level BPE
 *       {@code tokenizer.json} is generated in memory, with the added tokens taken from {@code
 *       tokenizer_config.json}'s {@code added_tokens_decoder} and {@code added_tokens.json}.
 * </ul>
 *
 * The generated pipeline mirrors what transformers' {@code Qwen2Converter} (convert_slow_tokenizer.py)
 * builds from the same files: NFC normalizer, the Qwen2 split regex, byte-level pre-tokenizer /
 * post-processor / decoder, BPE without unknown token, added tokens matched verbatim.
 */
final class TokenizerFolder {

    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String VOCAB_JSON = "vocab.json";
    static final String MERGES_TXT = "merges.txt";
    static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";
    static final String ADDED_TOKENS_JSON = "added_tokens.json";
    static final String SPECIAL_TOKENS_MAP_JSON = "special_tokens_map.json";

    /**
     * Qwen2's pre-tokenization regex (transformers {@code models/qwen2/tokenization_qwen2.py},
     * {@code PRETOKENIZE_REGEX}); note that {@code \p{N}} takes single digits.
     */
    static final String QWEN2_SPLIT_REGEX =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                    + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** The first line of a merges file written by transformers / tokenizers. */
    private static final String MERGES_VERSION_PREFIX = "#version";

    /** tokenizer_config.json keys that name special tokens. */
    private static final List<String> SPECIAL_TOKEN_KEYS = List.of("bos_token", "eos_token", "unk_token", "pad_token");

    enum Layout {
        /** A ready {@code tokenizer.json}. */
        TOKENIZER_JSON,
        /** {@code vocab.json} + {@code merges.txt}, converted in memory. */
        VOCAB_AND_MERGES
    }

    /** What a folder yields: the tokenizer.json text plus what Seedframe needs to know about it. */
    record Contents(Layout layout, String tokenizerJson, Map<String, AddedToken> addedTokens, String padToken, int idLimit) {}

    private TokenizerFolder() {}

    static Contents read(Path dir) throws TokenizerException {
        if (!Files.isDirectory(dir)) {
            throw new TokenizerException("The tokenizer folder does not exist: " + dir);
        }
        Path tokenizerJson = dir.resolve(TOKENIZER_JSON);
        if (Files.isRegularFile(tokenizerJson)) {
            return fromTokenizerJson(dir, tokenizerJson);
        }
        Path vocab = dir.resolve(VOCAB_JSON);
        Path merges = dir.resolve(MERGES_TXT);
        boolean hasVocab = Files.isRegularFile(vocab);
        boolean hasMerges = Files.isRegularFile(merges);
        if (hasVocab && hasMerges) {
            return fromVocabAndMerges(dir, vocab, merges);
        }
        if (hasVocab || hasMerges) {
            throw new TokenizerException(
                    "The tokenizer folder "
                            + dir
                            + " has "
                            + (hasVocab ? VOCAB_JSON : MERGES_TXT)
                            + " but no "
                            + (hasVocab ? MERGES_TXT : VOCAB_JSON)
                            + " (and no "
                            + TOKENIZER_JSON
                            + "): a byte-level BPE tokenizer needs both files.");
        }
        throw new TokenizerException(
                "The folder "
                        + dir
                        + " is not a tokenizer folder: it has neither "
                        + TOKENIZER_JSON
                        + " nor "
                        + VOCAB_JSON
                        + " + "
                        + MERGES_TXT
                        + " (a Qwen-Image model keeps them in its tokenizer/ folder).");
    }

    // ---------------------------------------------------------------- tokenizer.json layout

    private static Contents fromTokenizerJson(Path dir, Path file) throws TokenizerException {
        String text = readUtf8(file);
        JsonObject root = parseObject(text, file);
        JsonElement model = root.get("model");
        if (model == null || !model.isJsonObject()) {
            throw new TokenizerException(file + " is damaged: it has no \"model\" object");
        }
        JsonElement vocab = model.getAsJsonObject().get("vocab");
        if (vocab == null || !vocab.isJsonObject()) {
            throw new TokenizerException(file + " is damaged: \"model\" has no \"vocab\" object");
        }
        int idLimit = 0;
        for (var e : vocab.getAsJsonObject().entrySet()) {
            idLimit = Math.max(idLimit, Math.toIntExact(tokenId(e.getValue(), file, "model.vocab[" + e.getKey() + "]")) + 1);
        }
        Map<String, AddedToken> added = new LinkedHashMap<>();
        JsonElement list = root.get("added_tokens");
        if (list != null && !list.isJsonNull()) {
            if (!list.isJsonArray()) {
                throw new TokenizerException(file + " is damaged: \"added_tokens\" is not a list");
            }
            for (JsonElement el : list.getAsJsonArray()) {
                AddedToken t = addedTokenFromObject(el, file, "added_tokens", null);
                added.put(t.content(), t);
                idLimit = Math.max(idLimit, Math.toIntExact(t.id()) + 1);
            }
        }
        String pad = padTokenFromConfig(dir);
        return new Contents(Layout.TOKENIZER_JSON, text, added, pad, idLimit);
    }

    private static String padTokenFromConfig(Path dir) throws TokenizerException {
        Path config = dir.resolve(TOKENIZER_CONFIG_JSON);
        if (!Files.isRegularFile(config)) {
            return null;
        }
        return tokenString(parseObject(readUtf8(config), config).get("pad_token"), config, "pad_token");
    }

    // ---------------------------------------------------------------- vocab.json + merges.txt layout

    private static Contents fromVocabAndMerges(Path dir, Path vocabFile, Path mergesFile) throws TokenizerException {
        Map<String, Long> vocab = readVocab(vocabFile);
        Map<Long, String> byId = new HashMap<>();
        for (var e : vocab.entrySet()) {
            String prev = byId.put(e.getValue(), e.getKey());
            if (prev != null) {
                throw new TokenizerException(
                        vocabFile + " is damaged: tokens \"" + prev + "\" and \"" + e.getKey() + "\" both have id " + e.getValue());
            }
        }
        List<String> merges = readMerges(mergesFile, vocab);

        Path configFile = dir.resolve(TOKENIZER_CONFIG_JSON);
        JsonObject config = Files.isRegularFile(configFile) ? parseObject(readUtf8(configFile), configFile) : new JsonObject();
        Path specialMapFile = dir.resolve(SPECIAL_TOKENS_MAP_JSON);
        JsonObject specialMap = Files.isRegularFile(specialMapFile)
                ? parseObject(readUtf8(specialMapFile), specialMapFile)
                : new JsonObject();

        // Which strings the configs call special (for tokens whose flags are not spelled out).
        Set<String> specialNames = new LinkedHashSet<>();
        collectSpecialNames(config, configFile, specialNames);
        collectSpecialNames(specialMap, specialMapFile, specialNames);

        // Added tokens, by content: tokenizer_config.json's added_tokens_decoder first, then added_tokens.json.
        Map<String, AddedToken> added = new LinkedHashMap<>();
        JsonElement decoder = config.get("added_tokens_decoder");
        if (decoder != null && !decoder.isJsonNull()) {
            if (!decoder.isJsonObject()) {
                throw new TokenizerException(configFile + " is damaged: \"added_tokens_decoder\" is not an object");
            }
            for (var e : decoder.getAsJsonObject().entrySet()) {
                long id;
                try {
                    id = Long.parseLong(e.getKey());
                } catch (NumberFormatException ex) {
                    throw new TokenizerException(
                            configFile + " is damaged: \"added_tokens_decoder\" key \"" + e.getKey() + "\" is not a token id");
                }
                AddedToken t = addedTokenFromObject(e.getValue(), configFile, "added_tokens_decoder." + e.getKey(), id);
                putAdded(added, t, configFile);
            }
        }
        Path addedFile = dir.resolve(ADDED_TOKENS_JSON);
        if (Files.isRegularFile(addedFile)) {
            JsonObject map = parseObject(readUtf8(addedFile), addedFile);
            for (var e : map.entrySet()) {
                long id = tokenId(e.getValue(), addedFile, e.getKey());
                AddedToken existing = added.get(e.getKey());
                if (existing != null) {
                    if (existing.id() != id) {
                        throw new TokenizerException(
                                "The tokenizer files disagree: "
                                        + configFile.getFileName()
                                        + " gives \""
                                        + e.getKey()
                                        + "\" id "
                                        + existing.id()
                                        + " but "
                                        + addedFile.getFileName()
                                        + " gives id "
                                        + id);
                    }
                    continue;
                }
                putAdded(added, AddedToken.verbatim(id, e.getKey(), specialNames.contains(e.getKey())), addedFile);
            }
        }

        // An added token may reuse a vocabulary entry, but only for the same text.
        for (AddedToken t : added.values()) {
            String inVocab = byId.get(t.id());
            if (inVocab != null && !inVocab.equals(t.content())) {
                throw new TokenizerException(
                        "The tokenizer files disagree: added token \""
                                + t.content()
                                + "\" has id "
                                + t.id()
                                + ", which "
                                + VOCAB_JSON
                                + " gives to \""
                                + inVocab
                                + "\"");
            }
        }
        // Every special token the configs name must have an id; otherwise its meaning is lost.
        for (String name : specialNames) {
            if (!added.containsKey(name) && !vocab.containsKey(name)) {
                throw new TokenizerException(
                        "The tokenizer folder "
                                + dir
                                + " names the special token \""
                                + name
                                + "\" (in "
                                + TOKENIZER_CONFIG_JSON
                                + " or "
                                + SPECIAL_TOKENS_MAP_JSON
                                + ") but gives it no id: neither \"added_tokens_decoder\" in "
                                + TOKENIZER_CONFIG_JSON
                                + ", nor "
                                + ADDED_TOKENS_JSON
                                + ", nor "
                                + VOCAB_JSON
                                + " lists it. The folder is incomplete; copy the model's tokenizer/ folder"
                                + " again (it must include "
                                + ADDED_TOKENS_JSON
                                + " or a "
                                + TOKENIZER_CONFIG_JSON
                                + " with added_tokens_decoder).");
            }
        }

        int idLimit = 0;
        for (long id : vocab.values()) {
            idLimit = Math.max(idLimit, Math.toIntExact(id) + 1);
        }
        for (AddedToken t : added.values()) {
            idLimit = Math.max(idLimit, Math.toIntExact(t.id()) + 1);
        }
        String pad = tokenString(config.get("pad_token"), configFile, "pad_token");
        String json = byteLevelBpeJson(vocab, merges, added.values());
        return new Contents(Layout.VOCAB_AND_MERGES, json, added, pad, idLimit);
    }

    private static void putAdded(Map<String, AddedToken> added, AddedToken t, Path file) throws TokenizerException {
        for (AddedToken other : added.values()) {
            if (other.id() == t.id() && !other.content().equals(t.content())) {
                throw new TokenizerException(
                        file + " is damaged: id " + t.id() + " is given to both \"" + other.content() + "\" and \"" + t.content() + "\"");
            }
        }
        added.put(t.content(), t);
    }

    private static void collectSpecialNames(JsonObject config, Path file, Set<String> out) throws TokenizerException {
        for (String key : SPECIAL_TOKEN_KEYS) {
            String s = tokenString(config.get(key), file, key);
            if (s != null) {
                out.add(s);
            }
        }
        JsonElement extra = config.get("additional_special_tokens");
        if (extra != null && !extra.isJsonNull()) {
            if (!extra.isJsonArray()) {
                throw new TokenizerException(file + " is damaged: \"additional_special_tokens\" is not a list");
            }
            for (JsonElement el : extra.getAsJsonArray()) {
                String s = tokenString(el, file, "additional_special_tokens");
                if (s != null) {
                    out.add(s);
                }
            }
        }
    }

    /** A special-token entry: a string, null, or an AddedToken object with "content". */
    private static String tokenString(JsonElement el, Path file, String key) throws TokenizerException {
        if (el == null || el.isJsonNull()) {
            return null;
        }
        if (el.isJsonPrimitive() && el.getAsJsonPrimitive().isString()) {
            return el.getAsString();
        }
        if (el.isJsonObject()) {
            JsonElement c = el.getAsJsonObject().get("content");
            if (c != null && c.isJsonPrimitive() && c.getAsJsonPrimitive().isString()) {
                return c.getAsString();
            }
        }
        throw new TokenizerException(file + " is damaged: \"" + key + "\" must be a token string, found " + el);
    }

    private static AddedToken addedTokenFromObject(JsonElement el, Path file, String where, Long idFromKey)
            throws TokenizerException {
        if (!el.isJsonObject()) {
            throw new TokenizerException(file + " is damaged: " + where + " is not an object");
        }
        JsonObject o = el.getAsJsonObject();
        JsonElement content = o.get("content");
        if (content == null || !content.isJsonPrimitive() || !content.getAsJsonPrimitive().isString()
                || content.getAsString().isEmpty()) {
            throw new TokenizerException(file + " is damaged: " + where + " has no \"content\" string");
        }
        long id;
        if (idFromKey != null) {
            id = idFromKey;
        } else {
            JsonElement idEl = o.get("id");
            if (idEl == null) {
                throw new TokenizerException(file + " is damaged: " + where + " \"" + content.getAsString() + "\" has no id");
            }
            id = tokenId(idEl, file, where);
        }
        return new AddedToken(
                id,
                content.getAsString(),
                flag(o, "special", true, file, where),
                flag(o, "lstrip", false, file, where),
                flag(o, "rstrip", false, file, where),
                flag(o, "single_word", false, file, where),
                flag(o, "normalized", false, file, where));
    }

    private static boolean flag(JsonObject o, String key, boolean fallback, Path file, String where)
            throws TokenizerException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        throw new TokenizerException(file + " is damaged: " + where + "." + key + " must be true or false, found " + e);
    }

    private static long tokenId(JsonElement e, Path file, String where) throws TokenizerException {
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            double d = e.getAsDouble();
            long v = e.getAsLong();
            if (d == v && v >= 0 && v < Integer.MAX_VALUE) {
                return v;
            }
        }
        throw new TokenizerException(file + " is damaged: the id of " + where + " must be a non-negative integer, found " + e);
    }

    /** vocab.json: one JSON object token → id, streamed (the real file is 3.4 MB). */
    private static Map<String, Long> readVocab(Path file) throws TokenizerException {
        String text = readUtf8(file);
        Map<String, Long> vocab = new LinkedHashMap<>();
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new TokenizerException(file + " is damaged: it must be a JSON object mapping tokens to ids");
            }
            r.beginObject();
            while (r.hasNext()) {
                String token = r.nextName();
                if (r.peek() != JsonToken.NUMBER) {
                    throw new TokenizerException(file + " is damaged: the id of \"" + token + "\" is not a number");
                }
                String num = r.nextString();
                long id;
                try {
                    id = Long.parseLong(num);
                } catch (NumberFormatException ex) {
                    throw new TokenizerException(file + " is damaged: the id of \"" + token + "\" is not an integer: " + num);
                }
                if (id < 0 || id >= Integer.MAX_VALUE) {
                    throw new TokenizerException(file + " is damaged: \"" + token + "\" has id " + id);
                }
                if (vocab.put(token, id) != null) {
                    throw new TokenizerException(file + " is damaged: token \"" + token + "\" appears twice");
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new TokenizerException(file + " is damaged: unexpected data after the vocabulary object");
            }
        } catch (IOException | IllegalStateException | JsonParseException e) {
            if (e.getCause() instanceof OutOfMemoryError oom) {
                throw oom; // Gson wraps it: the file is not damaged, memory is short
            }
            throw new TokenizerException(file + " is damaged: not valid JSON (" + e.getMessage() + ")", e);
        }
        if (vocab.isEmpty()) {
            throw new TokenizerException(file + " is damaged: the vocabulary is empty");
        }
        return vocab;
    }

    /** merges.txt: an optional "#version" line, then one "left right" pair per line, by rank. */
    private static List<String> readMerges(Path file, Map<String, Long> vocab) throws TokenizerException {
        String text = readUtf8(file);
        List<String> merges = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (lineNo == 1 && line.startsWith(MERGES_VERSION_PREFIX)) {
                    continue;
                }
                if (line.isEmpty()) {
                    continue;
                }
                int sp = line.indexOf(' ');
                if (sp <= 0 || sp == line.length() - 1 || line.indexOf(' ', sp + 1) >= 0) {
                    throw new TokenizerException(
                            file + " is damaged: line " + lineNo + " is not a pair of tokens separated by one space: \"" + line + "\"");
                }
                String left = line.substring(0, sp);
                String right = line.substring(sp + 1);
                for (String part : new String[] {left, right, left + right}) {
                    if (!vocab.containsKey(part)) {
                        throw new TokenizerException(
                                file + " does not match " + VOCAB_JSON + ": line " + lineNo + " (\"" + line
                                        + "\") uses \"" + part + "\", which is not in the vocabulary");
                    }
                }
                merges.add(line);
            }
        } catch (IOException e) {
            throw new TokenizerException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (merges.isEmpty()) {
            throw new TokenizerException(file + " is damaged: it holds no merges");
        }
        return merges;
    }

    /** The tokenizer.json that transformers' Qwen2 converter would write for these files. */
    static String byteLevelBpeJson(Map<String, Long> vocab, List<String> merges, Iterable<AddedToken> added) {
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);

        JsonArray addedArr = new JsonArray();
        Map<Long, AddedToken> sorted = new TreeMap<>();
        for (AddedToken t : added) {
            sorted.put(t.id(), t);
        }
        for (AddedToken t : sorted.values()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", t.id());
            o.addProperty("content", t.content());
            o.addProperty("single_word", t.singleWord());
            o.addProperty("lstrip", t.lstrip());
            o.addProperty("rstrip", t.rstrip());
            o.addProperty("normalized", t.normalized());
            o.addProperty("special", t.special());
            addedArr.add(o);
        }
        root.add("added_tokens", addedArr);

        JsonObject normalizer = new JsonObject();
        normalizer.addProperty("type", "NFC");
        root.add("normalizer", normalizer);

        JsonObject split = new JsonObject();
        split.addProperty("type", "Split");
        JsonObject pattern = new JsonObject();
        pattern.addProperty("Regex", QWEN2_SPLIT_REGEX);
        split.add("pattern", pattern);
        split.addProperty("behavior", "Isolated");
        split.addProperty("invert", false);
        JsonArray pretokenizers = new JsonArray();
        pretokenizers.add(split);
        pretokenizers.add(byteLevel());
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "Sequence");
        pre.add("pretokenizers", pretokenizers);
        root.add("pre_tokenizer", pre);
        root.add("post_processor", byteLevel());
        root.add("decoder", byteLevel());

        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.add("unk_token", JsonNull.INSTANCE);
        model.addProperty("continuing_subword_prefix", "");
        model.addProperty("end_of_word_suffix", "");
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.addProperty("ignore_merges", false);
        JsonObject vocabObj = new JsonObject();
        vocab.forEach((k, v) -> vocabObj.add(k, new JsonPrimitive(v)));
        model.add("vocab", vocabObj);
        JsonArray mergesArr = new JsonArray(merges.size());
        for (String m : merges) {
            mergesArr.add(m);
        }
        model.add("merges", mergesArr);
        root.add("model", model);
        return root.toString();
    }

    private static JsonObject byteLevel() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ByteLevel");
        o.addProperty("add_prefix_space", false);
        o.addProperty("trim_offsets", false);
        o.addProperty("use_regex", false);
        return o;
    }

    // ---------------------------------------------------------------- file helpers

    /** Largest tokenizer file read. */
    static final long MAX_FILE_BYTES = 256L << 20;

    private static String readUtf8(Path file) throws TokenizerException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new TokenizerException(file + " is " + (size >> 20) + " MiB; a tokenizer file is a few MiB"
                        + " (Qwen's tokenizer.json is 7 MiB): is it the right file?");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new TokenizerException("Tokenizer file missing: " + file);
        } catch (CharacterCodingException e) {
            throw new TokenizerException(file + " is damaged: it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new TokenizerException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonObject parseObject(String text, Path file) throws TokenizerException {
        try {
            JsonElement el = JsonParser.parseString(text);
            if (!el.isJsonObject()) {
                throw new TokenizerException(file + " is damaged: it is not a JSON object");
            }
            return el.getAsJsonObject();
        } catch (JsonParseException e) {
            if (e.getCause() instanceof OutOfMemoryError oom) {
                throw oom; // Gson wraps it: the file is not damaged, memory is short
            }
            throw new TokenizerException(file + " is damaged: not valid JSON", e);
        }
    }
}
