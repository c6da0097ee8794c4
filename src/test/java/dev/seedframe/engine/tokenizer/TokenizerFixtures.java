package dev.seedframe.engine.tokenizer;

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

/** Golden tokenizer cases and tokenizer folders in the layouts the loader accepts. */
final class TokenizerFixtures {

    private TokenizerFixtures() {}

    /** The fixture's tokenizer folder (tokenizer.json + vocab.json + merges.txt + tokenizer_config.json). */
    static Path tinyTokenizerDir() {
        return Golden.tinyModel().resolve("tokenizer");
    }

    /**
     * Writes the layout of the real Qwen-Image {@code tokenizer/} folder into {@code dir}: vocab.json,
     * merges.txt and a tokenizer_config.json with {@code added_tokens_decoder}. The fixture's own
     * tokenizer_config.json has no added_tokens_decoder (transformers 5 keeps added tokens in tokenizer.json
     * only), so the entries are taken from the fixture's tokenizer.json.
     */
    static Path writeQwenImageLayout(Path dir) throws IOException {
        Files.createDirectories(dir);
        copy(tinyTokenizerDir(), dir, "vocab.json", "merges.txt");
        JsonObject config = readJson(tinyTokenizerDir().resolve("tokenizer_config.json"));
        config.add("added_tokens_decoder", addedTokensDecoder());
        Files.writeString(dir.resolve("tokenizer_config.json"), config.toString());
        return dir;
    }

    /** The fixture tokenizer.json's added tokens, in tokenizer_config.json's added_tokens_decoder form. */
    static JsonObject addedTokensDecoder() throws IOException {
        JsonObject decoder = new JsonObject();
        for (JsonElement el : readJson(tinyTokenizerDir().resolve("tokenizer.json")).getAsJsonArray("added_tokens")) {
            JsonObject t = el.getAsJsonObject().deepCopy();
            String id = t.remove("id").getAsString();
            decoder.add(id, t);
        }
        return decoder;
    }

    record Case(String text, long[] ids, String[] tokens) {}

    /** Every case of {@code golden/components/tokenizer_reference.json}. */
    static List<Case> referenceCases() {
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

    record Templated(String where, String text, long[] ids) {}

    /** Every templated text the goldens hold ids for: text-encoder b1, b2 (valid part) and the pipeline cases. */
    static List<Templated> templatedReferences() throws Exception {
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

    static JsonObject readJson(Path p) throws IOException {
        return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static void copy(Path from, Path to, String... names) throws IOException {
        for (String n : names) {
            Files.copy(from.resolve(n), to.resolve(n));
        }
    }
}
