package dev.seedframe.service;

import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.Preservation;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.GenerationOutput;
import java.util.List;
import java.util.Objects;

/**
 * A generated or edited image as the application hands it to either front end: what ran, what came out, and
 * whether the project recorded it or already held it.
 *
 * @param id the generation's id in its project; 0 when it is not recorded (no project, or recording failed)
 * @param request the request as run
 * @param requestJson the request's canonical JSON, made once ({@link RequestJson#write(GenerationRequest)}): the
 *     cache key, the project record and the PNG all use these bytes
 * @param image the image
 * @param notes every automatic change made to the request, and facts about the run, as notes
 * @param timings where the time went
 * @param model the model identity
 * @param environment the engine environment
 * @param preservation proof that pixels outside a mask are unchanged, or null (none, or answered from the cache)
 * @param changed the region an edit changed, as a layer's pixels (its pixels and feathered mask as alpha), or
 *     null (not an edit, or answered from the cache)
 * @param fromCache true when the project answered it without running the model
 * @param lookupMillis time spent answering from the cache (0 when the model ran)
 */
public record Generation(
        long id,
        GenerationRequest request,
        String requestJson,
        RgbImage image,
        List<Note> notes,
        Timings timings,
        ModelIdentity model,
        EngineEnvironment environment,
        Preservation preservation,
        LayerPixels changed,
        boolean fromCache,
        double lookupMillis) {

    public Generation {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(requestJson, "requestJson");
        Objects.requireNonNull(image, "image");
        notes = List.copyOf(notes);
    }

    /** What the engine made for {@code request} (serialised as {@code requestJson}), not recorded. */
    public static Generation ran(GenerationRequest request, String requestJson, GenerationOutput out) {
        return new Generation(0, request, requestJson, out.image(), out.adjustments(), out.timings(), out.model(),
                out.environment(), out.preservation(), out.changed(), false, 0);
    }

    /** A generation a project holds, as loaded from it. */
    public static Generation recorded(GenerationRecord rec) {
        return recorded(rec, RequestJson.write(rec.request()), false, 0);
    }

    /**
     * A generation a project holds.
     *
     * @param requestJson its request's canonical JSON when the caller has it (a cache hit: the key was made from
     *     it), so it is not serialised again
     */
    public static Generation recorded(GenerationRecord rec, String requestJson, boolean fromCache,
            double lookupMillis) {
        return new Generation(rec.id(), rec.request(), requestJson, rec.output(), rec.adjustments(), rec.timings(),
                rec.model(), rec.environment(), null, null, fromCache, lookupMillis);
    }

    /** This generation as recorded under {@code generationId}. */
    public Generation withId(long generationId) {
        return new Generation(generationId, request, requestJson, image, notes, timings, model, environment,
                preservation, changed, fromCache, lookupMillis);
    }

    /** Whether the project holds it. */
    public boolean isRecorded() {
        return id > 0;
    }
}
