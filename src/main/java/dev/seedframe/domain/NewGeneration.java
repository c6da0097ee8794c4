package dev.seedframe.domain;

import java.util.List;
import java.util.Objects;

/**
 * A finished generation, as handed to the project store to be recorded in one transaction.
 *
 * @param request the complete request, input images and mask included (stored by content)
 * @param model which model computed it
 * @param environment what computed it besides the model
 * @param adjustments every automatic change made to the request, as notes; empty when none
 * @param timings where the time went
 * @param parentId the generation this one was derived from (history is a tree), or null for a root
 * @param output the generated image, stored losslessly
 * @param cacheKey the key a later identical request finds this generation by (SHA-256 over the
 *     canonical request, model identity and environment), or null to keep it out of the cache
 * @param requestJson the request's canonical JSON ({@code domain.codec.RequestJson.write}) when the caller
 *     already made it for the cache key (the store then records those very bytes), or null for the store to
 *     write it
 * @param modelSource where the model came from (a Hub repository at a commit, or a folder), or null when not known
 */
public record NewGeneration(
        GenerationRequest request,
        ModelIdentity model,
        EngineEnvironment environment,
        List<Note> adjustments,
        Timings timings,
        Long parentId,
        RgbImage output,
        String cacheKey,
        String requestJson,
        ModelSource modelSource) {

    public NewGeneration {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(output, "output");
        adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
    }

    /** A generation whose request the store serialises and whose model's source is not known (an import, a test). */
    public NewGeneration(GenerationRequest request, ModelIdentity model, EngineEnvironment environment,
            List<Note> adjustments, Timings timings, Long parentId, RgbImage output, String cacheKey) {
        this(request, model, environment, adjustments, timings, parentId, output, cacheKey, null, null);
    }
}
