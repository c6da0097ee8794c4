package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.qwenimage.transformer.ImageShape;
import java.util.List;

/**
 * What one denoising loop starts from ({@link DenoisingLoop#run}).
 *
 * @param latents the packed starting latents {@code [B, N, F]} (f32; the loop takes them over)
 * @param conditionLatents packed condition-image latents {@code [B, Nc, F]} (the edit pipelines: every step the
 *     transformer sees {@code concat([latents, conditionLatents], dim=1)} and only the first N tokens of its output
 *     are used), or null
 * @param grid the latent grid the latents pack
 * @param cond prompt (and negative prompt) embeddings
 * @param imgShapes the image segments of the transformer's input, in sequence order
 * @param schedule the sigmas and timesteps
 * @param begin the first step to run (img2img/inpaint start later by strength)
 * @param blend inpainting's per-step re-noise-and-blend, or null
 */
public record Denoising(NDArray latents, NDArray conditionLatents, QwenImagePipeline.LatentGrid grid,
        QwenImagePipeline.Conditioning cond, List<ImageShape> imgShapes, FlowMatchEulerScheduler.Schedule schedule,
        int begin, QwenImagePipeline.StepBlend blend) {}
