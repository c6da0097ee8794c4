package dev.seedframe.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A generation as recorded in a project: everything needed to show, replay and verify it.
 *
 * @param id the project-wide id (never reused, also after deletions)
 * @param parentId the generation it was derived from, or null for a root of the history tree
 * @param createdAt when it was recorded
 * @param author who recorded it (the OS user name by default)
 * @param request the complete request with its input images and mask resolved
 * @param model which model computed it
 * @param environment what computed it besides the model
 * @param adjustments every automatic change made to the request, as notes
 * @param timings where the time went
 * @param outputSha256 the output image's content address ({@link RgbImage#sha256()})
 * @param output the output image, decoded from its lossless copy
 * @param starred whether a person marked it
 * @param cacheKey the cache key it was recorded under, or null
 * @param modelSource where its model came from, or null when not recorded (older projects, imports)
 */
public record GenerationRecord(
        long id,
        Long parentId,
        Instant createdAt,
        String author,
        GenerationRequest request,
        ModelIdentity model,
        EngineEnvironment environment,
        List<Note> adjustments,
        Timings timings,
        String outputSha256,
        RgbImage output,
        boolean starred,
        String cacheKey,
        ModelSource modelSource) {

    /** A record without a model source. */
    public GenerationRecord(long id, Long parentId, Instant createdAt, String author, GenerationRequest request,
            ModelIdentity model, EngineEnvironment environment, List<Note> adjustments, Timings timings,
            String outputSha256, RgbImage output, boolean starred, String cacheKey) {
        this(id, parentId, createdAt, author, request, model, environment, adjustments, timings, outputSha256, output,
                starred, cacheKey, null);
    }

    public GenerationRecord {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(output, "output");
        adjustments = List.copyOf(adjustments);
    }
}
