package dev.seedframe.engine.qwenimage;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.Preservation;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.engine.CfgBatching;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.imageops.OutpaintPlan;
import dev.seedframe.engine.lora.LoraLibrary;
import dev.seedframe.engine.qwenimage.loading.EngineEnvironments;
import dev.seedframe.engine.qwenimage.loading.LatentRgbProjections;
import dev.seedframe.engine.qwenimage.loading.LoadedModel;
import dev.seedframe.engine.qwenimage.loading.ModelLoader;
import dev.seedframe.engine.qwenimage.pipeline.PipelineTrace;
import dev.seedframe.engine.qwenimage.pipeline.QwenImageEditPipeline;
import dev.seedframe.engine.qwenimage.pipeline.QwenImagePipeline;
import dev.seedframe.engine.qwenimage.pipeline.RunContext;
import dev.seedframe.engine.qwenimage.pipeline.RunSettings;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.qwenimage.textencoder.EditPromptEncoder;
import dev.seedframe.engine.qwenimage.textencoder.PromptCache;
import dev.seedframe.engine.qwenimage.textencoder.PromptEncoder;
import dev.seedframe.engine.runtime.Devices;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.runtime.NativeMemory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Qwen-Image family model loaded from its diffusers folder ({@link ModelLoader}): it checks each request ({@link
 * RequestValidator}), hands it to the pipeline of its kind and composites masked edits ({@link Compositing}).
 *
 * <p>Precision: {@link Precision#F32} runs everything in float32. {@link Precision#BF16} runs the denoising
 * loop as diffusers does with {@code torch_dtype=bfloat16}: the transformer's weights and activations, the
 * latents between steps, the noise (drawn with torch's bf16 kernel) and the CFG combination in bf16, the scheduler
 * update in f32. The text encoder and the VAE stay float32: the prompt embeddings are rounded to bf16 at the
 * transformer's input, and the final latents are widened exactly for the decoder, which runs once per image.
 * Through {@link #open(Path, EngineOptions)} bf16 is honoured on a GPU (the CPU computes f32, see {@link
 * EngineEnvironments#computePrecision}); {@link #open(Path, Precision)} honours it on any device (the tests check
 * the bf16 numerics on the CPU that way). The environment records the dtype actually used.
 */
public final class QwenImageModel implements ImageModel {

    private final LoadedModel parts;
    private final PromptCache prompts;
    private final QwenImagePipeline pipeline;
    private final QwenImageEditPipeline edit;
    private final RequestValidator validator;
    private final EngineOptions options;
    private final AtomicReference<RunSettings> settings;
    private final EngineRuntime ownedRuntime;
    private final ModelLoras loras;
    private volatile EngineEnvironment environment;

    private QwenImageModel(LoadedModel parts, EngineOptions options, EngineRuntime runtime, boolean ownsRuntime,
            LoraLibrary library) throws EngineException {
        this.parts = parts;
        this.options = options;
        this.ownedRuntime = ownsRuntime ? runtime : null;
        this.prompts = new PromptCache(new PromptEncoder(parts.tokenizer(), parts.textEncoder()), parts.manager());
        this.pipeline = new QwenImagePipeline(parts.transformer(), parts.vae(), prompts,
                () -> LatentRgbProjections.of(parts.info().identity(), parts.vae(), parts.manager(),
                        runtime.cacheDir()));
        LoadedModel.EditParts e = parts.edit();
        this.edit = e == null ? null : new QwenImageEditPipeline(pipeline, parts.vae(), e.processor(),
                e.towers(), new EditPromptEncoder(parts.tokenizer(), parts.textEncoder(), e.textConfig()), e.plus());
        this.validator = new RequestValidator(parts.configs(), parts.scheduler());
        this.settings = new AtomicReference<>(new RunSettings(options.cfgBatching(), true,
                options.previewDecodeEvery()));
        this.environment = parts.info().environment();
        this.loras = new ModelLoras(library, parts.lora(), parts.transformer(), parts.manager());
    }

    /**
     * Identity, capabilities and environment of a folder without loading weights: configs are read and
     * every shard's header checked; the weights fingerprint reads under a megabyte per shard.
     */
    public static ModelInfo inspect(Path dir) throws EngineException {
        return inspect(dir, EngineOptions.defaults());
    }

    /** {@link #inspect(Path)} with the environment {@code options} would give. */
    public static ModelInfo inspect(Path dir, EngineOptions options) throws EngineException {
        try (EngineRuntime runtime = EngineRuntime.open()) {
            return ModelLoader.inspect(dir, options, runtime);
        }
    }

    /** Loads the model in {@code dir}; every problem with the folder is reported before weights are read. */
    public static QwenImageModel open(Path dir) throws EngineException {
        return open(dir, EngineOptions.defaults());
    }

    /**
     * Loads the model in {@code dir} on the device and in the memory mode of {@code options}, with a runtime of its
     * own (closed with it); a GPU request without a usable GPU runs on the CPU ({@link #device()} says why).
     */
    public static QwenImageModel open(Path dir, EngineOptions options) throws EngineException {
        DeviceInfo device = Devices.resolve(options.device());
        return open(dir, options, device, EngineEnvironments.computePrecision(device, options), null);
    }

    /**
     * Loads the model in {@code dir} on the CPU, everything resident, computing in {@code precision} on any
     * device (bf16 on the CPU too: slower, but the way the bf16 numerics are tested).
     */
    public static QwenImageModel open(Path dir, Precision precision) throws EngineException {
        return openHonouringPrecision(dir, EngineOptions.defaults().withPrecision(precision));
    }

    /**
     * {@link #open(Path, EngineOptions)}, but computing in {@code options.precision()} whatever the device
     * (bf16 on the CPU too).
     */
    public static QwenImageModel openHonouringPrecision(Path dir, EngineOptions options) throws EngineException {
        return open(dir, options, Devices.resolve(options.device()), options.precision(), null);
    }

    /**
     * Loads a model made of a folder, single files, or both ({@link ModelFiles}) on the device and in the memory mode
     * of {@code options}, with a runtime of its own.
     */
    public static QwenImageModel open(ModelFiles files, EngineOptions options) throws EngineException {
        DeviceInfo device = Devices.resolve(options.device());
        return open(files, options, device, EngineEnvironments.computePrecision(device, options), null,
                new LoraLibrary());
    }

    /** {@link #open(ModelFiles, EngineOptions)}, computing in {@code options.precision()} whatever the device. */
    public static QwenImageModel openHonouringPrecision(ModelFiles files, EngineOptions options) throws EngineException {
        return open(files, options, Devices.resolve(options.device()), options.precision(), null, new LoraLibrary());
    }

    /**
     * Loads the model with {@code runtime}'s helper and constants; null: a runtime of its own, closed with the model.
     */
    static QwenImageModel open(Path dir, EngineOptions options, DeviceInfo device, Precision precision,
            EngineRuntime runtime) throws EngineException {
        return open(ModelFiles.folder(dir), options, device, precision, runtime, new LoraLibrary());
    }

    /** {@link #open(Path, EngineOptions, DeviceInfo, Precision, EngineRuntime)} for {@code files}, reading LoRA files
     * through {@code loras}. */
    static QwenImageModel open(ModelFiles files, EngineOptions options, DeviceInfo device, Precision precision,
            EngineRuntime runtime, LoraLibrary loras) throws EngineException {
        EngineRuntime own = runtime == null ? EngineRuntime.open() : null;
        try {
            EngineRuntime used = runtime != null ? runtime : own;
            LoadedModel parts = ModelLoader.load(files, options, device, precision, used);
            try {
                return new QwenImageModel(parts, options, used, own != null, loras);
            } catch (EngineException | RuntimeException e) {
                parts.close();
                throw e;
            }
        } catch (EngineException | RuntimeException e) {
            if (own != null) {
                own.close();
            }
            throw e;
        }
    }

    /**
     * The output size the edit reference picks when none is given: about one megapixel at the aspect
     * ratio of the (last) input image, floored to {@code sizeMultiple} ({@code {width, height}}).
     */
    public static int[] defaultEditSize(List<RgbImage> images, int sizeMultiple) {
        return QwenImageEditPipeline.defaultOutputSize(images, sizeMultiple);
    }

    @Override
    public ModelIdentity identity() {
        return parts.info().identity();
    }

    @Override
    public ModelCapabilities capabilities() {
        return parts.info().capabilities();
    }

    @Override
    public EngineEnvironment environment() {
        return environment;
    }

    @Override
    public GenerationOutput generate(GenerationRequest request, StepListener listener, CancellationToken cancel)
            throws EngineException {
        return generate(request, listener, cancel, PipelineTrace.NONE);
    }

    /** {@link #generate} with every intermediate tensor handed to {@code trace} (parity tests). */
    public GenerationOutput generate(GenerationRequest request, StepListener listener, CancellationToken cancel,
            PipelineTrace trace) throws EngineException {
        try {
            return produce(request, listener, cancel, trace);
        } catch (RuntimeException e) {
            NativeMemory.throwIfOutOfMemory(e, parts.device(), "generating");
            throw e;
        }
    }

    /** Validates, then runs the request's pipeline on a manager of its own; masked edits are composited. */
    private GenerationOutput produce(GenerationRequest request, StepListener listener, CancellationToken cancel,
            PipelineTrace trace) throws EngineException {
        List<Note> notes = new ArrayList<>();
        FlowMatchEulerScheduler scheduler = validator.validate(request, notes);
        long t0 = System.nanoTime();
        ModelIdentity model = loras.apply(request.loras(), identity());
        QwenImagePipeline.Run run;
        Preservation preservation = null;
        LayerPixels changed = null;
        try (NDManager gen = parts.manager().newSubManager()) {
            RunContext ctx = new RunContext(request, gen, listener, cancel, trace, notes, settings.get(), scheduler);
            if (request.context() != null) {
                FullResolution.Result full = fullResolution(ctx);
                run = full.run();
                preservation = full.preservation();
                changed = full.changed();
            } else {
                switch (request.kind()) {
                    case TEXT_TO_IMAGE -> run = pipeline.textToImage(ctx);
                    case IMAGE_TO_IMAGE, INPAINT, OUTPAINT -> {
                        ImageInputs inputs = ImageInputs.of(request, capabilities().sizeMultiple(), notes);
                        run = pipeline.imageToImage(ctx, inputs.source(), inputs.mask());
                        if (ImageInputs.composited(request)) {
                            Compositing.Composited c = Compositing.over(inputs, run, request, notes);
                            run = c.run();
                            preservation = c.preservation();
                            changed = c.changed();
                        }
                    }
                    case EDIT -> run = edit.run(ctx);
                    default -> throw new InvalidRequestException(request.kind().id() + " is not implemented yet");
                }
            }
        } finally {
            parts.transformer().clearCaches();
        }
        long total = System.nanoTime() - t0;
        Timings timings = new Timings(run.encodeNanos() / 1_000_000, run.denoiseNanos() / 1_000_000,
                run.decodeNanos() / 1_000_000, total / 1_000_000);
        return new GenerationOutput(run.image(), List.copyOf(notes), timings, run.stepsRun(), model, environment,
                preservation, changed);
    }

    /** An edit of the image at its own size, within the request's context box ({@link FullResolution}). */
    private FullResolution.Result fullResolution(RunContext ctx) throws EngineException {
        GenerationRequest request = ctx.request();
        RgbImage src = request.images().get(0);
        Mask mask = request.mask();
        if (request.kind() == PipelineKind.OUTPAINT) {
            ContextBox box = request.context();
            // the seam the mask reaches into the source: what the reference-size outpaint repaints, at this scale
            int overlap = (int) Math.ceil(OutpaintPlan.OVERLAP_MULTIPLES * capabilities().sizeMultiple()
                    * Math.max((double) box.width() / box.workWidth(), (double) box.height() / box.workHeight()));
            OutpaintPlan plan = OutpaintPlan.of(src, request.outpaint(), 1, overlap, ctx.notes());
            src = plan.canvas();
            mask = plan.mask();
        }
        return FullResolution.run(request, src, request.kind() == PipelineKind.IMAGE_TO_IMAGE ? null : mask,
                (work, source, workMask) -> pipeline.imageToImage(new RunContext(work, ctx.gen(), ctx.listener(),
                        ctx.cancel(), ctx.trace(), ctx.notes(), ctx.settings(), ctx.scheduler()), source, workMask),
                ctx.notes());
    }

    /** The model folder, or without one the folder of the configs the single files were read with. */
    public Path dir() {
        ModelFiles files = parts.configs().sources().files();
        return files.folder() != null ? files.folder() : parts.configs().folder().dir();
    }

    /** What the model was opened from. */
    public ModelFiles files() {
        return parts.configs().sources().files();
    }

    /** The dtype the denoising loop computes in. */
    public Precision precision() {
        return parts.transformer().ops().precision();
    }

    /**
     * How true CFG runs its two passes from the next generation on: {@link CfgBatching#SEPARATE} (default) as two
     * calls, as diffusers does; {@link CfgBatching#BATCHED} or {@link CfgBatching#AUTO} (one call when the memory
     * rule allows) for speed, at the cost of the last bits (see {@link CfgBatching}).
     */
    public void setCfgBatching(CfgBatching mode) {
        settings.updateAndGet(s -> s.withCfgBatching(mode));
        environment = environment.withCfgBatching(mode.id()); // what the next generation records
    }

    public CfgBatching cfgBatching() {
        return settings.get().cfgBatching();
    }

    /** The device this model runs on (and why it is the CPU when a GPU was asked for). */
    public DeviceInfo device() {
        return parts.device();
    }

    /** The options the model was opened with. */
    public EngineOptions options() {
        return options;
    }

    /** The model's insides for tests and diagnostics. */
    ModelProbe probe() {
        return new ModelProbe(parts, prompts, settings);
    }

    @Override
    public void close() {
        prompts.close();
        parts.close();
        if (ownedRuntime != null) {
            ownedRuntime.close();
        }
    }
}
