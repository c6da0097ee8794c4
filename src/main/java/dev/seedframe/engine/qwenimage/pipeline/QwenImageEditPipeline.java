package dev.seedframe.engine.qwenimage.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.imageops.ImagePostprocess;
import dev.seedframe.engine.imageops.PilResize;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.qwenimage.textencoder.EditPromptEncoder;
import dev.seedframe.engine.qwenimage.textencoder.PromptEmbeds;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlImageProcessor;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlVisionTower;
import dev.seedframe.engine.qwenimage.transformer.ImageShape;
import dev.seedframe.engine.qwenimage.transformer.Latents;
import dev.seedframe.engine.qwenimage.vae.DiagonalGaussian;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import java.util.ArrayList;
import java.util.List;

/**
 * Instruction editing: diffusers {@code QwenImageEditPipeline.__call__}
 * ({@code src/diffusers/pipelines/qwenimage/pipeline_qwenimage_edit.py}, commit 58eb52c0) and, for
 * Qwen-Image-Edit-2509 and -2511 folders, {@code QwenImageEditPlusPipeline} ({@code pipeline_qwenimage_edit_plus.py};
 * Edit-2511's {@code zero_cond_t}, reference images modulated with timestep 0, is the transformer's business).
 *
 * <ol>
 *   <li>Edit: the input is resized (Pillow Lanczos) to {@link #calculateDimensions} of one megapixel at
 *       its aspect ratio; that same image feeds the Qwen2.5-VL encoder (which smart-resizes it again to
 *       multiples of 28) and the VAE. Edit Plus: each of 1–3 images is resized to about 384² for the
 *       VL encoder and about 1024² for the VAE;
 *   <li>prompt and negative prompt are each encoded with the image(s) ({@link EditPromptEncoder});
 *   <li>the condition latents are the VAE posterior mode, normalised {@code (z − mean) / std}, packed and
 *       (Edit Plus) concatenated image after image; the noise is drawn from the request's generator;
 *   <li>every step the transformer sees {@code [latents, condition latents]} with one {@code img_shapes}
 *       entry per image; its output is cut to the noise tokens; true CFG with norm rescale; Euler step;
 *   <li>the latents are decoded as in text-to-image.
 * </ol>
 */
public final class QwenImageEditPipeline {

    /** {@code calculate_dimensions(1024 * 1024, ...)}: the VAE-side condition image area. */
    static final long VAE_IMAGE_AREA = 1024L * 1024;

    /** Edit Plus {@code CONDITION_IMAGE_SIZE}: the VL-side condition image area. */
    static final long CONDITION_IMAGE_AREA = 384L * 384;

    /** {@code calculate_dimensions} rounds to multiples of this. */
    static final int DIMENSION_MULTIPLE = 32;

    private final QwenImagePipeline base;
    private final QwenImageVae vae;
    private final QwenVlImageProcessor processor;
    private final TowerSource towers;
    private final EditPromptEncoder prompts;
    private final boolean plus;

    public QwenImageEditPipeline(QwenImagePipeline base, QwenImageVae vae, QwenVlImageProcessor processor,
            TowerSource towers, EditPromptEncoder prompts, boolean plus) {
        this.base = base;
        this.vae = vae;
        this.processor = processor;
        this.towers = towers;
        this.prompts = prompts;
        this.plus = plus;
    }

    /** Where the vision tower comes from for one encoding: resident, or loaded for it and freed after. */
    @FunctionalInterface
    public interface TowerSource {
        /** The tower for one encoding; {@code work} is closed after it. */
        QwenVlVisionTower acquire(NDManager work) throws EngineException;
    }

    /**
     * diffusers' {@code calculate_dimensions(target_area, width / height)}: the size of about {@code area}
     * pixels at the image's aspect ratio, each side rounded (half to even, as Python) to a multiple of 32.
     *
     * @return {@code {width, height}}
     */
    static int[] calculateDimensions(long area, int width, int height) {
        double ratio = (double) width / height;
        double w = Math.sqrt(area * ratio);
        double h = w / ratio;
        return new int[] {(int) Math.rint(w / DIMENSION_MULTIPLE) * DIMENSION_MULTIPLE,
                (int) Math.rint(h / DIMENSION_MULTIPLE) * DIMENSION_MULTIPLE};
    }

