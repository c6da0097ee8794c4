package dev.seedframe.engine;

import dev.seedframe.domain.PipelineKind;
import java.util.Set;

/**
 * What a loaded model can do.
 *
 * @param kinds pipelines it runs
 * @param sizeMultiple output width and height must be multiples of this (VAE factor × patch size)
 * @param maxImages most input images an edit takes
 * @param tiny true for the embedded random-weight test model, which draws noise-like images (a small model
 *     that declares the size it was trained for, like the demo model, is not)
 * @param defaultSize the pipeline's default width and height (diffusers: 128 × the VAE factor; a folder may
 *     declare another, {@code _seedframe_default_sample_size} in {@code model_index.json})
 * @param maxSide largest output width or height
 */
public record ModelCapabilities(Set<PipelineKind> kinds, int sizeMultiple, int maxImages, boolean tiny, int defaultSize,
        int maxSide) {}
