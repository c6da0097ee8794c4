package dev.seedframe.domain.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.store.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The hand-written codec writes the very bytes Seedframe 0.1.0 wrote through Gson, for every kind of value a
 * request, a model identity or an environment can hold: a cache key or model hash stored in a user's project
 * must still be found.
 */
@Tag("unit")
class CanonicalBytesTest {

    /** Texts that exercise every escaping rule: quotes, backslashes, control characters, separators, CJK, emoji. */
    private static String text(Random r) {
        String[] pieces = {"a cat", "\"", "\\", "\n", "\t", "\r", "\b", "\f", "\u0001", "\u001f", "\u007f", "\u2028",
            "\u2029", "一只熊猫", "😀", "<b>&amp;='x'</b>", "/", " ", "é", "\u00a0", "\ud83d"};
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(pieces[r.nextInt(pieces.length)]);
        }
        return sb.toString();
    }

    private static double number(Random r) {
        double[] specials = {0.0, -0.0, 1.0, 4.0, 0.6, 1e-7, 1.0E10, 123456789.125, 1e22, 2.5e-300, Double.MIN_VALUE,
            Double.MAX_VALUE, 0.1 + 0.2};
        return r.nextBoolean() ? specials[r.nextInt(specials.length)] : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12));
    }

    private static GenerationRequest request(Random r) {
        PipelineKind kind = PipelineKind.values()[r.nextInt(PipelineKind.values().length)];
        GenerationRequest.Builder b = GenerationRequest.builder(kind)
                .prompt(text(r))
                .negativePrompt(r.nextBoolean() ? null : text(r))
                .seed(r.nextBoolean() ? r.nextLong() & Long.MAX_VALUE : r.nextInt(100))
                .steps(r.nextInt(200))
                .cfg(number(r))
                .size(r.nextInt(4096), r.nextInt(4096))
                .maxSequenceLength(r.nextInt(1025))
                .strength(number(r))
                .featherPx(r.nextInt(64))
                .raw(r.nextBoolean())
                .conditionSize(r.nextInt(2048));
        List<RgbImage> images = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            images.add(Samples.noise(2 + r.nextInt(3), 2, r.nextLong()));
        }
        b.images(images);
        if (r.nextBoolean()) {
            b.mask(new Mask(2, 2, new byte[] {(byte) r.nextInt(), 0, 1, 2}));
        }
        if (r.nextBoolean()) {
            b.outpaint(new Outpaint(r.nextInt(100), r.nextInt(100), r.nextInt(100), r.nextInt(100)));
        }
        return b.build();
    }

    @Test
    void requestsAreWrittenByteForByteAsTheGsonWriterOfTheLastReleaseWroteThem() {
        Random r = new Random(20261207);
        for (int i = 0; i < 2000; i++) {
            GenerationRequest q = request(r);
            assertEquals(GsonCanonicalOracle.write(q), RequestJson.write(q), "request " + i);
        }
    }

    @Test
    void modelIdentitiesAndEnvironmentsToo() {
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            List<ComponentIdentity> cs = new ArrayList<>();
            for (int c = r.nextInt(4); c > 0; c--) {
                cs.add(new ComponentIdentity(text(r), r.nextBoolean() ? null : text(r), text(r), text(r)));
            }
            ModelIdentity m = new ModelIdentity(r.nextBoolean() ? null : text(r), text(r), cs);
            assertEquals(GsonCanonicalOracle.write(m), RequestJson.write(m));
            EngineEnvironment e = new EngineEnvironment(text(r), text(r), text(r), text(r), r.nextBoolean() ? null
                    : text(r), text(r), text(r), text(r), text(r), text(r));
            assertEquals(GsonCanonicalOracle.write(e), RequestJson.write(e));
        }
        assertEquals(GsonCanonicalOracle.write(Samples.model()), RequestJson.write(Samples.model()));
        assertEquals(GsonCanonicalOracle.write(Samples.environment()), RequestJson.write(Samples.environment()));
    }

    @Test
    void whatIsWrittenReadsBackEqual() throws Exception {
        Random r = new Random(11);
        for (int i = 0; i < 500; i++) {
            GenerationRequest q = request(r);
            RequestJson.Parsed p = RequestJson.parse(RequestJson.write(q));
            // only an edit records its condition size; every other kind reads back the default
            int conditionSize = q.kind() == PipelineKind.EDIT ? q.conditionSize()
                    : GenerationRequest.DEFAULT_CONDITION_SIZE;
            assertEquals(q.toBuilder().images(List.of()).mask(null).conditionSize(conditionSize).build(), p.request());
            assertEquals(q.images().stream().map(RgbImage::sha256).toList(), p.imageSha256s());
            assertEquals(RequestJson.write(q), Json.canonical(Json.parse(RequestJson.write(q))), "parse and write again");
        }
    }

    @Test
    void theParserIsStrictAndSaysWhere() {
        for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]", "{'a':1}", "{a:1}", "01", "1.", "-", "1e", "tru",
            "\"\\x\"", "\"\\u12\"", "\"a\tb\"", "[1] 2", "NaN", "{\"a\":1,}"}) {
            InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("at line 1, column "), e.getMessage());
        }
        InvalidJsonException second = assertThrows(InvalidJsonException.class, () -> Json.parse("{\n  \"a\": 1,\n  ,}"));
        assertTrue(second.getMessage().endsWith("at line 3, column 3"), second.getMessage());
    }

    @Test
    void aDeeplyNestedDocumentIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void valuesReadAsTheirKinds() throws Exception {
        Object o = Json.parse(" {\"s\":\"\\u00e9\\n\\/\",\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,\"a\":[1,[]]} ");
        Map<?, ?> m = (Map<?, ?>) o;
        assertEquals("é\n/", m.get("s"));
        assertEquals(new Json.Num("-1.5e3"), m.get("n"));
        assertEquals(-1500.0, ((Json.Num) m.get("n")).doubleValue());
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(Boolean.FALSE, m.get("f"));
        assertTrue(m.containsKey("z") && m.get("z") == null);
        assertEquals(List.of(new Json.Num("1"), List.of()), m.get("a"));
        assertEquals("{\"a\":[1,[]],\"f\":false,\"n\":-1.5e3,\"s\":\"é\\n/\",\"t\":true,\"z\":null}", Json.canonical(o));
    }
}
