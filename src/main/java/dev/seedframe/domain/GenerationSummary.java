package dev.seedframe.domain;

import java.time.Instant;

/**
 * One line of a project's history: enough to list and thumbnail it, and (with the parent ids) to
 * build the history tree.
 *
 * @param id the generation's id
 * @param parentId its parent, or null for a root
 * @param createdAt when it was recorded
 * @param kind the pipeline
 * @param seed the seed
 * @param prompt the prompt
 * @param width output width in pixels
 * @param height output height in pixels
 * @param imageSha256 the output image's content address
 * @param starred whether a person marked it
 * @param loras the LoRA adapters it was made with, in order (empty: none)
 */
public record GenerationSummary(
        long id,
        Long parentId,
        Instant createdAt,
        PipelineKind kind,
        long seed,
        String prompt,
        int width,
        int height,
        String imageSha256,
        boolean starred,
        java.util.List<LoraSpec> loras) {

    public GenerationSummary {
        loras = loras == null ? java.util.List.of() : java.util.List.copyOf(loras);
    }

    /** A line made without LoRAs. */
    public GenerationSummary(long id, Long parentId, Instant createdAt, PipelineKind kind, long seed, String prompt,
            int width, int height, String imageSha256, boolean starred) {
        this(id, parentId, createdAt, kind, seed, prompt, width, height, imageSha256, starred, java.util.List.of());
    }
}
