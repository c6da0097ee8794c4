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
        boolean starred) {}
