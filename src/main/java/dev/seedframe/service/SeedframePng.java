package dev.seedframe.service;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.imaging.Png;
import dev.seedframe.imaging.PngText;
import dev.seedframe.store.RequestJson;
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

    /** Inputs are embedded while their PNGs stay below this size together. */
    static final long MAX_EMBEDDED_BYTES = 64L * 1024 * 1024;

    private SeedframePng() {}

    /**
     * What an imported PNG said.
     *
     * @param integrity whether the PNG was as exported: {@link dev.seedframe.domain.AuditEntry#IMPORT_INTACT},
     *     {@code IMPORT_DATA_CHANGED}, {@code IMPORT_PIXELS_CHANGED}, or null when it makes no claim (another
     *     tool's PNG, or one exported before exports were hashed)
     */
    public record Imported(
            GenerationRequest request,
            RgbImage image,
            ModelIdentity model,
            EngineEnvironment environment,
            List<String> notes,
            boolean exact,
            String integrity) {}

    /**
     * The hash an export carries over what it says (request, model identity, environment, notes, pixels), so
     * that an import can tell a PNG as exported from one whose Seedframe data was edited since.
     */
    static String digest(GenerationRequest request, ModelIdentity model, EngineEnvironment env,
            List<String> adjustments, String imageSha256) {
        return dev.seedframe.domain.Hashes.sha256Hex(String.join("\n", "seedframe-png-v1", RequestJson.write(request),
                model == null ? "" : RequestJson.write(model), env == null ? "" : RequestJson.write(env),
                RequestJson.writeStrings(adjustments), imageSha256));
    }

    /** The PNG bytes of a generation with its JSON, inputs and parameters text. */
    public static byte[] encode(RgbImage image, GenerationRequest request, ModelIdentity model, EngineEnvironment env,
            List<String> adjustments, Long generationId) {
        Map<String, String> text = new LinkedHashMap<>(PngExport.text(request, model, env, adjustments));
        JsonObject o = JsonParser.parseString(envelope(request, model, env, adjustments, generationId))
                .getAsJsonObject();
        JsonObject record = new JsonObject();
        record.addProperty("image", image.sha256());
        record.addProperty("digest", digest(request, model, env, adjustments, image.sha256()));
        o.add("record", record);
        text.put(KEY, o.toString());
        return Png.encode(image, text);
    }

    static String envelope(GenerationRequest request, ModelIdentity model, EngineEnvironment env,
            List<String> adjustments, Long generationId) {
        JsonObject o = new JsonObject();
        o.addProperty("format", "seedframe-png");
        o.addProperty("v", VERSION);
        if (generationId != null) {
            o.addProperty("generation", generationId);
        }
        o.add("request", JsonParser.parseString(RequestJson.write(request)));
        o.add("model", JsonParser.parseString(RequestJson.write(model)));
        o.add("environment", JsonParser.parseString(RequestJson.write(env)));
        JsonArray adj = new JsonArray();
        adjustments.forEach(adj::add);
        o.add("adjustments", adj);
        JsonObject inputs = new JsonObject();
        long total = 0;
        Base64.Encoder b64 = Base64.getEncoder();
        for (RgbImage img : request.images()) {
            byte[] png = Png.encode(img, Map.of());
            total += png.length;
            inputs.addProperty(img.sha256(), b64.encodeToString(png));
        }
        if (request.mask() != null) {
            byte[] png = Png.encode(request.mask(), Map.of());
            total += png.length;
            inputs.addProperty(request.mask().sha256(), b64.encodeToString(png));
        }
        if (total <= MAX_EMBEDDED_BYTES) {
            o.add("inputs", inputs);
        }
        return o.toString();
    }

    /**
     * Reads a PNG's generation data. {@code fallback} resolves input images that are not embedded (e.g.
     * from the project they came from); it may be null.
     */
    public static Imported decode(byte[] png, String name, RequestJson.ImageResolver fallback)
            throws ImageFormatException, StoreException {
        ImageFiles.Decoded d = ImageFiles.decode(png, name);
        PngText text = d.text();
        List<String> notes = new ArrayList<>();
        if (d.hadAlpha()) {
            notes.add(name + " had an alpha channel; it was dropped");
        }
        String json = text.get(KEY);
        if (json != null) {
            JsonObject o;
            try {
                o = JsonParser.parseString(json).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new ImageFormatException(name + " has damaged Seedframe data (invalid JSON)", e);
            }
            int v = o.has("v") ? o.get("v").getAsInt() : 0;
            if (v > VERSION) {
                throw new ImageFormatException(name + " was written by a newer Seedframe (PNG format " + v
                        + "); this version reads up to " + VERSION);
            }
            RequestJson.Parsed parsed = RequestJson.parse(o.get("request").toString());
            Map<String, String> embedded = new LinkedHashMap<>();
            JsonElement inputs = o.get("inputs");
            if (inputs != null && inputs.isJsonObject()) {
                for (var e : inputs.getAsJsonObject().entrySet()) {
                    embedded.put(e.getKey(), e.getValue().getAsString());
                }
            }
            GenerationRequest request = parsed.resolve(new EmbeddedImages(embedded, fallback, name));
            ModelIdentity model = o.has("model") ? RequestJson.readModel(o.get("model").toString()) : null;
            EngineEnvironment env = o.has("environment")
                    ? RequestJson.readEnvironment(o.get("environment").toString()) : null;
            String integrity = integrity(o, request, model, env, d.image());
            if (integrity != null && !integrity.equals(dev.seedframe.domain.AuditEntry.IMPORT_INTACT)) {
                notes.add("warning: " + name + " is not as it was exported: its " + integrity);
            }
            return new Imported(request, d.image(), model, env, notes, true, integrity);
        }
        String params = text.get(PngExport.PARAMETERS);
        if (params == null) {
            throw new ImageFormatException(name + " carries no generation parameters (no Seedframe data and no"
                    + " 'parameters' text)");
        }
        ParametersText.Parsed p = ParametersText.parse(params);
        GenerationRequest.Builder b = GenerationRequest.builder(dev.seedframe.domain.PipelineKind.TEXT_TO_IMAGE)
                .prompt(p.prompt())
                .negativePrompt(p.negativePrompt());
        if (p.seed() != null) {
            b.seed(p.seed() & Long.MAX_VALUE);
        } else {
            notes.add("no seed in the parameters: seed 0 is used");
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
            b.size(d.image().width(), d.image().height());
        }
        String sampler = p.other().get("Sampler");
        if (sampler != null && !sampler.equalsIgnoreCase("Euler")) {
            notes.add("the sampler '" + sampler + "' has no equivalent here: Qwen-Image uses flow-matching Euler");
        }
        String model = p.other().get("Model");
        if (model != null) {
            notes.add("made with the model '" + model + "'; the image will differ with another model");
        }
        return new Imported(b.build(), d.image(), null, null, notes, false, null);
    }

    /** Checks an export's record against what the PNG says now; null when it carries none. */
    private static String integrity(JsonObject o, GenerationRequest request, ModelIdentity model,
            EngineEnvironment env, RgbImage image) throws StoreException {
        JsonElement r = o.get("record");
        if (r == null || !r.isJsonObject()) {
            return null;
        }
        JsonElement imageSha = r.getAsJsonObject().get("image");
        JsonElement digest = r.getAsJsonObject().get("digest");
        if (imageSha == null || !imageSha.isJsonPrimitive() || !imageSha.getAsString().equals(image.sha256())) {
            return dev.seedframe.domain.AuditEntry.IMPORT_PIXELS_CHANGED;
        }
        JsonElement adj = o.get("adjustments");
        List<String> adjustments = adj == null ? List.of() : RequestJson.readStrings(adj.toString());
        boolean same = digest != null && digest.isJsonPrimitive()
                && digest.getAsString().equals(digest(request, model, env, adjustments, image.sha256()));
        return same ? dev.seedframe.domain.AuditEntry.IMPORT_INTACT : dev.seedframe.domain.AuditEntry.IMPORT_DATA_CHANGED;
    }

    /** Resolves images from the PNG's embedded copies first, then from {@code fallback}. */
    private record EmbeddedImages(Map<String, String> embedded, RequestJson.ImageResolver fallback, String name)
            implements RequestJson.ImageResolver {

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
