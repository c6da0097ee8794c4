package dev.seedframe.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.SchedulerOverride;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of a {@link GenerationRequest}, a {@link ModelIdentity} and an {@link EngineEnvironment}:
 * how the project file keeps them, how PNG files carry them, and what the cache key is hashed over.
 *
 * <p>Written JSON is canonical: object keys sorted by code point, no whitespace, every field present
 * ({@code null} where absent), numbers as Java prints them. Equal values give equal strings, so the
 * string can be hashed. Input images and the mask are written as their content addresses ({@link
 * RgbImage#sha256()}, {@link Mask#sha256()}); the reader hands them back as references or resolves
 * them through an {@link ImageResolver}.
 *
 * <p>Every document carries its format version in {@code "v"}. Reading is tolerant (Krita AI
 * Diffusion's {@code from_dict}): optional fields that are missing take the request's defaults, unknown
 * fields are ignored, and a document of an older format is upgraded step by step through {@link
 * #UPGRADES} before it is read. A document from a newer Seedframe is refused with a message naming its
 * version.
 */
public final class RequestJson {

    /** The request format this Seedframe writes and the newest it reads. */
    public static final int VERSION = 1;

    /** The model identity and engine environment format this Seedframe writes and reads. */
    public static final int IDENTITY_VERSION = 1;

    /**
     * One step of the request format's history: takes a document of format {@code n} and returns it in
     * format {@code n + 1}, {@code "v"} included.
     */
    interface Upgrade {
        JsonObject apply(JsonObject document) throws InvalidRequestJsonException;
    }

    /** {@code UPGRADES.get(i)} turns format {@code i + 1} into {@code i + 2}; empty while only format 1 exists. */
    static final List<Upgrade> UPGRADES = List.of();

    /** Looks up stored images by content address. */
    public interface ImageResolver {
        RgbImage image(String sha256) throws StoreException;

        Mask mask(String sha256) throws StoreException;
    }

    /**
     * A read request whose images are still references.
     *
     * @param request the request with no input images and no mask
     * @param imageSha256s the input images' content addresses, in order
     * @param maskSha256 the mask's content address, or null
     */
    public record Parsed(GenerationRequest request, List<String> imageSha256s, String maskSha256) {

        public Parsed {
            imageSha256s = List.copyOf(imageSha256s);
        }

        /** The full request, with its images and mask looked up. */
        public GenerationRequest resolve(ImageResolver resolver) throws StoreException {
            List<RgbImage> images = new ArrayList<>(imageSha256s.size());
            for (String sha : imageSha256s) {
                images.add(resolver.image(sha));
            }
            Mask mask = maskSha256 == null ? null : resolver.mask(maskSha256);
            return request.toBuilder().images(images).mask(mask).build();
        }
    }

    private RequestJson() {}

    // ---------------------------------------------------------------- request

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
        // LoRAs and a scheduler override only when present, so that every earlier request keeps its JSON and key
        if (!r.loras().isEmpty()) {
            JsonArray loras = new JsonArray();
            for (LoraSpec l : r.loras()) {
                JsonObject lo = new JsonObject();
                lo.addProperty("path", l.path());
                lo.addProperty("weight", finite(l.weight(), "LoRA weight"));
                lo.addProperty("method", l.method().id());
                loras.add(lo);
            }
            o.add("loras", loras);
        }
        if (r.scheduler() != null) {
            o.add("scheduler", scheduler(r.scheduler()));
        }
        return canonical(o);
    }

    /** Reads a request, resolving its images and mask. */
    public static GenerationRequest read(String json, ImageResolver images) throws StoreException {
        return parse(json).resolve(images);
    }

    /** Reads a request, leaving its images and mask as references. */
    public static Parsed parse(String json) throws InvalidRequestJsonException {
        JsonObject o = upgrade(object(json, "request"), UPGRADES);
        Fields f = new Fields(o, "request");
        PipelineKind kind;
        String kindId = f.requiredString("kind");
        try {
            kind = PipelineKind.fromId(kindId);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestJsonException("The request names an unknown pipeline kind \"" + kindId + "\"");
        }
        GenerationRequest.Builder b = GenerationRequest.builder(kind)
                .prompt(f.requiredString("prompt"))
                .negativePrompt(f.optionalString("negativePrompt"))
                .seed(f.requiredLong("seed"))
                .steps(f.optionalInt("steps", GenerationRequest.DEFAULT_STEPS))
                .cfg(f.optionalDouble("cfg", GenerationRequest.DEFAULT_CFG))
                .size(f.optionalInt("width", GenerationRequest.DEFAULT_SIZE),
                        f.optionalInt("height", GenerationRequest.DEFAULT_SIZE))
                .maxSequenceLength(f.optionalInt("maxSequenceLength", GenerationRequest.DEFAULT_MAX_SEQUENCE_LENGTH))
                .strength(f.optionalDouble("strength", GenerationRequest.DEFAULT_STRENGTH))
                .featherPx(f.optionalInt("featherPx", GenerationRequest.DEFAULT_FEATHER_PX))
                .raw(f.optionalBoolean("raw", false))
                .conditionSize(f.optionalInt("conditionSize", GenerationRequest.DEFAULT_CONDITION_SIZE));
        JsonObject p = f.optionalObject("outpaint");
        if (p != null) {
            Fields pf = new Fields(p, "request's outpaint");
            try {
                b.outpaint(new Outpaint(pf.optionalInt("left", 0), pf.optionalInt("right", 0),
                        pf.optionalInt("top", 0), pf.optionalInt("bottom", 0)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestJsonException("The request's outpaint is invalid: " + e.getMessage());
            }
        }
        readLorasAndScheduler(f, b);
        List<String> images = f.optionalStrings("images");
        for (String sha : images) {
            checkSha(sha, "input image");
        }
        String mask = f.optionalString("mask");
        if (mask != null) {
            checkSha(mask, "mask");
        }
        return new Parsed(b.build(), images, mask);
    }

    private static JsonObject scheduler(SchedulerOverride s) {
        JsonObject so = new JsonObject();
        so.addProperty("numTrainTimesteps", s.numTrainTimesteps());
        so.addProperty("shift", finite(s.shift(), "scheduler shift"));
        so.addProperty("useDynamicShifting", s.useDynamicShifting());
        so.addProperty("baseShift", finite(s.baseShift(), "scheduler base shift"));
        so.addProperty("maxShift", finite(s.maxShift(), "scheduler max shift"));
        so.addProperty("baseImageSeqLen", s.baseImageSeqLen());
        so.addProperty("maxImageSeqLen", s.maxImageSeqLen());
        so.addProperty("shiftTerminal", s.shiftTerminal() == null ? null : finite(s.shiftTerminal(), "shift terminal"));
        so.addProperty("timeShiftType", s.timeShiftType());
        return so;
    }

    /** The optional {@code "loras"} list and {@code "scheduler"} override. */
    private static void readLorasAndScheduler(Fields f, GenerationRequest.Builder b)
            throws InvalidRequestJsonException {
        List<LoraSpec> loras = new ArrayList<>();
        for (JsonObject lo : f.optionalObjects("loras")) {
            Fields lf = new Fields(lo, "request's LoRA");
            try {
                loras.add(new LoraSpec(lf.requiredString("path"), lf.optionalDouble("weight", 1.0),
                        LoraMethod.fromId(lf.requiredString("method"))));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestJsonException("The request's LoRA is invalid: " + e.getMessage());
            }
        }
        b.loras(loras);
        JsonObject so = f.optionalObject("scheduler");
        if (so != null) {
            Fields sf = new Fields(so, "request's scheduler");
            JsonElement terminal = so.get("shiftTerminal");
            b.scheduler(new SchedulerOverride(sf.optionalInt("numTrainTimesteps", 1000), sf.optionalDouble("shift", 1.0),
                    sf.optionalBoolean("useDynamicShifting", false), sf.optionalDouble("baseShift", 0.5),
                    sf.optionalDouble("maxShift", 1.15), sf.optionalInt("baseImageSeqLen", 256),
                    sf.optionalInt("maxImageSeqLen", 4096),
                    terminal == null || terminal.isJsonNull() ? null : sf.optionalDouble("shiftTerminal", 0),
                    sf.requiredString("timeShiftType")));
        }
    }

    /**
     * Brings a document of any earlier format up to {@link #VERSION}, one step at a time.
     *
     * @param chain the upgrade steps, {@code chain.get(i)} from format {@code i + 1} to {@code i + 2}
     */
    static JsonObject upgrade(JsonObject document, List<Upgrade> chain) throws InvalidRequestJsonException {
        int newest = chain.size() + 1;
        int v = formatVersion(document, "request", newest);
        JsonObject o = document;
        while (v < newest) {
            o = chain.get(v - 1).apply(o.deepCopy());
            int next = formatVersion(o, "request", newest);
            if (next != v + 1) {
                throw new IllegalStateException("request format upgrade " + v + " produced format " + next);
            }
            v = next;
        }
        return o;
    }

    // ---------------------------------------------------------------- model identity

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

    public static ModelIdentity readModel(String json) throws InvalidRequestJsonException {
        JsonObject o = object(json, "model identity");
        formatVersion(o, "model identity", IDENTITY_VERSION);
        Fields f = new Fields(o, "model identity");
        List<ComponentIdentity> components = new ArrayList<>();
        JsonElement cs = o.get("components");
        if (cs == null || !cs.isJsonArray()) {
            throw new InvalidRequestJsonException("The model identity has no \"components\" list");
        }
        for (JsonElement e : cs.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new InvalidRequestJsonException("The model identity's components must be objects");
            }
            Fields cf = new Fields(e.getAsJsonObject(), "model component");
            components.add(new ComponentIdentity(cf.requiredString("name"), cf.optionalString("className"),
                    cf.optionalString("configSha256"), cf.optionalString("weightsFingerprint")));
        }
        return new ModelIdentity(f.optionalString("displayName"), f.optionalString("pipelineClass"), components);
    }

    // ---------------------------------------------------------------- engine environment

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

    public static EngineEnvironment readEnvironment(String json) throws InvalidRequestJsonException {
        JsonObject o = object(json, "engine environment");
        formatVersion(o, "engine environment", IDENTITY_VERSION);
        Fields f = new Fields(o, "engine environment");
        return new EngineEnvironment(f.optionalString("seedframeVersion"), f.optionalString("djlVersion"),
                f.optionalString("torchVersion"), f.optionalString("device"), f.optionalString("dtype"),
                f.optionalString("noiseSource"), f.optionalString("attention"), f.optionalString("platform"),
                memoryMode(f.optionalString("memoryMode")), cfgBatching(f.optionalString("cfgBatching")));
    }

    /** Files written before the CFG batching was recorded say nothing about it. */
    private static String cfgBatching(String recorded) {
        return recorded == null ? EngineEnvironment.UNRECORDED : recorded;
    }

    /** Files written before memory modes existed have none: everything was resident then. */
    private static String memoryMode(String recorded) {
        return recorded == null ? EngineEnvironment.RESIDENT : recorded;
    }

    // ---------------------------------------------------------------- string lists

    /** The canonical JSON array of strings (the adjustments a generation records). */
    public static String writeStrings(List<String> strings) {
        JsonArray a = new JsonArray();
        strings.forEach(a::add);
        return canonical(a);
    }

    public static List<String> readStrings(String json) throws InvalidRequestJsonException {
        JsonElement e;
        try {
            e = JsonParser.parseString(json);
        } catch (JsonParseException ex) {
            throw new InvalidRequestJsonException("A list of texts is malformed JSON: " + ex.getMessage(), ex);
        }
        if (!e.isJsonArray()) {
            throw new InvalidRequestJsonException("Expected a JSON list of texts");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement s : e.getAsJsonArray()) {
            if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isString()) {
                throw new InvalidRequestJsonException("Expected a JSON list of texts, found " + s);
            }
            out.add(s.getAsString());
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

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

    private static void checkSha(String sha, String what) throws InvalidRequestJsonException {
        if (sha.length() != 64 || !sha.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new InvalidRequestJsonException("The request's " + what + " reference \"" + sha
                    + "\" is not a SHA-256 content address");
        }
    }

    private static JsonObject object(String json, String what) throws InvalidRequestJsonException {
        if (json == null || json.isBlank()) {
            throw new InvalidRequestJsonException("The " + what + " JSON is empty");
        }
        JsonElement e;
        try {
            e = JsonParser.parseString(json);
        } catch (JsonParseException ex) {
            throw new InvalidRequestJsonException("The " + what + " JSON is malformed: " + ex.getMessage(), ex);
        }
        if (!e.isJsonObject()) {
            throw new InvalidRequestJsonException("The " + what + " JSON is not an object");
        }
        return e.getAsJsonObject();
    }

    private static int formatVersion(JsonObject o, String what, int newest) throws InvalidRequestJsonException {
        JsonElement v = o.get("v");
        if (v == null || v.isJsonNull()) {
            throw new InvalidRequestJsonException("The " + what + " JSON has no format version \"v\"; it was not written by Seedframe");
        }
        int version;
        try {
            version = new BigDecimal(v.getAsJsonPrimitive().getAsString()).intValueExact();
        } catch (ArithmeticException | NumberFormatException | IllegalStateException | UnsupportedOperationException e) {
            throw new InvalidRequestJsonException("The " + what + " JSON has an invalid format version \"v\": " + v);
        }
        if (version < 1) {
            throw new InvalidRequestJsonException("The " + what + " JSON has an invalid format version \"v\": " + v);
        }
        if (version > newest) {
            throw new InvalidRequestJsonException("This " + what + " was written by a newer Seedframe (format " + version
                    + "); this version reads up to format " + newest + ". Update Seedframe to read it.");
        }
        return version;
    }

    /** Typed, named access to a JSON object's fields, with messages that say which field is wrong. */
    private static final class Fields {
        private final JsonObject o;
        private final String what;

        Fields(JsonObject o, String what) {
            this.o = o;
            this.what = what;
        }

        private JsonElement get(String name) {
            JsonElement e = o.get(name);
            return e == null || e.isJsonNull() ? null : e;
        }

        private InvalidRequestJsonException wrong(String name, String expected, JsonElement found) {
            return new InvalidRequestJsonException("The " + what + "'s \"" + name + "\" must be " + expected
                    + ", not " + found);
        }

        private InvalidRequestJsonException missing(String name) {
            return new InvalidRequestJsonException("The " + what + " has no \"" + name + "\"");
        }

        String requiredString(String name) throws InvalidRequestJsonException {
            String s = optionalString(name);
            if (s == null) {
                throw missing(name);
            }
            return s;
        }

        String optionalString(String name) throws InvalidRequestJsonException {
            JsonElement e = get(name);
            if (e == null) {
                return null;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw wrong(name, "a text", e);
            }
            return e.getAsString();
        }

        long requiredLong(String name) throws InvalidRequestJsonException {
            JsonElement e = get(name);
            if (e == null) {
                throw missing(name);
            }
            return integral(name, e).longValueExact();
        }

        int optionalInt(String name, int dflt) throws InvalidRequestJsonException {
            JsonElement e = get(name);
            if (e == null) {
                return dflt;
            }
            BigDecimal d = integral(name, e);
            try {
                return d.intValueExact();
            } catch (ArithmeticException ex) {
                throw wrong(name, "a whole number in the int range", e);
            }
        }

        private BigDecimal integral(String name, JsonElement e) throws InvalidRequestJsonException {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw wrong(name, "a whole number", e);
            }
            try {
                BigDecimal d = new BigDecimal(e.getAsString());
                d.toBigIntegerExact().longValueExact();
                return d;
            } catch (ArithmeticException | NumberFormatException ex) {
                throw wrong(name, "a whole number in the long range", e);
            }
        }

        double optionalDouble(String name, double dflt) throws InvalidRequestJsonException {
            JsonElement e = get(name);
            if (e == null) {
                return dflt;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw wrong(name, "a number", e);
            }
            double d = e.getAsDouble();
            if (!Double.isFinite(d)) {
                throw wrong(name, "a finite number", e);
            }
            return d;
        }

        boolean optionalBoolean(String name, boolean dflt) throws InvalidRequestJsonException {
            JsonElement e = get(name);
            if (e == null) {
                return dflt;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw wrong(name, "true or false", e);
            }
            return e.getAsBoolean();
        }

        JsonObject optionalObject(String name) throws InvalidRequestJsonException {
            JsonElement e = get(name);
            if (e == null) {
                return null;
            }
            if (!e.isJsonObject()) {
                throw wrong(name, "an object", e);
            }
            return e.getAsJsonObject();
        }

        List<JsonObject> optionalObjects(String name) throws InvalidRequestJsonException {
            JsonElement e = get(name);
            List<JsonObject> out = new ArrayList<>();
            if (e == null) {
                return out;
            }
            if (!e.isJsonArray()) {
                throw wrong(name, "a list of objects", e);
            }
            for (JsonElement x : e.getAsJsonArray()) {
                if (!x.isJsonObject()) {
                    throw wrong(name, "a list of objects", e);
                }
                out.add(x.getAsJsonObject());
            }
            return out;
        }

        List<String> optionalStrings(String name) throws InvalidRequestJsonException {
            JsonElement e = get(name);
            if (e == null) {
                return List.of();
            }
            if (!e.isJsonArray()) {
                throw wrong(name, "a list of texts", e);
            }
            List<String> out = new ArrayList<>();
            for (JsonElement x : e.getAsJsonArray()) {
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
                    throw wrong(name, "a list of texts", e);
                }
                out.add(x.getAsString());
            }
            return out;
        }
    }
}
