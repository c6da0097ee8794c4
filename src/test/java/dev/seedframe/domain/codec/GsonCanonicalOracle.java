package dev.seedframe.domain.codec;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical writer of Seedframe 0.1.0 (store.RequestJson at 9331f3a, on Gson), kept as the oracle the
 * hand-written codec must match byte for byte: the cache keys and model hashes in users' project files were
 * made from these bytes.
 */
final class GsonCanonicalOracle {

    private static final int VERSION = 1;
    private static final int IDENTITY_VERSION = 1;

    private GsonCanonicalOracle() {}

    /** The canonical JSON of a request. */
    public static String write(GenerationRequest r) {
        JsonObject o = new JsonObject();
        o.addProperty("v", VERSION);
        o.addProperty("kind", r.kind().id());
        o.addProperty("prompt", r.prompt());
        o.addProperty("negativePrompt", r.negativePrompt());
        o.addProperty("seed", r.seed());
        o.addProperty("steps", r.steps());
        o.addProperty("cfg", finite(r.cfg(), "cfg"));
        o.addProperty("width", r.width());
        o.addProperty("height", r.height());
        o.addProperty("maxSequenceLength", r.maxSequenceLength());
        o.addProperty("strength", finite(r.strength(), "strength"));
        JsonArray images = new JsonArray();
        for (RgbImage img : r.images()) {
            images.add(img.sha256());
        }
        o.add("images", images);
        o.addProperty("mask", r.mask() == null ? null : r.mask().sha256());
        o.addProperty("featherPx", r.featherPx());
        o.addProperty("raw", r.raw());
        if (r.outpaint() == null) {
            o.add("outpaint", JsonNull.INSTANCE);
        } else {
            JsonObject p = new JsonObject();
            p.addProperty("left", r.outpaint().left());
            p.addProperty("right", r.outpaint().right());
            p.addProperty("top", r.outpaint().top());
            p.addProperty("bottom", r.outpaint().bottom());
            o.add("outpaint", p);
        }
        if (r.kind() == PipelineKind.EDIT) {
            // only edits carry it, so the canonical form (and cache key) of every other request is unchanged
            o.addProperty("conditionSize", r.conditionSize());
        }
        return canonical(o);
    }

    /** The canonical JSON of a model identity. */
    public static String write(ModelIdentity m) {
        JsonObject o = new JsonObject();
        o.addProperty("v", IDENTITY_VERSION);
        o.addProperty("displayName", m.displayName());
        o.addProperty("pipelineClass", m.pipelineClass());
        JsonArray cs = new JsonArray();
        for (ComponentIdentity c : m.components()) {
            JsonObject co = new JsonObject();
            co.addProperty("name", c.name());
            co.addProperty("className", c.className());
            co.addProperty("configSha256", c.configSha256());
            co.addProperty("weightsFingerprint", c.weightsFingerprint());
            cs.add(co);
        }
        o.add("components", cs);
        return canonical(o);
    }

    /** The canonical JSON of an engine environment. */
    public static String write(EngineEnvironment e) {
        JsonObject o = new JsonObject();
        o.addProperty("v", IDENTITY_VERSION);
        o.addProperty("seedframeVersion", e.seedframeVersion());
        o.addProperty("djlVersion", e.djlVersion());
        o.addProperty("torchVersion", e.torchVersion());
        o.addProperty("device", e.device());
        o.addProperty("dtype", e.dtype());
        o.addProperty("noiseSource", e.noiseSource());
        o.addProperty("attention", e.attention());
        o.addProperty("platform", e.platform());
        o.addProperty("memoryMode", e.memoryMode());
        o.addProperty("cfgBatching", e.cfgBatching());
        return canonical(o);
    }

    /** Writes a JSON tree with object keys sorted by code point and no whitespace. */
    static String canonical(JsonElement e) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setSerializeNulls(true);
            w.setHtmlSafe(false);
            writeSorted(w, e);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void writeSorted(JsonWriter w, JsonElement e) throws IOException {
        if (e == null || e.isJsonNull()) {
            w.nullValue();
        } else if (e.isJsonObject()) {
            w.beginObject();
            Map<String, JsonElement> sorted = new TreeMap<>(e.getAsJsonObject().asMap());
            for (Map.Entry<String, JsonElement> m : sorted.entrySet()) {
                w.name(m.getKey());
                writeSorted(w, m.getValue());
            }
            w.endObject();
        } else if (e.isJsonArray()) {
            w.beginArray();
            for (JsonElement x : e.getAsJsonArray()) {
                writeSorted(w, x);
            }
            w.endArray();
        } else {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isBoolean()) {
                w.value(p.getAsBoolean());
            } else if (p.isNumber()) {
                w.value(p.getAsNumber());
            } else {
                w.value(p.getAsString());
            }
        }
    }

    private static double finite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("the request's " + name + " must be a finite number, not " + v);
        }
        return v;
    }

}