    /**
     * The output size the reference chooses when none is given: one megapixel at the aspect ratio of
     * the image (Edit Plus: the last image), floored to {@code multiple}.
     *
     * @return {@code {width, height}}
     */
    public static int[] defaultOutputSize(List<RgbImage> images, int multiple) {
        RgbImage ref = images.get(images.size() - 1);
        int[] wh = calculateDimensions(VAE_IMAGE_AREA, ref.width(), ref.height());
        return new int[] {Math.max(multiple, wh[0] / multiple * multiple), Math.max(multiple, wh[1] / multiple * multiple)};
    }

    /** Resizes with Pillow's Lanczos when the size differs, noting it (a one-megapixel target). */
    static RgbImage resized(RgbImage img, int[] wh, Note what, List<Note> notes) {
        return resized(img, wh, what, Note.of(NoteCode.TARGET_MEGAPIXEL), notes);
    }

    /**
     * Resizes with Pillow's Lanczos when the size differs, noting it.
     *
     * @param target what the size aims at, for the note (e.g. "one megapixel", "384×384 pixels")
     */
    static RgbImage resized(RgbImage img, int[] wh, Note what, Note target, List<Note> notes) {
        if (img.width() == wh[0] && img.height() == wh[1]) {
            return img;
        }
        notes.add(Note.of(NoteCode.EDIT_RESIZED, what, img.width(), img.height(), wh[0], wh[1],
                target));
        return PilResize.resize(img, wh[0], wh[1], PilResize.Filter.LANCZOS);
    }

    public QwenImagePipeline.Run run(RunContext ctx) throws EngineException {
        GenerationRequest r = ctx.request();
        NDManager gen = ctx.gen();
        PipelineTrace trace = ctx.trace();
        List<Note> notes = ctx.notes();
        List<RgbImage> inputs = r.images();
        if (inputs.isEmpty() || (!plus && inputs.size() > 1) || inputs.size() > 3) {
            throw new InvalidRequestException((plus ? "Qwen-Image-Edit-2509 takes 1 to 3 input images"
                    : "Qwen-Image-Edit takes exactly one input image") + ", got " + inputs.size());
        }
        long t0 = System.nanoTime();
        List<RgbImage> vlImages = new ArrayList<>();
        List<RgbImage> vaeImages = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            RgbImage img = inputs.get(i);
            Note what = inputs.size() == 1 ? Note.of(NoteCode.IMAGE_THE)
                    : Note.of(NoteCode.IMAGE_N, i + 1);
            long area = (long) r.conditionSize() * r.conditionSize();
            Note target = r.conditionSize() == GenerationRequest.DEFAULT_CONDITION_SIZE
                    ? Note.of(NoteCode.TARGET_MEGAPIXEL)
                    : Note.of(NoteCode.TARGET_CONDITION, r.conditionSize());
            RgbImage vaeImage = resized(img, calculateDimensions(area, img.width(), img.height()), what, target, notes);
            vaeImages.add(vaeImage);
            vlImages.add(plus ? resized(img, calculateDimensions(CONDITION_IMAGE_AREA, img.width(), img.height()),
                    Note.of(NoteCode.FOR_VISION, what), Note.of(NoteCode.TARGET_VISION), notes)
                    : vaeImage);
        }

        QwenImagePipeline.Conditioning cond = encode(r, vlImages, gen, trace);
        long t1 = System.nanoTime();

        QwenImagePipeline.LatentGrid grid = base.grid(r);
        int h = grid.h();
        int w = grid.w();
        NDArray latents = base.packedNoise(ctx, grid);

