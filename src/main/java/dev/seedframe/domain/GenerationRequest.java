package dev.seedframe.domain;

import java.util.List;
import java.util.Objects;

/**
 * Everything that determines a generated image, as one value (Krita AI Diffusion's {@code
 * WorkflowInput} idea). Two equal requests on the same model and engine environment give the same
 * pixels. What the engine changes automatically (sizes rounded to a multiple, images resized) is
 * reported back in the result, never silently applied here.
 *
 * @param kind the pipeline
 * @param prompt the prompt (edit: the instruction)
 * @param negativePrompt null for none; as in diffusers, true CFG runs only when {@code cfg > 1}
 *     and a negative prompt is given (an empty string counts as given)
 * @param seed 0 ..2^63-1; only the low 32 bits reach the generator (torch's rule)
 * @param steps denoising steps of the full schedule (img2img/inpaint run fewer, by strength)
 * @param cfg diffusers' {@code true_cfg_scale}
 * @param width output width in pixels
 * @param height output height in pixels
 * @param maxSequenceLength prompt tokens kept after the template (diffusers: 512, at most 1024)
 * @param strength img2img/inpaint/outpaint strength in (0, 1]
 * @param images input images (img2img/inpaint/outpaint: one; edit: one to three)
 * @param mask inpaint mask (white = repaint), null otherwise
 * @param featherPx width of the blend band at the mask edge when untouched pixels are restored
 * @param raw inpaint: return the pipeline's decoded output without restoring unmasked pixels
 * @param outpaint outpaint extents, null otherwise
 * @param conditionSize edit: the condition image is resized to about {@code conditionSize²} pixels at its
 *     aspect ratio before the VAE sees it; the reference uses 1024 (one megapixel), smaller values trade
 *     fidelity for speed and are recorded like every other parameter
 * @param context full-resolution editing (img2img, inpaint, outpaint): the part of the input the model works on
 *     and the size it works at; the output then has the input's own size (outpaint: the extended canvas's), which
 *     need not be a multiple of anything. Null: the whole input is resized to {@code width × height} and worked
 *     on there, as the reference pipelines do
 * @param loras LoRA adapters applied to the transformer, in order (empty: none)
 * @param scheduler the scheduler configuration that replaces the model's own for this request (a Lightning LoRA's),
 *     or null for the model's own
 */
public record GenerationRequest(
        PipelineKind kind,
        String prompt,
        String negativePrompt,
        long seed,
        int steps,
        double cfg,
        int width,
        int height,
        int maxSequenceLength,
        double strength,
        List<RgbImage> images,
        Mask mask,
        int featherPx,
        boolean raw,
        Outpaint outpaint,
        int conditionSize,
        ContextBox context,
        List<LoraSpec> loras,
        SchedulerOverride scheduler) {

    public static final int DEFAULT_STEPS = 50;
    public static final double DEFAULT_CFG = 4.0;
    public static final int DEFAULT_SIZE = 1024;
    public static final int DEFAULT_MAX_SEQUENCE_LENGTH = 512;
    public static final int MAX_SEQUENCE_LENGTH_LIMIT = 1024;
    public static final double DEFAULT_STRENGTH = 0.6;
    public static final int DEFAULT_FEATHER_PX = 8;
    /** The reference edit pipelines' {@code calculate_dimensions(1024 * 1024, ...)}. */
    public static final int DEFAULT_CONDITION_SIZE = 1024;

    public GenerationRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(prompt, "prompt");
        images = images == null ? List.of() : List.copyOf(images);
        loras = loras == null ? List.of() : List.copyOf(loras);
    }

    /** Whether true classifier-free guidance runs (diffusers' rule). */
    public boolean usesCfg() {
        return cfg > 1.0 && negativePrompt != null;
    }

    public static Builder builder(PipelineKind kind) {
        return new Builder(kind);
    }

    public Builder toBuilder() {
        return new Builder(kind)
                .prompt(prompt)
                .negativePrompt(negativePrompt)
                .seed(seed)
                .steps(steps)
                .cfg(cfg)
                .size(width, height)
                .maxSequenceLength(maxSequenceLength)
                .strength(strength)
                .images(images)
                .mask(mask)
                .featherPx(featherPx)
                .raw(raw)
                .outpaint(outpaint)
                .conditionSize(conditionSize)
                .context(context)
                .loras(loras)
                .scheduler(scheduler);
    }

    /** Fluent construction with diffusers' defaults. */
    public static final class Builder {
        private PipelineKind kind;
        private String prompt = "";
        private String negativePrompt;
        private long seed;
        private int steps = DEFAULT_STEPS;
        private double cfg = DEFAULT_CFG;
        private int width = DEFAULT_SIZE;
        private int height = DEFAULT_SIZE;
        private int maxSequenceLength = DEFAULT_MAX_SEQUENCE_LENGTH;
        private double strength = DEFAULT_STRENGTH;
        private List<RgbImage> images = List.of();
        private Mask mask;
        private int featherPx = DEFAULT_FEATHER_PX;
        private boolean raw;
        private Outpaint outpaint;
        private int conditionSize = DEFAULT_CONDITION_SIZE;
        private ContextBox context;
        private List<LoraSpec> loras = List.of();
        private SchedulerOverride scheduler;

        private Builder(PipelineKind kind) {
            this.kind = kind;
        }

        public Builder kind(PipelineKind v) {
            kind = v;
            return this;
        }

        public Builder prompt(String v) {
            prompt = v;
            return this;
        }

        public Builder negativePrompt(String v) {
            negativePrompt = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder steps(int v) {
            steps = v;
            return this;
        }

        public Builder cfg(double v) {
            cfg = v;
            return this;
        }

        public Builder size(int w, int h) {
            width = w;
            height = h;
            return this;
        }

        public Builder maxSequenceLength(int v) {
            maxSequenceLength = v;
            return this;
        }

        public Builder strength(double v) {
            strength = v;
            return this;
        }

        public Builder images(List<RgbImage> v) {
            images = v == null ? List.of() : v;
            return this;
        }

        public Builder image(RgbImage v) {
            images = v == null ? List.of() : List.of(v);
            return this;
        }

        public Builder mask(Mask v) {
            mask = v;
            return this;
        }

        public Builder featherPx(int v) {
            featherPx = v;
            return this;
        }

        public Builder raw(boolean v) {
            raw = v;
            return this;
        }

        public Builder conditionSize(int v) {
            conditionSize = v;
            return this;
        }

        public Builder outpaint(Outpaint v) {
            outpaint = v;
            return this;
        }

        public Builder context(ContextBox v) {
            context = v;
            return this;
        }

        /** The LoRA adapters, in order (null: none). */
        public Builder loras(List<LoraSpec> v) {
            loras = v == null ? List.of() : v;
            return this;
        }

        /** The scheduler configuration replacing the model's own, or null for the model's own. */
        public Builder scheduler(SchedulerOverride v) {
            scheduler = v;
            return this;
        }

        public GenerationRequest build() {
            return new GenerationRequest(kind, prompt, negativePrompt, seed, steps, cfg, width, height,
                    maxSequenceLength, strength, images, mask, featherPx, raw, outpaint, conditionSize, context,
                    loras, scheduler);
        }
    }
}
