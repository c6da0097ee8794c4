package dev.seedframe.engine.qwenimage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import java.util.List;

/**
 * Sequences the components the way diffusers' {@code QwenImagePipeline.__call__} does
 * ({@code src/diffusers/pipelines/qwenimage/pipeline_qwenimage.py}, commit 58eb52c0): encode the prompt
 * (and the negative prompt for true CFG), draw the noise from a generator seeded with the request's
 * seed, denoise with the flow-matching Euler scheduler, decode with the VAE.
 *
 * <p>Dimension letters: B batch (1), N image tokens, F packed features (4·C), C latent channels,
 * h×w latent grid, H×W pixels.
 */
final class QwenImagePipeline {

    /** Result of one run, with the stage timings in nanoseconds. */
    record Run(RgbImage image, int stepsRun, long encodeNanos, long denoiseNanos, long decodeNanos) {}

    private final QwenImageTransformer transformer;
    private final QwenImageVae vae;
    private final PromptCache prompts;
    private final FlowMatchEulerScheduler scheduler;

    QwenImagePipeline(QwenImageTransformer transformer, QwenImageVae vae, PromptCache prompts,
            FlowMatchEulerScheduler scheduler) {
        this.transformer = transformer;
        this.vae = vae;
        this.prompts = prompts;
        this.scheduler = scheduler;
    }

    /** Latent channels: the transformer's input is 2×2 patches of them. */
    int latentChannels() {
        int p = transformer.config().patchSize();
        return transformer.config().inChannels() / (p * p);
    }

    /** diffusers: {@code 2 * (int(height) // (vae_scale_factor * 2))}. */
    int latentSize(int pixels) {
        int f = vae.scaleFactor();
        return 2 * (pixels / (f * 2));
    }

    /** Text-to-image. */
    Run textToImage(GenerationRequest r, NDManager gen, StepListener listener, CancellationToken cancel,
            PipelineTrace trace, List<String> notes) throws EngineException {
        long t0 = System.nanoTime();
        Conditioning cond = encode(r, gen, trace, notes);
        long t1 = System.nanoTime();

        int c = latentChannels();
        int h = latentSize(r.height());
        int w = latentSize(r.width());
        TorchCpuGenerator generator = new TorchCpuGenerator(r.seed());
        NDArray latents;
        try (NDArray noise = gen.create(generator.randn(1, 1, c, h, w), new Shape(1, 1, c, h, w))) {
            trace.record("randn0", noise);
            latents = Latents.pack(noise); // [B, N, F]
        }
        trace.record("latents_init", latents);
        List<ImageShape> imgShapes = List.of(ImageShape.of(h / 2, w / 2));
        FlowMatchEulerScheduler.Schedule schedule = scheduler.schedule(r.steps(), (h / 2) * (w / 2));
        LatentGrid grid = new LatentGrid(h, w, c);
        latents = denoise(latents, grid, cond, imgShapes, schedule, 0, r.cfg(), gen, listener, cancel, trace, null);
        long t2 = System.nanoTime();
        RgbImage image = decode(latents, grid, trace);
        latents.close();
        long t3 = System.nanoTime();
        return new Run(image, schedule.steps(), t1 - t0, t2 - t1, t3 - t2);
    }

