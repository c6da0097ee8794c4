package dev.seedframe.service;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Hashes;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.codec.InvalidJsonException;
import dev.seedframe.domain.codec.Json;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.imaging.Png;
import dev.seedframe.imaging.PngText;
import dev.seedframe.store.StoreException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seedframe's PNG interchange: every exported image carries its exact request as JSON (key {@value
 * #KEY}) with its input images and mask embedded, plus the widely read {@code parameters} text. Import
 * reads either: Seedframe's JSON exactly, or another tool's {@code parameters} as far as it maps.
 */
public final class SeedframePng {

    /** PNG text key of Seedframe's JSON. */
    public static final String KEY = "seedframe";

    /** Format version of the JSON envelope. */
    public static final int VERSION = 1;

    /**
     * Inputs are embedded while their PNGs stay below this size together: in base64 (4/3 of it) with the JSON
     * around it, the text stays within what a PNG reader takes ({@link Png#MAX_TEXT_BYTES}); a full-resolution
     * edit of a large photo carries its inputs by content address only, and its project holds them.
     */
    static final long MAX_EMBEDDED_BYTES = (Png.MAX_TEXT_BYTES - (1L << 20)) * 3 / 4;

    private SeedframePng() {}

    /**
     * What an imported PNG said.
     *
     * @param integrity whether the PNG was as exported: {@link AuditEntry#IMPORT_INTACT}, {@link
     *     AuditEntry#IMPORT_DATA_CHANGED}, {@link AuditEntry#IMPORT_PIXELS_CHANGED}, or null when it makes no claim
     *     (another tool's PNG, or one exported before exports carried their digest)
     * @param loraTags the {@code <lora:name:weight>} tags of another tool's parameters (not yet in the request: the
     *     import looks for their files), empty for Seedframe's own data (its request names its LoRA files)
     */
    public record Imported(
            GenerationRequest request,
            RgbImage image,
            ModelIdentity model,
            EngineEnvironment environment,
            List<Note> notes,
            boolean exact,
            String integrity,
            List<ParametersText.LoraTag> loraTags) {

        public Imported {
            loraTags = loraTags == null ? List.of() : List.copyOf(loraTags);
        }

        /** This import with {@code request} and {@code notes} instead (the LoRAs it found). */
        public Imported with(GenerationRequest request, List<Note> notes) {
            return new Imported(request, image, model, environment, notes, exact, integrity, loraTags);
        }
    }

    /**
     * The PNG bytes of a generation with its JSON (the request's canonical JSON as the generation carries it),
     * inputs and parameters text; its project id when it has one. The JSON carries a record of what it says (the
     * pixels' hash and a digest, {@link #digest}), so an import tells a PNG as exported from one edited since.
     */
    public static byte[] encode(Generation g) {
        Map<String, String> text = new LinkedHashMap<>(PngExport.text(g.request(), g.model(), g.environment(),
                g.notes()));
        text.put(KEY, envelope(g));
        return Png.encode(g.image(), text);
    }

    /**
     * The hash an export carries over what its JSON says: request, model identity, environment, notes and the
     * pixels' hash, each in canonical JSON (so it is computed the same from the export's document and from the
     * document an import reads back).
     */
    static String digest(Map<String, Object> envelope, String imageSha256) {
        return Hashes.sha256Hex(String.join("\n", "seedframe-png-v1", Json.canonical(envelope.get("request")),
                Json.canonical(envelope.get("model")), Json.canonical(envelope.get("environment")),
                Json.canonical(envelope.get("adjustments")), imageSha256));
    }