        List<ImageShape> imgShapes = new ArrayList<>();
        imgShapes.add(ImageShape.of(h / 2, w / 2));
        NDArray conditionLatents;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList packed = new NDList();
            for (int i = 0; i < vaeImages.size(); i++) {
                RgbImage img = vaeImages.get(i);
                NDArray x = gen.create(ImagePostprocess.toSignedUnitChw(img), new Shape(1, 3, img.height(), img.width()));
                NDArray z;
                try (DiagonalGaussian posterior = vae.encode(x)) {
                    trace.record("vae_encode" + i + ".mean", posterior.mean().expandDims(2));
                    z = posterior.mode(); // sample_mode="argmax": no draw from the generator
                }
                NDArray zn = vae.normalizeDivide(z); // [B, C, hi, wi]
                long hi = zn.getShape().get(2);
                long wi = zn.getShape().get(3);
                imgShapes.add(ImageShape.of((int) hi / 2, (int) wi / 2));
                packed.add(Latents.pack(zn.expandDims(1))); // [B, Ni, F]
            }
            conditionLatents = packed.size() == 1 ? packed.get(0).duplicate() : NDArrays.concat(packed, 1); // [B, ΣNi, F]
            NDScope.unregister(conditionLatents);
        }
        trace.record("image_latents_packed", conditionLatents);

        // mu comes from the noise tokens only
        FlowMatchEulerScheduler.Schedule schedule = ctx.scheduler().schedule(r.steps(), (h / 2) * (w / 2));
        try {
            latents = base.denoise(ctx, new Denoising(latents, conditionLatents, grid, cond, imgShapes, schedule, 0,
                    null));
        } finally {
            conditionLatents.close();
            cond.positive().close();
            if (cond.negative() != null) {
                cond.negative().close();
            }
        }
        long t2 = System.nanoTime();
        RgbImage image = base.decode(latents, grid, trace);
        latents.close();
        long t3 = System.nanoTime();
        return new QwenImagePipeline.Run(image, schedule.steps(), t1 - t0, t2 - t1, t3 - t2);
    }

    /** Vision embeddings once, then the prompt (and the negative prompt for true CFG) with them. */
    private QwenImagePipeline.Conditioning encode(GenerationRequest r, List<RgbImage> vlImages, NDManager gen,
            PipelineTrace trace) throws EngineException {
        List<QwenVlTextEncoderInput> in = new ArrayList<>();
        int patchDim = 0;
        int rows = 0;
        for (RgbImage img : vlImages) {
            QwenVlImageProcessor.Processed p = processor.process(img);
            in.add(new QwenVlTextEncoderInput(p, new QwenVlVisionTower.Grid(p.gridT(), p.gridH(), p.gridW())));
            patchDim = p.patchDim();
            rows += p.patches();
        }
        float[] pixels = new float[rows * patchDim];
        int at = 0;
        List<QwenVlVisionTower.Grid> grids = new ArrayList<>();
        for (QwenVlTextEncoderInput i : in) {
            System.arraycopy(i.processed().pixelValues(), 0, pixels, at, i.processed().pixelValues().length);
            at += i.processed().pixelValues().length;
            grids.add(i.grid());
        }
        PromptEmbeds pos;
        PromptEmbeds neg = null;
        try (NDManager work = gen.newSubManager()) {
            QwenVlVisionTower tower = towers.acquire(work);
            NDArray merged = tower.forward(pixels, grids, work, false).mergedEmbeds(); // [Σn, D]
            trace.record("text.visual.merged_embeds", merged);
            List<NDArray> perImage = new ArrayList<>();
            long from = 0;
            for (QwenVlVisionTower.Grid g : grids) {
                long n = tower.mergedTokens(g);
                perImage.add(merged.get(from + ":" + (from + n)));
                from += n;
            }
            pos = prompts.encode(r.prompt(), perImage, plus, gen);
            trace.record("prompt_embeds", pos.embeds());
            if (r.usesCfg()) {
                neg = prompts.encode(r.negativePrompt(), perImage, plus, gen);
                trace.record("neg.prompt_embeds", neg.embeds());
            }
        }
        return new QwenImagePipeline.Conditioning(pos, neg);
    }

    private record QwenVlTextEncoderInput(QwenVlImageProcessor.Processed processed, QwenVlVisionTower.Grid grid) {}
}