    /**
     * img2img ({@code QwenImageImg2ImgPipeline}) and, with a mask, inpainting ({@code
     * QwenImageInpaintPipeline}): the source is VAE-encoded and a posterior sample drawn first, then the
     * noise, both from the request's generator; the schedule is cut by strength; with a mask, after every
     * step the unmasked latents are replaced by the source re-noised to the next sigma with the same
     * noise. The masked-image latents diffusers also encodes (a third draw, last) are never used by the
     * 64-channel model, so they are not computed.
     *
     * @param source the input image, already at the output size
     * @param mask the repaint mask at the output size, or null for img2img
     */
    Run imageToImage(GenerationRequest r, RgbImage source, Mask mask, NDManager gen, StepListener listener,
            CancellationToken cancel, PipelineTrace trace, List<String> notes) throws EngineException {
        long t0 = System.nanoTime();
        Conditioning cond = encode(r, gen, trace, notes);
        long t1 = System.nanoTime();
        int c = latentChannels();
        int h = latentSize(r.height());
        int w = latentSize(r.width());
        LatentGrid grid = new LatentGrid(h, w, c);
        FlowMatchEulerScheduler.Schedule schedule = scheduler.schedule(r.steps(), grid.tokens());
        FlowMatchEulerScheduler.StrengthWindow window = FlowMatchEulerScheduler.strengthWindow(r.steps(), r.strength());
        float[] sigmas = schedule.sigmas();
        TorchCpuGenerator generator = new TorchCpuGenerator(r.seed());

        NDArray latents;
        NDArray imageLatentsPacked;
        NDArray noisePacked;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = gen.create(ImagePostprocess.toSignedUnitChw(source), new Shape(1, 3, r.height(), r.width()));
            trace.record("vae_encode0.input", x.expandDims(2));
            NDArray z;
            try (DiagonalGaussian posterior = vae.encode(x)) {
                trace.record("vae_encode0.mean", posterior.mean().expandDims(2));
                trace.record("vae_encode0.logvar", posterior.logvar().expandDims(2));
                z = posterior.sample(generator); // [B, C, h, w], the generator's first draw
            }
            trace.record("vae_encode0.retrieved_latents", z.expandDims(2));
            NDArray imageLatents = vae.normalize(z).expandDims(1); // [B, 1, C, h, w]
            NDArray noise = gen.create(generator.randn(1, 1, c, h, w), new Shape(1, 1, c, h, w));
            trace.record("randn1", noise);
            NDArray start = FlowMatchEulerScheduler.scaleNoise(imageLatents, noise, sigmas[window.beginIndex()]);
            trace.record("scale_noise0.out", start);
            latents = Latents.pack(start); // [B, N, F]
            imageLatentsPacked = Latents.pack(imageLatents);
            noisePacked = Latents.pack(noise);
            NDScope.unregister(latents, imageLatentsPacked, noisePacked);
        }
        trace.record("latents_init", latents);

