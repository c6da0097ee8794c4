package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.imageops.ImagePostprocess;
import dev.seedframe.engine.imageops.MaskOps;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.qwenimage.textencoder.PromptCache;
import dev.seedframe.engine.qwenimage.textencoder.PromptEmbeds;
import dev.seedframe.engine.qwenimage.transformer.ImageShape;
import dev.seedframe.engine.qwenimage.transformer.Latents;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.qwenimage.vae.DiagonalGaussian;
import dev.seedframe.engine.qwenimage.vae.LatentRgbProjection;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import java.util.List;

/**
 * Sequences the components the way diffusers' {@code QwenImagePipeline.__call__} does
 * ({@code src/diffusers/pipelines/qwenimage/pipeline_qwenimage.py}, commit 58eb52c0): encode the prompt
 * (and the negative prompt for true CFG), draw the noise from a generator seeded with the request's
 * seed, denoise with the flow-matching Euler scheduler (the run's: the model's own or the request's override),
 * decode with the VAE.
 *
 * <p>Shared by every run, it holds no state of one: a run's request, manager, listener, cancel flag, trace, notes and
 * settings come in a {@link RunContext}; the denoising loop itself is {@link DenoisingLoop}.
 *
 * <p>Dimension letters: B batch (1), N image tokens, F packed features (4·C), C latent channels,
 * h×w latent grid, H×W pixels.
 */
public final class QwenImagePipeline {

    /** Result of one run, with the stage timings in nanoseconds. */
    public record Run(RgbImage image, int stepsRun, long encodeNanos, long denoiseNanos, long decodeNanos) {}

    private final QwenImageTransformer transformer;
    private final QwenImageVae vae;
    private final PromptCache prompts;
    private final DenoisingLoop loop;

    /**
     * @param previewProjection where the model keeps its VAE's latent-to-RGB projection for the live previews
     */
    public QwenImagePipeline(QwenImageTransformer transformer, QwenImageVae vae, PromptCache prompts,
            PreviewProjection previewProjection) {
        this.transformer = transformer;
        this.vae = vae;
        this.prompts = prompts;
        this.loop = new DenoisingLoop(transformer, new StepPreview(vae, previewProjection::get));
    }

    /** Where the model keeps its VAE's latent-to-RGB projection, asked on the first preview. */
    @FunctionalInterface
    public interface PreviewProjection {
        LatentRgbProjection get() throws EngineException;
    }

    /**
     * The initial latent noise: torch's float32 {@code randn}, or in a bf16 run torch's bf16 {@code randn}
     * (diffusers draws with {@code dtype=prompt_embeds.dtype}; the two draws do not resemble each other), unless
     * the run's settings ask for the float32 draw.
     */
    float[] initialNoise(RunContext ctx, TorchCpuGenerator generator, long... shape) {
        return ctx.settings().nativeBf16Noise() ? transformer.ops().randn(generator, shape) : generator.randn(shape);
    }

    /** The latent grid of {@code r}'s output size. */
    LatentGrid grid(GenerationRequest r) {
        int p = transformer.config().patchSize();
        int c = transformer.config().inChannels() / (p * p); // the transformer's input is 2×2 patches of them
        return new LatentGrid(latentSize(r.height()), latentSize(r.width()), c);
    }

    /** diffusers: {@code 2 * (int(height) // (vae_scale_factor * 2))}. */
    private int latentSize(int pixels) {
        int f = vae.scaleFactor();
        return 2 * (pixels / (f * 2));
    }

    /** The starting latents of text-to-image and edit: the request's noise, packed {@code [B, N, F]}. */
    NDArray packedNoise(RunContext ctx, LatentGrid grid) throws EngineException {
        TorchCpuGenerator generator = new TorchCpuGenerator(ctx.request().seed());
        NDArray latents;
        Shape shape = new Shape(1, 1, grid.c(), grid.h(), grid.w());
        try (NDArray noise = ctx.gen().create(initialNoise(ctx, generator, shape.getShape()), shape)) {
            ctx.trace().record("randn0", noise);
            latents = Latents.pack(noise); // [B, N, F]
        }
        ctx.trace().record("latents_init", latents);
        return latents;
    }

