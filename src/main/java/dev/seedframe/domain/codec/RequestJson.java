package dev.seedframe.domain.codec;

import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.SchedulerOverride;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form of a {@link GenerationRequest}, a {@link ModelIdentity}, an {@link EngineEnvironment} and a
 * generation's {@link Note}s: how the project file keeps them, how PNG files carry them, and what the cache key
 * is hashed over. It lives in the domain so that the application (cache key, PNG) and the store (record) write
 * the same bytes without one layer reaching into the other.
 *
 * <p>Written JSON is canonical ({@link Json#canonical}): object keys sorted, no whitespace, every field present
 * ({@code null} where absent). Equal values give equal strings, so the string can be hashed; these are the bytes
 * earlier versions wrote, so a stored cache key still finds its generation. Input images and the mask are
 * written as their content addresses; the reader hands them back as references or resolves them through an
 * {@link ImageResolver}.
 *
 * <p>Every document carries its format version in {@code "v"}. Reading is tolerant (Krita AI Diffusion's
 * {@code from_dict}): optional fields that are missing take the request's defaults, unknown fields are ignored,
 * and a document of an older format is upgraded step by step through {@link #UPGRADES} before it is read. A
 * document from a newer Seedframe is refused with a message naming its version.
 */
public final class RequestJson {

    /** The request format this Seedframe writes and the newest it reads. */
    public static final int VERSION = 1;

    /** The model identity and engine environment format this Seedframe writes and reads. */
    public static final int IDENTITY_VERSION = 1;

    /**
     * One step of the request format's history: takes a document of format {@code n} and returns it in format
     * {@code n + 1}, {@code "v"} included.
     */
    interface Upgrade {
        Map<String, Object> apply(Map<String, Object> document) throws InvalidJsonException;
    }

    /** {@code UPGRADES.get(i)} turns format {@code i + 1} into {@code i + 2}; empty while only format 1 exists. */
    static final List<Upgrade> UPGRADES = List.of();

    /**
     * Looks up stored images by content address.
     *
     * @param <E> what a failed look-up throws
     */
    public interface ImageResolver<E extends Exception> {
        RgbImage image(String sha256) throws E;

        Mask mask(String sha256) throws E;
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
        public <E extends Exception> GenerationRequest resolve(ImageResolver<E> resolver) throws E {
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
        return Json.canonical(tree(r));
    }

    /** The request as a JSON tree (what {@link #write} prints canonically). */
    public static Map<String, Object> tree(GenerationRequest r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("v", VERSION);
        o.put("kind", r.kind().id());
        o.put("prompt", r.prompt());
        o.put("negativePrompt", r.negativePrompt());
        o.put("seed", r.seed());
        o.put("steps", r.steps());
        o.put("cfg", finite(r.cfg(), "cfg"));
        o.put("width", r.width());
        o.put("height", r.height());
        o.put("maxSequenceLength", r.maxSequenceLength());
        o.put("strength", finite(r.strength(), "strength"));
        o.put("images", r.images().stream().map(RgbImage::sha256).toList());
        o.put("mask", r.mask() == null ? null : r.mask().sha256());
        o.put("featherPx", r.featherPx());
        o.put("raw", r.raw());
        if (r.outpaint() == null) {
            o.put("outpaint", null);
        } else {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("left", r.outpaint().left());
            p.put("right", r.outpaint().right());
            p.put("top", r.outpaint().top());
            p.put("bottom", r.outpaint().bottom());
            o.put("outpaint", p);
        }
        if (r.kind() == PipelineKind.EDIT) {
            // only edits carry it, so the canonical form (and cache key) of every other request is unchanged
            o.put("conditionSize", r.conditionSize());
        }
        if (r.context() != null) {
            // only full-resolution edits carry it, so every earlier request keeps its canonical form
            ContextBox b = r.context();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("x", b.x());
            c.put("y", b.y());
            c.put("width", b.width());
            c.put("height", b.height());
            c.put("workWidth", b.workWidth());
            c.put("workHeight", b.workHeight());
            o.put("context", c);
        }
        // LoRAs and a scheduler override only when present, so that every earlier request keeps its JSON and key
        if (!r.loras().isEmpty()) {
            List<Object> loras = new ArrayList<>();
            for (LoraSpec l : r.loras()) {
                Map<String, Object> lo = new LinkedHashMap<>();
                lo.put("path", l.path());
                lo.put("weight", finite(l.weight(), "LoRA weight"));
                lo.put("method", l.method().id());
                loras.add(lo);
            }
            o.put("loras", loras);
        }
        if (r.scheduler() != null) {
            o.put("scheduler", scheduler(r.scheduler()));
        }
        return o;
    }

    /** Reads a request, resolving its images and mask. */
    public static <E extends Exception> GenerationRequest read(String json, ImageResolver<E> images)
            throws InvalidJsonException, E {
        return parse(json).resolve(images);
    }

    /** Reads a request, leaving its images and mask as references. */
    public static Parsed parse(String json) throws InvalidJsonException {
        return parse(object(json, "request"));
    }

    /** Reads a request from a JSON tree (e.g. inside a PNG's document), leaving its images as references. */
    public static Parsed parse(Map<String, Object> document) throws InvalidJsonException {
        Map<String, Object> o = upgrade(document, UPGRADES);
        Fields f = new Fields(o, "request");
        PipelineKind kind;
        String kindId = f.requiredString("kind");
        try {
            kind = PipelineKind.fromId(kindId);
        } catch (IllegalArgumentException e) {
            throw new InvalidJsonException("The request names an unknown pipeline kind \"" + kindId + "\"");
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
        Map<String, Object> p = f.optionalObject("outpaint");
        if (p != null) {
            Fields pf = new Fields(p, "request's outpaint");
            try {
                b.outpaint(new Outpaint(pf.optionalInt("left", 0), pf.optionalInt("right", 0),
                        pf.optionalInt("top", 0), pf.optionalInt("bottom", 0)));
            } catch (IllegalArgumentException e) {
                throw new InvalidJsonException("The request's outpaint is invalid: " + e.getMessage());
            }
        }
        Map<String, Object> cb = f.optionalObject("context");
        if (cb != null) {
            Fields cf = new Fields(cb, "request's context box");
            try {
                b.context(new ContextBox(cf.requiredInt("x"), cf.requiredInt("y"), cf.requiredInt("width"),
                        cf.requiredInt("height"), cf.requiredInt("workWidth"), cf.requiredInt("workHeight")));
            } catch (IllegalArgumentException e) {
                throw new InvalidJsonException("The request's context box is invalid: " + e.getMessage());
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

    private static Map<String, Object> scheduler(SchedulerOverride s) {
        Map<String, Object> so = new LinkedHashMap<>();
        so.put("numTrainTimesteps", s.numTrainTimesteps());
        so.put("shift", finite(s.shift(), "scheduler shift"));
        so.put("useDynamicShifting", s.useDynamicShifting());
        so.put("baseShift", finite(s.baseShift(), "scheduler base shift"));
        so.put("maxShift", finite(s.maxShift(), "scheduler max shift"));
        so.put("baseImageSeqLen", s.baseImageSeqLen());
        so.put("maxImageSeqLen", s.maxImageSeqLen());
        so.put("shiftTerminal", s.shiftTerminal() == null ? null : finite(s.shiftTerminal(), "shift terminal"));
        so.put("timeShiftType", s.timeShiftType());
        return so;
    }

    /** One entry of a request's {@code "loras"} list. */
    private static LoraSpec lora(Map<String, Object> lo) throws InvalidJsonException {
        Fields lf = new Fields(lo, "request's LoRA");
        try {
            return new LoraSpec(lf.requiredString("path"), lf.optionalDouble("weight", 1.0),
                    LoraMethod.fromId(lf.requiredString("method")));
        } catch (IllegalArgumentException e) {
            throw new InvalidJsonException("The request's LoRA is invalid: " + e.getMessage());
        }
    }

    /**
     * A request's {@code "loras"} list on its own (a history line's, read without the rest of the request); null or
     * blank: none.
     */
    @SuppressWarnings("unchecked")
    public static List<LoraSpec> readLoras(String lorasJson) throws InvalidJsonException {
        if (lorasJson == null || lorasJson.isBlank()) {
            return List.of();
        }
        if (!(Json.parse(lorasJson) instanceof List<?> list)) {
            throw new InvalidJsonException("The request's LoRAs are not a list");
        }
        List<LoraSpec> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new InvalidJsonException("The request's LoRA is not an object");
            }
            out.add(lora((Map<String, Object>) m));
        }
        return out;
    }

    /** The optional {@code "loras"} list and {@code "scheduler"} override. */
    private static void readLorasAndScheduler(Fields f, GenerationRequest.Builder b) throws InvalidJsonException {
        List<LoraSpec> loras = new ArrayList<>();
        for (Map<String, Object> lo : f.optionalObjects("loras")) {
            loras.add(lora(lo));
        }
        b.loras(loras);
        Map<String, Object> so = f.optionalObject("scheduler");
        if (so != null) {
            Fields sf = new Fields(so, "request's scheduler");
            try {
                b.scheduler(new SchedulerOverride(sf.optionalInt("numTrainTimesteps", 1000),
                        sf.optionalDouble("shift", 1.0), sf.optionalBoolean("useDynamicShifting", false),
                        sf.optionalDouble("baseShift", 0.5), sf.optionalDouble("maxShift", 1.15),
                        sf.optionalInt("baseImageSeqLen", 256), sf.optionalInt("maxImageSeqLen", 4096),
                        so.get("shiftTerminal") == null ? null : sf.optionalDouble("shiftTerminal", 0),
                        sf.requiredString("timeShiftType")));
            } catch (IllegalArgumentException e) {
                throw new InvalidJsonException("The request's scheduler is invalid: " + e.getMessage());
            }
        }
    }

    /**
     * Brings a document of any earlier format up to the newest, one step at a time; the input is not modified.
     *
     * @param chain the upgrade steps, {@code chain.get(i)} from format {@code i + 1} to {@code i + 2}
     */
    static Map<String, Object> upgrade(Map<String, Object> document, List<Upgrade> chain)
            throws InvalidJsonException {
        int newest = chain.size() + 1;
        int v = formatVersion(document, "request", newest);
        Map<String, Object> o = document;
        while (v < newest) {
            o = chain.get(v - 1).apply(deepCopy(o));
            int next = formatVersion(o, "request", newest);
            if (next != v + 1) {
                throw new IllegalStateException("request format upgrade " + v + " produced format " + next);
            }
            v = next;
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, deepCopy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(deepCopy(v)));
            return (T) out;
        }
        return value;
    }

    // ---------------------------------------------------------------- model identity

    /** The canonical JSON of a model identity. */
    public static String write(ModelIdentity m) {
        return Json.canonical(tree(m));
    }

    public static Map<String, Object> tree(ModelIdentity m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("v", IDENTITY_VERSION);
        o.put("displayName", m.displayName());
        o.put("pipelineClass", m.pipelineClass());
        List<Object> cs = new ArrayList<>();
        for (ComponentIdentity c : m.components()) {
            Map<String, Object> co = new LinkedHashMap<>();
            co.put("name", c.name());
            co.put("className", c.className());
            co.put("configSha256", c.configSha256());
            co.put("weightsFingerprint", c.weightsFingerprint());
            cs.add(co);
        }
        o.put("components", cs);
        return o;
    }

    public static ModelIdentity readModel(String json) throws InvalidJsonException {
        return readModel(object(json, "model identity"));
    }

    public static ModelIdentity readModel(Map<String, Object> o) throws InvalidJsonException {
        formatVersion(o, "model identity", IDENTITY_VERSION);
        Fields f = new Fields(o, "model identity");
        Object cs = o.get("components");
        if (!(cs instanceof List<?> list)) {
            throw new InvalidJsonException("The model identity has no \"components\" list");
        }
        List<ComponentIdentity> components = new ArrayList<>();
        for (Object e : list) {
            if (!(e instanceof Map<?, ?>)) {
                throw new InvalidJsonException("The model identity's components must be objects");
            }
            Fields cf = new Fields(asObject(e), "model component");
            components.add(new ComponentIdentity(cf.requiredString("name"), cf.optionalString("className"),
                    cf.optionalString("configSha256"), cf.optionalString("weightsFingerprint")));
        }
        return new ModelIdentity(f.optionalString("displayName"), f.optionalString("pipelineClass"), components);
    }

    // ---------------------------------------------------------------- engine environment

    /** The canonical JSON of an engine environment. */
    public static String write(EngineEnvironment e) {
        return Json.canonical(tree(e));
    }

    public static Map<String, Object> tree(EngineEnvironment e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("v", IDENTITY_VERSION);
        o.put("seedframeVersion", e.seedframeVersion());
        o.put("djlVersion", e.djlVersion());
        o.put("torchVersion", e.torchVersion());
        o.put("device", e.device());
        o.put("dtype", e.dtype());
        o.put("noiseSource", e.noiseSource());
        o.put("attention", e.attention());
        o.put("platform", e.platform());
        o.put("memoryMode", e.memoryMode());
        o.put("cfgBatching", e.cfgBatching());
        return o;
    }

    public static EngineEnvironment readEnvironment(String json) throws InvalidJsonException {
        return readEnvironment(object(json, "engine environment"));
    }

    public static EngineEnvironment readEnvironment(Map<String, Object> o) throws InvalidJsonException {
        formatVersion(o, "engine environment", IDENTITY_VERSION);
        Fields f = new Fields(o, "engine environment");
        String memoryMode = f.optionalString("memoryMode");
        String cfgBatching = f.optionalString("cfgBatching");
        return new EngineEnvironment(f.optionalString("seedframeVersion"), f.optionalString("djlVersion"),
                f.optionalString("torchVersion"), f.optionalString("device"), f.optionalString("dtype"),
                f.optionalString("noiseSource"), f.optionalString("attention"), f.optionalString("platform"),
                // files written before memory modes existed have none: everything was resident then
                memoryMode == null ? EngineEnvironment.RESIDENT : memoryMode,
                // files written before the CFG batching was recorded say nothing about it
                cfgBatching == null ? EngineEnvironment.UNRECORDED : cfgBatching);
    }

    // ---------------------------------------------------------------- notes

    /** The canonical JSON of a generation's notes: {@code [{"args":[...],"code":"CFG_OFF"}, ...]}. */
    public static String writeNotes(List<Note> notes) {
        return Json.canonical(notes.stream().map(RequestJson::tree).toList());
    }

    private static Map<String, Object> tree(Note n) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("code", n.code());
        o.put("args", n.args().stream().map(a -> a instanceof Note inner ? tree(inner) : a).toList());
        return o;
    }

    /**
     * Reads a generation's notes. A list of texts (what Seedframe recorded before notes had codes) is read
     * through {@link LegacyNotes}, so a file not yet migrated reads the same.
     */
    public static List<Note> readNotes(String json) throws InvalidJsonException {
        Object e = parseAny(json, "list of notes");
        if (!(e instanceof List<?> list)) {
            throw new InvalidJsonException("Expected a JSON list of notes");
        }
        List<Note> out = new ArrayList<>();
        for (Object x : list) {
            out.add(x instanceof String legacy ? LegacyNotes.parse(legacy) : note(x));
        }
        return out;
    }

    private static Note note(Object x) throws InvalidJsonException {
        if (!(x instanceof Map<?, ?>)) {
            throw new InvalidJsonException("Expected a note (an object with a code), found " + Json.write(x));
        }
        Fields f = new Fields(asObject(x), "note");
        String code = f.requiredString("code");
        Object args = asObject(x).get("args");
        List<Object> out = new ArrayList<>();
        if (args != null) {
            if (!(args instanceof List<?> list)) {
                throw new InvalidJsonException("The note " + code + " has \"args\" that are not a list");
            }
            for (Object a : list) {
                out.add(a instanceof String s ? s : note(a));
            }
        }
        return new Note(code, out);
    }

    // ---------------------------------------------------------------- helpers

    private static double finite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("the request's " + name + " must be a finite number, not " + v);
        }
        return v;
    }

    private static void checkSha(String sha, String what) throws InvalidJsonException {
        if (sha.length() != 64 || !sha.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new InvalidJsonException("The request's " + what + " reference \"" + sha
                    + "\" is not a SHA-256 content address");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object o) {
        return (Map<String, Object>) o;
    }

    private static Object parseAny(String json, String what) throws InvalidJsonException {
        if (json == null || json.isBlank()) {
            throw new InvalidJsonException("The " + what + " JSON is empty");
        }
        try {
            return Json.parse(json);
        } catch (InvalidJsonException ex) {
            throw new InvalidJsonException("The " + what + " JSON is malformed: " + ex.getMessage(), ex);
        }
    }

    /** {@code json} parsed as an object, with messages that name {@code what}. */
    public static Map<String, Object> object(String json, String what) throws InvalidJsonException {
        Object e = parseAny(json, what);
        if (!(e instanceof Map<?, ?>)) {
            throw new InvalidJsonException("The " + what + " JSON is not an object");
        }
        return asObject(e);
    }

    private static int formatVersion(Map<String, Object> o, String what, int newest) throws InvalidJsonException {
        Object v = o.get("v");
        if (v == null) {
            throw new InvalidJsonException("The " + what + " JSON has no format version \"v\"; it was not written by"
                    + " Seedframe");
        }
        int version;
        try {
            version = new java.math.BigDecimal(v instanceof String s ? s : Fields.numberText(v)).intValueExact();
        } catch (ArithmeticException | NumberFormatException | NullPointerException e) {
            throw new InvalidJsonException("The " + what + " JSON has an invalid format version \"v\": " + Json.write(v));
        }
        if (version < 1) {
            throw new InvalidJsonException("The " + what + " JSON has an invalid format version \"v\": " + Json.write(v));
        }
        if (version > newest) {
            throw new InvalidJsonException("This " + what + " was written by a newer Seedframe (format " + version
                    + "); this version reads up to format " + newest + ". Update Seedframe to read it.");
        }
        return version;
    }
}
