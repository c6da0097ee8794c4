package dev.seedframe.engine.qwenimage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.CfgBatching;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.rng.BFloat16;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
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
    private final boolean bf16;
    private volatile CfgBatching cfgBatching = CfgBatching.SEPARATE;
    /** This run's CFG batching, decided once when its denoising loop starts (never step by step). */
    private boolean batchThisRun;
    /** bf16 runs draw their noise with torch's bf16 kernel (as diffusers does); tests may switch it off. */
    private volatile boolean bf16NativeNoise = true;

    QwenImagePipeline(QwenImageTransformer transformer, QwenImageVae vae, PromptCache prompts,
            FlowMatchEulerScheduler scheduler) {
        this.transformer = transformer;
        this.vae = vae;
        this.prompts = prompts;
        this.scheduler = scheduler;
        this.bf16 = transformer.precision() == Precision.BF16;
    }

    void cfgBatching(CfgBatching mode) {
        this.cfgBatching = java.util.Objects.requireNonNull(mode, "mode");
    }

    CfgBatching cfgBatching() {
        return cfgBatching;
    }

    /**
     * With false, a bf16 run draws the float32 noise and rounds it to bf16, so that it can be compared with
     * the float32 reference (whose noise a bf16 draw does not resemble); diffusers itself draws in bf16.
     */
    void bf16NativeNoise(boolean on) {
        this.bf16NativeNoise = on;
    }

    /**
     * Activation bytes per token and model width element that one extra batch sample needs at the peak
     * of a block (MLP hidden 4D plus a handful of D-wide temporaries; fused attention has no S² term).
     */
    static final int ACTIVATION_ELEMENTS_PER_TOKEN_WIDTH = 12;

    /** Share of the currently free physical memory that batching CFG may take. */
    static final double BATCH_MEMORY_SHARE = 0.25;

    /**
     * Whether a run's two CFG passes per step run as one batch-2 call (decided once per run, when its
     * denoising loop starts): {@link CfgBatching#AUTO} batches when one more sample's activations ({@value
     * #ACTIVATION_ELEMENTS_PER_TOKEN_WIDTH} × tokens × width × element size) fit in a quarter of the free
     * physical memory of the host (on a GPU this is not the card's memory). For the real model at 1024²
     * (4,096 image + ~200 text tokens, width 3072) that is ~630 MB in f32, ~320 MB in bf16.
     */
    boolean batchCfg(long tokens) {
        return switch (cfgBatching) {
            case BATCHED -> true;
            case SEPARATE -> false;
            case AUTO -> {
                long bytes = (long) ACTIVATION_ELEMENTS_PER_TOKEN_WIDTH * tokens * transformer.config().innerDim()
                        * (bf16 ? 2 : 4);
                yield bytes <= BATCH_MEMORY_SHARE * freePhysicalMemory();
            }
        };
    }

    private static long freePhysicalMemory() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getFreeMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * The initial latent noise: torch's float32 {@code randn}, or in a bf16 run torch's bf16 {@code randn}
     * (diffusers draws with {@code dtype=prompt_embeds.dtype}; the two draws do not resemble each other).
     */
    float[] initialNoise(TorchCpuGenerator generator, long... shape) {
        return bf16 && bf16NativeNoise ? generator.randnBf16(shape) : generator.randn(shape);
    }

    /** Records {@code value} in f32 (a bf16 tensor is widened through the helper first; DJL never reads it). */
    private static void record(PipelineTrace trace, String name, NDArray value) {
        if (trace == PipelineTrace.NONE) {
            return;
        }
        if (Bf16.isBf16(value)) {
            try (NDArray f32 = SeedframeOps.require().toF32(value)) {
                trace.record(name, f32);
            }
        } else {
            trace.record(name, value);
        }
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
            PipelineTrace trace, List<Note> notes) throws EngineException {
        long t0 = System.nanoTime();
        Conditioning cond = encode(r, gen, trace, notes);
        long t1 = System.nanoTime();

        int c = latentChannels();
        int h = latentSize(r.height());
        int w = latentSize(r.width());
        TorchCpuGenerator generator = new TorchCpuGenerator(r.seed());
        NDArray latents;
        try (NDArray noise = gen.create(initialNoise(generator, 1, 1, c, h, w), new Shape(1, 1, c, h, w))) {
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
            CancellationToken cancel, PipelineTrace trace, List<Note> notes) throws EngineException {
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
            NDArray noise = gen.create(initialNoise(generator, 1, 1, c, h, w), new Shape(1, 1, c, h, w));
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

    /**
     * In bf16 mode the latents live in bf16 between steps, as in diffusers ({@code prev_sample.to(model_output
     * .dtype)}); the f32 input is closed.
     */
    private NDArray toComputeDtype(NDArray latents) {
        if (!bf16 || Bf16.isBf16(latents)) {
            return latents;
        }
        NDArray b = SeedframeOps.require().toBf16(latents);
        NDScope.unregister(b);
        latents.close();
        return b;
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

    Conditioning encode(GenerationRequest r, NDManager gen, PipelineTrace trace, List<Note> notes)
            throws EngineException {
        PromptEmbeds pos = prompts.get(r.prompt(), r.maxSequenceLength());
        if (pos.truncated()) {
            notes.add(Note.of(NoteCode.PROMPT_CUT, pos.promptTokens(0), pos.truncatedPromptTokens(0),
                    r.maxSequenceLength()));
        }
        trace.record("prompt_embeds", pos.embeds());
        PromptEmbeds neg = null;
        if (r.usesCfg()) {
            neg = prompts.get(r.negativePrompt(), r.maxSequenceLength());
            if (neg.truncated()) {
                notes.add(Note.of(NoteCode.NEGATIVE_CUT, neg.promptTokens(0),
                        neg.truncatedPromptTokens(0), r.maxSequenceLength()));
            }
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
        transformer.restoreBlocks(); // evicted for the last decode (int8) or for the text encoder
        long textTokens = cond.cfg() ? Math.max(cond.positive().length(), cond.negative().length()) : 0;
        long conditionTokens = conditionLatents == null ? 0 : conditionLatents.getShape().get(1);
        batchThisRun = batchCfg(latents.getShape().get(1) + conditionTokens + textTokens);
        int total = schedule.steps() - begin;
        long start = System.nanoTime();
        float[] sigmas = schedule.sigmas();
        float[] timesteps = schedule.timesteps();
        NDArray current = toComputeDtype(latents); // bf16 latents between steps in a bf16 run
        transformer.cancelBetweenBlocks(cancel);
        try {
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
                    NDArray timestep = gen.create(new float[] {modelTimestep(timesteps[i])}); // [B]
                    NDArray v = velocity(current, conditionLatents, timestep, cond, imgShapes, cfgScale, k, trace);
                    if (bf16) {
                        next = SeedframeOps.require().eulerStep(current, v, sigmas[i + 1] - sigmas[i]);
                    } else {
                        Bf16.requireNotBf16("FlowMatchEulerScheduler.step", v, current);
                        next = FlowMatchEulerScheduler.step(v, current, sigmas[i], sigmas[i + 1]);
                    }
                    record(trace, "step" + k + ".scheduler_prev_sample", next);
                    if (blend != null) {
                        NDArray blended = bf16 ? blendBf16(blend, next, i, gen) : blend.apply(next, i, gen);
                        next.close();
                        next = blended;
                    }
                    record(trace, "step" + k + ".latents", next);
                    // x0 estimate for previews: x_σ − σ·v (in f32 for a bf16 run)
                    x0 = bf16 ? f32(current).sub(f32(v).mul(sigmas[i])) : current.sub(v.mul(sigmas[i]));
                    NDScope.unregister(next);
                    NDScope.unregister(x0);
                } catch (CancelledException e) { // between two blocks of this step
                    current.close();
                    throw new CancelledException(k, total);
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
        } finally {
            transformer.cancelBetweenBlocks(null);
        }
        return current;
    }

    /**
     * The σ the transformer sees: {@code t / 1000}; in bf16 as diffusers computes it, {@code
     * t.expand(B).to(latents.dtype) / 1000} — t rounded to bf16, the quotient rounded to bf16 again.
     */
    float modelTimestep(float t) {
        if (!bf16) {
            return t / 1000f;
        }
        return BFloat16.round(BFloat16.round(t) / 1000f);
    }

    private static NDArray f32(NDArray x) {
        return Bf16.isBf16(x) ? SeedframeOps.require().toF32(x) : x;
    }

    /** Inpainting's blend is f32 DJL code: the bf16 latents are widened for it and the result rounded back. */
    private static NDArray blendBf16(StepBlend blend, NDArray next, int i, NDManager gen) throws EngineException {
        SeedframeOps ops = SeedframeOps.require();
        try (NDArray wide = ops.toF32(next)) {
            return ops.toBf16(blend.apply(wide, i, gen));
        }
    }

    /**
     * The velocity for one step, with true CFG and diffusers' norm-preserving rescale. With CFG, the
     * conditional and unconditional passes run as one batch-2 call when {@link #batchCfg} says so.
     */
    private NDArray velocity(NDArray latents, NDArray conditionLatents, NDArray timestep, Conditioning cond,
            List<ImageShape> imgShapes, double cfgScale, int k, PipelineTrace trace) throws EngineException {
        int n = (int) latents.getShape().get(1);
        NDArray input = joinCondition(latents, conditionLatents); // [B, N(+Nc), F]
        NDArray vc;
        NDArray vu = null;
        if (cond.cfg() && cond.positive().batchSize() == 1 && cond.negative().batchSize() == 1
                && batchThisRun) {
            NDArray[] both = forwardCfgBatch(input, timestep, cond, imgShapes);
            vc = slice(both[0], n);
            vu = slice(both[1], n);
        } else {
            vc = slice(transformer.forward(input, cond.positive().embeds(), cond.positive().mask().orElse(null),
                    timestep, imgShapes), n);
            if (cond.cfg()) {
                vu = slice(transformer.forward(input, cond.negative().embeds(),
                        cond.negative().mask().orElse(null), timestep, imgShapes), n);
            }
        }
        record(trace, "step" + k + ".transformer.cond.out", vc);
        if (!cond.cfg()) {
            record(trace, "step" + k + ".noise_pred", vc);
            return vc;
        }
        record(trace, "step" + k + ".transformer.uncond.out", vu);
        NDArray v;
        if (bf16) {
            v = SeedframeOps.require().trueCfg(vc, vu, cfgScale); // every op in bf16, as the pipeline runs it
        } else {
            Bf16.requireNotBf16("true CFG (f32)", vc, vu);
            NDArray comb = vc.sub(vu).mul((float) cfgScale).add(vu);
            NDArray condNorm = vc.norm(new int[] {-1}, true); // [B, N, 1]
            NDArray combNorm = comb.norm(new int[] {-1}, true); // [B, N, 1]
            v = comb.mul(condNorm.div(combNorm));
        }
        record(trace, "step" + k + ".noise_pred", v);
        return v;
    }

    /**
     * Both CFG passes in one transformer call: the latents twice, the prompt and negative embeddings as a
     * batch of two with the shorter one right-padded with zeros, and a {@code [2, T]} text mask that marks
     * the padding (and any padding the embeddings already had). The model ignores masked text keys and places
     * RoPE text positions by index, so each sample's output equals its own batch-1 call up to float noise.
     *
     * @return the conditional and the unconditional output, each {@code [1, N', O]}
     */
    NDArray[] forwardCfgBatch(NDArray latents, NDArray timestep, Conditioning cond, List<ImageShape> imgShapes)
            throws EngineException {
        PromptEmbeds pos = cond.positive();
        PromptEmbeds neg = cond.negative();
        int t = Math.max(pos.length(), neg.length());
        NDManager m = timestep.getManager();
        float[] mask = new float[2 * t];
        textMask(pos, mask, 0, t);
        textMask(neg, mask, t, t);
        NDArray embeds = padText(pos.embeds(), t, m).concat(padText(neg.embeds(), t, m), 0); // [2, T, J]
        NDArray maskArray = m.create(mask, new Shape(2, t)); // [2, T]
        NDArray latents2 = Bf16.isBf16(latents) ? SeedframeOps.require().cat(latents, latents, 0)
                : latents.concat(latents, 0); // [2, N, F]
        NDArray out = transformer.forward(latents2, embeds, maskArray, timestep, imgShapes); // [2, N', O]
        if (Bf16.isBf16(out)) {
            SeedframeOps ops = SeedframeOps.require();
            return new NDArray[] {ops.narrow(out, 0, 0, 1), ops.narrow(out, 0, 1, 1)};
        }
        return new NDArray[] {out.get("0:1"), out.get("1:2")};
    }

    /**
     * The transformer's image input: the latents, then (edit models) the condition-image latents along the
     * sequence, {@code concat([latents, conditionLatents], dim=1)}; in a bf16 run the f32 condition latents
     * are rounded to bf16 and joined through the helper.
     */
    private static NDArray joinCondition(NDArray latents, NDArray conditionLatents) {
        if (conditionLatents == null) {
            return latents;
        }
        if (Bf16.isBf16(latents)) {
            SeedframeOps ops = SeedframeOps.require();
            NDArray c = Bf16.isBf16(conditionLatents) ? conditionLatents : ops.toBf16(conditionLatents);
            return ops.cat(latents, c, 1); // [B, N+Nc, F]
        }
        return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(latents, conditionLatents), 1); // [B, N+Nc, F]
    }

    /** Writes one sample's validity (1/0) into {@code mask[offset, offset + t)}; padding beyond its length is 0. */
    private static void textMask(PromptEmbeds p, float[] mask, int offset, int t) {
        int len = p.length();
        if (p.mask().isPresent()) {
            NDArray mk = p.mask().get();
            float[] v;
            try (NDArray f = mk.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
                v = f.toFloatArray();
            }
            for (int j = 0; j < len; j++) {
                mask[offset + j] = v[j] != 0f ? 1f : 0f;
            }
        } else {
            java.util.Arrays.fill(mask, offset, offset + len, 1f);
        }
    }

    /** {@code [1, L, J]} → {@code [1, t, J]} with zero rows after L (f32 embeddings). */
    private static NDArray padText(NDArray e, int t, NDManager m) {
        long len = e.getShape().get(1);
        if (len == t) {
            return e;
        }
        NDArray zeros = m.zeros(new Shape(e.getShape().get(0), t - len, e.getShape().get(2)));
        return e.concat(zeros, 1);
    }

    /** Keeps the first {@code n} tokens (edit models also predict for the reference image tokens). */
    private static NDArray slice(NDArray out, int n) {
        if (out.getShape().get(1) == n) {
            return out;
        }
        if (Bf16.isBf16(out)) {
            return SeedframeOps.require().narrow(out, 1, 0, n);
        }
        return out.get(":, :" + n + ", :");
    }

    /** Unpacks, de-normalises and decodes latents to pixels. */
    RgbImage decode(NDArray latents, LatentGrid grid, PipelineTrace trace) throws EngineException {
        if (transformer.memoryMode().evictsBlocksForDecode()) {
            // room for the VAE's activations on a 24 GB card; the next denoise brings the blocks back
            transformer.evictBlocks();
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            // the VAE runs in f32 (latents.to(vae.dtype) with an f32 VAE): a bf16 run's latents are widened, exactly
            NDArray wide = f32(latents);
            if (wide.isNaN().logicalOr(wide.isInfinite()).any().getBoolean()) {
                throw new EngineException("The model produced non-finite values (NaN or infinity) while denoising,"
                        + " so there is no image: its weights or configuration are damaged (a checkpoint holding NaN,"
                        + " a changed config), or the computation overflowed. Nothing was recorded.");
            }
            NDArray unpacked = Latents.unpack(wide, grid.h(), grid.w(), grid.c()); // [B, C, 1, h, w]
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