    /** Text-to-image. */
    public Run textToImage(RunContext ctx) throws EngineException {
        GenerationRequest r = ctx.request();
        PipelineTrace trace = ctx.trace();
        long t0 = System.nanoTime();
        Conditioning cond = encode(ctx);
        long t1 = System.nanoTime();

        LatentGrid grid = grid(r);
        NDArray latents = packedNoise(ctx, grid);
        List<ImageShape> imgShapes = List.of(ImageShape.of(grid.h() / 2, grid.w() / 2));
        FlowMatchEulerScheduler.Schedule schedule = ctx.scheduler().schedule(r.steps(), grid.tokens());
        latents = denoise(ctx, new Denoising(latents, null, grid, cond, imgShapes, schedule, 0, null));
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
    public Run imageToImage(RunContext ctx, RgbImage source, Mask mask) throws EngineException {
        GenerationRequest r = ctx.request();
        PipelineTrace trace = ctx.trace();
        NDManager gen = ctx.gen();
        long t0 = System.nanoTime();
        Conditioning cond = encode(ctx);
        long t1 = System.nanoTime();
        LatentGrid grid = grid(r);
        int c = grid.c();
        int h = grid.h();
        int w = grid.w();
        FlowMatchEulerScheduler.Schedule schedule = ctx.scheduler().schedule(r.steps(), grid.tokens());
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
            NDArray noise = gen.create(initialNoise(ctx, generator, 1, 1, c, h, w), new Shape(1, 1, c, h, w));
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
        latents = denoise(ctx, new Denoising(latents, null, grid, cond, List.of(ImageShape.of(h / 2, w / 2)), schedule,
                window.beginIndex(), blend));
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
    public record LatentGrid(int h, int w, int c) {
        public int tokens() {
            return (h / 2) * (w / 2);
        }
    }

    /** The prompt (and negative prompt) embeddings of one request; owned by the prompt cache. */
    public record Conditioning(PromptEmbeds positive, PromptEmbeds negative) {
        public boolean cfg() {
            return negative != null;
        }
    }

    /** The request's prompt (and negative prompt for true CFG) embeddings, from the cache; cuts are noted. */
    Conditioning encode(RunContext ctx) throws EngineException {
        GenerationRequest r = ctx.request();
        PromptEmbeds pos = prompts.get(r.prompt(), r.maxSequenceLength());
        if (pos.truncated()) {
            ctx.notes().add(Note.of(NoteCode.PROMPT_CUT, pos.promptTokens(0),
                    pos.truncatedPromptTokens(0), r.maxSequenceLength()));
        }
        ctx.trace().record("prompt_embeds", pos.embeds());
        PromptEmbeds neg = null;
        if (r.usesCfg()) {
            neg = prompts.get(r.negativePrompt(), r.maxSequenceLength());
            if (neg.truncated()) {
                ctx.notes().add(Note.of(NoteCode.NEGATIVE_CUT, neg.promptTokens(0),
                        neg.truncatedPromptTokens(0), r.maxSequenceLength()));
            }
            ctx.trace().record("neg.prompt_embeds", neg.embeds());
        }
        return new Conditioning(pos, neg);
    }

    /** Whether a run with {@code settings} over {@code tokens} joint tokens runs its CFG passes as one batch-2 call. */
    public static boolean batchesCfg(RunSettings settings, long tokens, QwenImageTransformer transformer) {
        return CfgBatch.batches(settings.cfgBatching(), tokens, transformer);
    }

    /** The denoising loop from {@code d}; returns the final latents. */
    NDArray denoise(RunContext ctx, Denoising d) throws EngineException {
        return loop.run(ctx, d);
    }

    /** Unpacks, de-normalises and decodes latents to pixels. */
    RgbImage decode(NDArray latents, LatentGrid grid, PipelineTrace trace) throws EngineException {
        if (transformer.memoryMode().evictsBlocksForDecode()) {
            // room for the VAE's activations on a 24 GB card; the next denoise brings the blocks back
            transformer.evictBlocks();
        }
        Ops ops = transformer.ops();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            // the VAE runs in f32 (latents.to(vae.dtype) with an f32 VAE): a bf16 run's latents are widened, exactly
            NDArray wide = ops.toF32(latents);
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

    /** Inpainting's blend after each scheduler step (f32 latents in and out). */
    @FunctionalInterface
    public interface StepBlend {
        NDArray apply(NDArray latents, int stepIndex, NDManager gen) throws EngineException;
    }
}