        StepBlend blend = null;
        NDArray maskPacked = null;
        if (mask != null) {
            trace.record("noise_packed", noisePacked);
            trace.record("image_latents_packed", imageLatentsPacked);
            float[] bin = MaskOps.binarize(mask);
            if (trace != PipelineTrace.NONE) {
                try (NDArray mc = gen.create(bin, new Shape(1, 1, r.height(), r.width()))) {
                    trace.record("mask_condition", mc);
                }
            }
            float[] small = MaskOps.nearest(bin, r.height(), r.width(), h, w);
            try (NDArray m = gen.create(small, new Shape(1, 1, 1, h, w))) {
                maskPacked = Latents.pack(m.repeat(2, c)); // [B, N, F]
            }
            trace.record("mask_packed", maskPacked);
            NDArray maskP = maskPacked;
            NDArray image = imageLatentsPacked;
            NDArray noise = noisePacked;
            int last = schedule.steps() - 1;
            int[] renoise = {0};
            blend = (next, i, g) -> {
                NDArray proper;
                if (i < last) {
                    proper = FlowMatchEulerScheduler.scaleNoise(image, noise, sigmas[i + 1]);
                    trace.record("scale_noise" + (++renoise[0]) + ".out", proper);
                } else {
                    proper = image;
                }
                return maskP.neg().add(1f).mul(proper).add(maskP.mul(next));
            };
        }
        latents = denoise(latents, grid, cond, List.of(ImageShape.of(h / 2, w / 2)), schedule, window.beginIndex(),
                r.cfg(), gen, listener, cancel, trace, blend);
        imageLatentsPacked.close();
        noisePacked.close();
        if (maskPacked != null) {
            maskPacked.close();
        }
        long t2 = System.nanoTime();
        RgbImage image = decode(latents, grid, trace);
        latents.close();
        long t3 = System.nanoTime();
        return new Run(image, window.stepsRun(), t1 - t0, t2 - t1, t3 - t2);
    }

    /** The latent grid of a run: {@code h×w} latents of {@code c} channels. */
    record LatentGrid(int h, int w, int c) {
        int tokens() {
            return (h / 2) * (w / 2);
        }
    }

    /** The prompt (and negative prompt) embeddings of one request; owned by the prompt cache. */
    record Conditioning(PromptEmbeds positive, PromptEmbeds negative) {
        boolean cfg() {
            return negative != null;
        }
    }

    Conditioning encode(GenerationRequest r, NDManager gen, PipelineTrace trace, List<String> notes)
            throws EngineException {
        PromptEmbeds pos = prompts.get(r.prompt(), r.maxSequenceLength());
        if (pos.truncated()) {
            notes.add("The prompt is " + pos.promptTokens(0) + " tokens long; the last "
                    + pos.truncatedPromptTokens(0) + " were cut (max sequence length " + r.maxSequenceLength()
                    + ").");
        }
        trace.record("prompt_embeds", pos.embeds());
        PromptEmbeds neg = null;
        if (r.usesCfg()) {
            neg = prompts.get(r.negativePrompt(), r.maxSequenceLength());
            trace.record("neg.prompt_embeds", neg.embeds());
        }
        return new Conditioning(pos, neg);
    }

    /**
     * The denoising loop from step {@code begin} of {@code schedule}. Every step's temporaries live in
     * their own scope; only the new latents survive a step.
     *
     * @param blend inpainting's per-step re-noise-and-blend, or null
     */
    NDArray denoise(NDArray latents, LatentGrid grid, Conditioning cond, List<ImageShape> imgShapes,
            FlowMatchEulerScheduler.Schedule schedule, int begin, double cfgScale, NDManager gen,
            StepListener listener, CancellationToken cancel, PipelineTrace trace, StepBlend blend)
            throws EngineException {
        return denoise(latents, null, grid, cond, imgShapes, schedule, begin, cfgScale, gen, listener, cancel, trace,
                blend);
    }

    /**
     * The denoising loop with condition-image latents (the edit pipelines): every step the transformer
     * sees {@code concat([latents, conditionLatents], dim=1)} and only the first {@code latents} tokens
     * of its output are used.
     *
     * @param conditionLatents packed condition-image latents {@code [B, Nc, F]}, or null
     */
    NDArray denoise(NDArray latents, NDArray conditionLatents, LatentGrid grid, Conditioning cond,
            List<ImageShape> imgShapes, FlowMatchEulerScheduler.Schedule schedule, int begin, double cfgScale,
            NDManager gen, StepListener listener, CancellationToken cancel, PipelineTrace trace, StepBlend blend)
            throws EngineException {
        int total = schedule.steps() - begin;
        long start = System.nanoTime();
        float[] sigmas = schedule.sigmas();
        float[] timesteps = schedule.timesteps();
        NDArray current = latents;
        for (int i = begin; i < schedule.steps(); i++) {
            if (cancel.isCancelled()) {
                current.close();
                throw new CancelledException(i - begin, total);
            }
            int k = i - begin;
            NDArray next;
            NDArray x0;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray timestep = gen.create(new float[] {timesteps[i] / 1000f}); // [B]
                NDArray v = velocity(current, conditionLatents, timestep, cond, imgShapes, cfgScale, k, trace);
                next = FlowMatchEulerScheduler.step(v, current, sigmas[i], sigmas[i + 1]);
                trace.record("step" + k + ".scheduler_prev_sample", next);
                if (blend != null) {
                    NDArray blended = blend.apply(next, i, gen);
                    next.close();
                    next = blended;
                }
                trace.record("step" + k + ".latents", next);
                // x0 estimate for previews: x_σ − σ·v
                x0 = current.sub(v.mul(sigmas[i]));
                NDScope.unregister(next);
                NDScope.unregister(x0);
            }
            current.close();
            current = next;
            long elapsed = System.nanoTime() - start;
            NDArray previewSource = x0;
            try {
                listener.onStep(new StepListener.StepEvent(k + 1, total, elapsed, () -> preview(previewSource, grid)));
            } finally {
                x0.close();
            }
        }
        return current;
    }

    /** The velocity for one step, with true CFG and diffusers' norm-preserving rescale. */
    private NDArray velocity(NDArray latents, NDArray conditionLatents, NDArray timestep, Conditioning cond,
            List<ImageShape> imgShapes, double cfgScale, int k, PipelineTrace trace) throws EngineException {
        int n = (int) latents.getShape().get(1);
        NDArray input = conditionLatents == null ? latents
                : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(latents, conditionLatents), 1); // [B, N+Nc, F]
        NDArray vc = slice(transformer.forward(input, cond.positive().embeds(), cond.positive().mask().orElse(null), timestep,
                imgShapes), n);
        trace.record("step" + k + ".transformer.cond.out", vc);
        if (!cond.cfg()) {
            trace.record("step" + k + ".noise_pred", vc);
            return vc;
        }
        NDArray vu = slice(transformer.forward(input, cond.negative().embeds(), cond.negative().mask().orElse(null), timestep,
                imgShapes), n);
        trace.record("step" + k + ".transformer.uncond.out", vu);
        NDArray comb = vc.sub(vu).mul((float) cfgScale).add(vu);
        NDArray condNorm = vc.norm(new int[] {-1}, true); // [B, N, 1]
        NDArray combNorm = comb.norm(new int[] {-1}, true); // [B, N, 1]
        NDArray v = comb.mul(condNorm.div(combNorm));
        trace.record("step" + k + ".noise_pred", v);
        return v;
    }

    /** Keeps the first {@code n} tokens (edit models also predict for the reference image tokens). */
    private static NDArray slice(NDArray out, int n) {
        if (out.getShape().get(1) == n) {
            return out;
        }
        return out.get(":, :" + n + ", :");
    }

    /** Unpacks, de-normalises and decodes latents to pixels. */
    RgbImage decode(NDArray latents, LatentGrid grid, PipelineTrace trace) throws EngineException {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray unpacked = Latents.unpack(latents, grid.h(), grid.w(), grid.c()); // [B, C, 1, h, w]
            NDArray z = unpacked.squeeze(2); // [B, C, h, w]
            NDArray zDenorm = vae.denormalize(z);
            trace.record("vae_decode.input_latents", zDenorm.expandDims(2));
            NDArray x = vae.decode(zDenorm); // [B, 3, H, W]
            trace.record("vae_decode.output", x.expandDims(2));
            return ImagePostprocess.toRgb(x);
        }
    }

    /**
     * A preview of the current x0 estimate, decoded by the VAE; at half resolution when the latent grid
     * is larger than 64×64 (a quarter of the decode cost).
     */
    private RgbImage preview(NDArray x0Packed, LatentGrid grid) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray z = Latents.unpack(x0Packed, grid.h(), grid.w(), grid.c()).squeeze(2); // [B, C, h, w]
            if (grid.h() * grid.w() > 64 * 64) {
                z = z.get(":, :, ::2, ::2"); // [B, C, h/2, w/2]
            }
            return ImagePostprocess.toRgb(vae.decode(vae.denormalize(z)));
        } catch (EngineException e) {
            return null;
        }
    }

    /** Inpainting's blend after each scheduler step. */
    @FunctionalInterface
    interface StepBlend {
        NDArray apply(NDArray latents, int stepIndex, NDManager gen) throws EngineException;
    }
}