    static String envelope(Generation g) {
        GenerationRequest request = g.request();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", "seedframe-png");
        o.put("v", VERSION);
        if (g.isRecorded()) {
            o.put("generation", g.id());
        }
        o.put("request", new Json.Raw(g.requestJson()));
        o.put("model", RequestJson.tree(g.model()));
        o.put("environment", RequestJson.tree(g.environment()));
        o.put("adjustments", Note.english(g.notes()));
        Map<String, Object> inputs = new LinkedHashMap<>();
        long total = 0;
        Base64.Encoder b64 = Base64.getEncoder();
        for (RgbImage img : request.images()) {
            byte[] png = Png.encode(img, Map.of());
            total += png.length;
            inputs.put(img.sha256(), b64.encodeToString(png));
        }
        if (request.mask() != null) {
            byte[] png = Png.encode(request.mask(), Map.of());
            total += png.length;
            inputs.put(request.mask().sha256(), b64.encodeToString(png));
        }
        if (total <= MAX_EMBEDDED_BYTES) {
            o.put("inputs", inputs);
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("image", g.image().sha256());
        try {
            // the digest of the document as an import reads it back
            record.put("digest", digest(RequestJson.object(Json.write(o), "Seedframe PNG data"), g.image().sha256()));
        } catch (InvalidJsonException e) {
            throw new IllegalStateException("Seedframe's own PNG data does not read back: " + e.getMessage(), e);
        }
        o.put("record", record);
        return Json.write(o);
    }

    /**
     * Reads a PNG's generation data. {@code fallback} resolves input images that are not embedded (e.g.
     * from the project they came from); it may be null.
     */
    public static Imported decode(byte[] png, String name, RequestJson.ImageResolver<StoreException> fallback)
            throws ImageFormatException, StoreException {
        ImageFiles.Decoded d = ImageFiles.decode(png, name);
        List<Note> notes = new ArrayList<>();
        if (d.hadAlpha()) {
            notes.add(Note.of(NoteCode.ALPHA_DROPPED, name));
        }
        Imported imp = fromText(d.text(), d.image(), name, fallback, notes);
        if (imp == null) {
            throw new ImageFormatException(name + " carries no generation parameters (no Seedframe data and no"
                    + " 'parameters' text)");
        }
        return imp;
    }

    /** Whether a PNG's text carries generation settings (Seedframe's JSON or a {@code parameters} text). */
    public static boolean carriesSettings(PngText text) {
        return text.get(KEY) != null || text.get(PngExport.PARAMETERS) != null;
    }

    /**
     * The generation a PNG's text describes, for its pixels {@code image}; null when the text carries none.
     * {@code notes} starts the returned notes.
     */
    public static Imported fromText(PngText text, RgbImage image, String name,
            RequestJson.ImageResolver<StoreException> fallback, List<Note> notes)
            throws ImageFormatException, StoreException {
        notes = new ArrayList<>(notes);
        String json = text.get(KEY);
        if (json != null) {
            try {
                return exact(RequestJson.object(json, "Seedframe PNG data"), image, name, notes, fallback);
            } catch (InvalidJsonException e) {
                throw new ImageFormatException(name + " has damaged Seedframe data: " + e.getMessage(), e);
            }
        }
        String params = text.get(PngExport.PARAMETERS);
        if (params == null) {
            return null;
        }
        ParametersText.Parsed p = ParametersText.parse(params);
        GenerationRequest.Builder b = GenerationRequest.builder(dev.seedframe.domain.PipelineKind.TEXT_TO_IMAGE)
                .prompt(p.prompt())
                .negativePrompt(p.negativePrompt());
        if (p.seed() != null) {
            b.seed(p.seed() & Long.MAX_VALUE);
        } else {
            notes.add(Note.of(NoteCode.NO_SEED));
        }
        if (p.steps() != null) {
            b.steps(p.steps());
        }
        if (p.cfg() != null) {
            b.cfg(p.cfg());
        }
        if (p.width() != null && p.height() != null) {
            b.size(p.width(), p.height());
        } else {
            b.size(image.width(), image.height());
        }
        String sampler = p.other().get("Sampler");
        if (sampler != null && !sampler.equalsIgnoreCase("Euler")) {
            notes.add(Note.of(NoteCode.SAMPLER_UNMATCHED, sampler));
        }
        String model = p.other().get("Model");
        if (model != null) {
            notes.add(Note.of(NoteCode.OTHER_MODEL, model));
        }
        return new Imported(b.build(), image, null, null, notes, false, null, p.loras());
    }

    /** Seedframe's own document: the exact request, its embedded inputs, model and environment. */
    private static Imported exact(Map<String, Object> o, RgbImage image, String name, List<Note> notes,
            RequestJson.ImageResolver<StoreException> fallback)
            throws InvalidJsonException, ImageFormatException, StoreException {
        Object v = o.get("v");
        int version = v instanceof Json.Num n ? n.decimal().intValue() : 0;
        if (version > VERSION) {
            throw new ImageFormatException(name + " was written by a newer Seedframe (PNG format " + version
                    + "); this version reads up to " + VERSION);
        }
        if (!(o.get("request") instanceof Map<?, ?> request)) {
            throw new InvalidJsonException("it holds no request");
        }
        RequestJson.Parsed parsed = RequestJson.parse(cast(request));
        Map<String, String> embedded = new LinkedHashMap<>();
        if (o.get("inputs") instanceof Map<?, ?> inputs) {
            for (var e : inputs.entrySet()) {
                if (e.getValue() instanceof String b64) {
                    embedded.put((String) e.getKey(), b64);
                }
            }
        }
        GenerationRequest resolved = parsed.resolve(new EmbeddedImages(embedded, fallback, name));
        ModelIdentity model = o.get("model") instanceof Map<?, ?> m ? RequestJson.readModel(cast(m)) : null;
        EngineEnvironment env = o.get("environment") instanceof Map<?, ?> e ? RequestJson.readEnvironment(cast(e))
                : null;
        String integrity = integrity(o, image);
        if (AuditEntry.IMPORT_DATA_CHANGED.equals(integrity)) {
            notes.add(Note.of(NoteCode.PNG_DATA_CHANGED, name));
        } else if (AuditEntry.IMPORT_PIXELS_CHANGED.equals(integrity)) {
            notes.add(Note.of(NoteCode.PNG_PIXELS_CHANGED, name));
        }
        return new Imported(resolved, image, model, env, notes, true, integrity, List.of());
    }

    /** Checks an export's record against what the PNG says now; null when it carries none. */
    private static String integrity(Map<String, Object> o, RgbImage image) {
        if (!(o.get("record") instanceof Map<?, ?> record)) {
            return null;
        }
        if (!image.sha256().equals(record.get("image"))) {
            return AuditEntry.IMPORT_PIXELS_CHANGED;
        }
        return digest(o, image.sha256()).equals(record.get("digest")) ? AuditEntry.IMPORT_INTACT
                : AuditEntry.IMPORT_DATA_CHANGED;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** Resolves images from the PNG's embedded copies first, then from {@code fallback}. */
    private record EmbeddedImages(Map<String, String> embedded, RequestJson.ImageResolver<StoreException> fallback,
            String name) implements RequestJson.ImageResolver<StoreException> {

        @Override
        public RgbImage image(String sha256) throws StoreException {
            String b64 = embedded.get(sha256);
            if (b64 != null) {
                RgbImage img = decodeEmbedded(b64).image();
                if (img.sha256().equals(sha256)) {
                    return img;
                }
            }
            if (fallback != null) {
                return fallback.image(sha256);
            }
            throw new MissingInputException(name + " refers to an input image (" + sha256.substring(0, 12)
                    + "…) that it does not carry");
        }

        @Override
        public Mask mask(String sha256) throws StoreException {
            String b64 = embedded.get(sha256);
            if (b64 != null) {
                Mask m = ImageFiles.toMask(decodeEmbedded(b64).image());
                if (m.sha256().equals(sha256)) {
                    return m;
                }
            }
            if (fallback != null) {
                return fallback.mask(sha256);
            }
            throw new MissingInputException(name + " refers to a mask (" + sha256.substring(0, 12)
                    + "…) that it does not carry");
        }

        private ImageFiles.Decoded decodeEmbedded(String b64) throws MissingInputException {
            try {
                return ImageFiles.decode(Base64.getDecoder().decode(b64), name);
            } catch (ImageFormatException | IllegalArgumentException e) {
                throw new MissingInputException(name + " carries a damaged input image");
            }
        }
    }

    /** An input image a PNG refers to but neither carries nor the project holds. */
    public static final class MissingInputException extends StoreException {
        public MissingInputException(String message) {
            super(message);
        }
    }
}
