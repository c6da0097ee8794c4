package dev.seedframe.engine.qwenimage;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.AdjustmentNotes;
import dev.seedframe.domain.AppVersion;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
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
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.nn.Attention;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.Devices;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.runtime.NativeMemory;
import dev.seedframe.engine.tokenizer.QwenTokenizer;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A Qwen-Image family model loaded from its diffusers folder: tokenizer, Qwen2.5-VL text encoder,
 * MMDiT transformer, VAE and scheduler. Everything is read from the folder's own config files; weights
 * are checked name by name and shape by shape before use.
 *
 * <p>Precision: {@link Precision#F32} runs everything in float32. {@link Precision#BF16} runs the denoising
 * loop as diffusers does with {@code torch_dtype=bfloat16}: the transformer's weights and activations, the
 * latents between steps, the noise (drawn with torch's bf16 kernel, {@link TorchCpuGenerator#randnBf16}) and
 * the CFG combination in bf16, the scheduler update in f32. The text encoder and the VAE stay float32 in
 * this version: the prompt embeddings are rounded to bf16 at the transformer's input (in diffusers they
 * would also have been computed in bf16), and the final latents are widened exactly for the decoder
 * ({@code latents.to(vae.dtype)} with an f32 VAE), which runs once per image. Through {@link
 * #open(Path, EngineOptions)} bf16 is honoured on a GPU (the CPU computes f32, see {@link
 * #computePrecision}); {@link #open(Path, Precision)} honours it on any device (CI checks the bf16 numerics
 * on the CPU that way). The environment records the dtype actually used.
 */
public final class QwenImageModel implements ImageModel {

    /** diffusers' {@code default_sample_size}: the default output is this many latents on a side. */
    static final int DEFAULT_SAMPLE_SIZE = 128;

    /** Sides above this many pixels are refused (RoPE and memory grow quadratically beyond). */
    static final int MAX_SIDE_PX = 4096;

    /** Input images larger than this on a side are refused (they would only be scaled down). */
    static final int MAX_INPUT_SIDE_PX = 8192;

    /** Widest feather band at a mask edge. */
    static final int MAX_FEATHER_PX = 256;
    /** Bounds of {@link GenerationRequest#conditionSize()}: a few latent tokens up to about 4 megapixels. */
    static final int MIN_CONDITION_SIZE = 64;
    static final int MAX_CONDITION_SIZE = 2048;

    /** Most steps a request may ask for. */
    static final int MAX_STEPS = 1000;

    private final PipelineFolder folder;
    private final NDManager manager;
    private final QwenTokenizer tokenizer;
    private final QwenImageTransformer transformer;
    private final QwenImageVae vae;
    private final FlowMatchEulerScheduler scheduler;
    private final PromptCache prompts;
    private final QwenImagePipeline pipeline;
    private final QwenImageEditPipeline edit;
    private final ModelIdentity identity;
    private final ModelCapabilities capabilities;
    private volatile EngineEnvironment environment;
    private final DeviceInfo device;
    private final EngineOptions options;
    /** The transformer checkpoint, kept open while blocks are streamed from it; otherwise null. */
    private final Checkpoint streamedCheckpoint;

    private QwenImageModel(PipelineFolder folder, NDManager manager, QwenTokenizer tokenizer,
            QwenImageTransformer transformer, QwenImageVae vae, PromptEncoder.EncoderSource textEncoder,
            FlowMatchEulerScheduler scheduler, ModelInfo info, DeviceInfo device, EngineOptions options,
            Checkpoint streamedCheckpoint, EditLoader editLoader) throws EngineException {
        this.folder = folder;
        this.manager = manager;
        this.tokenizer = tokenizer;
        this.transformer = transformer;
        this.vae = vae;
        this.scheduler = scheduler;
        this.prompts = new PromptCache(new PromptEncoder(tokenizer, textEncoder), manager);
        this.pipeline = new QwenImagePipeline(transformer, vae, prompts, scheduler);
        this.pipeline.cfgBatching(options.cfgBatching());
        this.edit = editLoader == null ? null : editLoader.load(pipeline);
        this.identity = info.identity();
        this.capabilities = info.capabilities();
        this.environment = info.environment();
        this.device = device;
        this.options = options;
        this.streamedCheckpoint = streamedCheckpoint;
    }

    /** The configs of a folder, read and cross-checked. */
    private record Configs(PipelineFolder folder, TransformerConfig transformer, VaeConfig vae,
            TextEncoderConfig textEncoder, SchedulerConfig scheduler) {

        static Configs read(Path dir) throws WeightsException {
            PipelineFolder folder = PipelineFolder.open(dir);
            TransformerConfig tc = TransformerConfig.fromJson(folder.component("transformer").resolve("config.json"));
            VaeConfig vc = VaeConfig.fromJson(folder.component("vae").resolve("config.json"));
            TextEncoderConfig ec = TextEncoderConfig.read(folder.component("text_encoder"));
            SchedulerConfig sc = SchedulerConfig.fromJson(
                    folder.component("scheduler").resolve("scheduler_config.json"));
            checkConsistent(tc, vc, ec);
            return new Configs(folder, tc, vc, ec, sc);
        }

        ModelCapabilities capabilities() {
            // a small model that declares the size it was trained for is a trained one (the demo model), not
            // the random-weight test model
            boolean tiny = folder.defaultSampleSize().isEmpty() && transformer.numLayers() <= 4
                    && transformer.innerDim() <= 512;
            int scale = vae.scaleFactor();
            return new ModelCapabilities(folder.family().kinds(), scale * transformer.patchSize(),
                    folder.family() == PipelineFolder.Family.QWEN_IMAGE_EDIT_PLUS ? 3 : 1, tiny,
                    folder.defaultSampleSize().orElse(DEFAULT_SAMPLE_SIZE) * scale, MAX_SIDE_PX);
        }
    }

    /** The engine environment of the default options (CPU, resident, float32). */
    static EngineEnvironment currentEnvironment() throws EngineException {
        EngineOptions o = EngineOptions.defaults();
        return currentEnvironment(Devices.resolve(o.device()), o);
    }

    /** The engine environment a model opened with {@code options} on {@code device} runs in. */
    static EngineEnvironment currentEnvironment(DeviceInfo device, EngineOptions options) throws EngineException {
        return currentEnvironment(device, options, computePrecision(device, options));
    }

    /** The environment of a model computing in {@code precision} (dtype and noise source follow it). */
    static EngineEnvironment currentEnvironment(DeviceInfo device, EngineOptions options, Precision precision)
            throws EngineException {
        return new EngineEnvironment(AppVersion.seedframe(), DjlRuntime.djlVersion(), DjlRuntime.libtorchVersion(),
                device.description(), precision.dtypeName(),
                precision == Precision.BF16 ? TorchCpuGenerator.ALGORITHM_BF16 : TorchCpuGenerator.ALGORITHM,
                Attention.describe(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                options.memoryMode().id(), options.cfgBatching().id());
    }

    /**
     * The dtype the denoiser computes in for {@code options}: bf16 when asked for on a GPU; the CPU computes
     * f32 (a full-width layer is 3–4× slower in bf16 on this project's AVX2 build machine, see the README's
     * Benchmarks), so a bf16 request there is computed, and recorded, as float32. {@link #open(Path,
     * Precision)} bypasses this rule.
     */
    static Precision computePrecision(DeviceInfo device, EngineOptions options) {
        return device.isGpu() ? options.precision() : Precision.F32;
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
        DeviceInfo device = Devices.resolve(options.device());
        Configs c = Configs.read(dir);
        List<String> missing = new ArrayList<>();
        Checkpoint tck = openOrCollect(c.folder().component("transformer"), "transformer", "diffusion_pytorch_model", missing);
        Checkpoint vck = openOrCollect(c.folder().component("vae"), "vae", "diffusion_pytorch_model", missing);
        Checkpoint eck = openOrCollect(c.folder().component("text_encoder"), "text_encoder", "model", missing);
        try {
            if (!missing.isEmpty()) {
                throw new WeightsException(String.join("\n", missing));
            }
            return info(c, tck, vck, eck, currentEnvironment(device, options));
        } finally {
            closeAll(tck, vck, eck);
        }
    }

    private static ModelInfo info(Configs c, Checkpoint tck, Checkpoint vck, Checkpoint eck, EngineEnvironment env)
            throws EngineException {
        PipelineFolder folder = c.folder();
        List<ComponentIdentity> ids = new ArrayList<>();
        ids.add(new ComponentIdentity("transformer", "QwenImageTransformer2DModel",
                configSha(folder, "transformer", "config.json"), tck.fingerprint()));
        ids.add(new ComponentIdentity("vae", "AutoencoderKLQwenImage", configSha(folder, "vae", "config.json"),
                vck.fingerprint()));
        ids.add(new ComponentIdentity("text_encoder", "Qwen2_5_VLForConditionalGeneration",
                configSha(folder, "text_encoder", "config.json"), eck.fingerprint()));
        ids.add(new ComponentIdentity("tokenizer", "Qwen2Tokenizer", folderSha(folder.component("tokenizer")), ""));
        ids.add(new ComponentIdentity("scheduler", SchedulerConfig.CLASS_NAME, c.scheduler().sha256(), ""));
        if (folder.family().needsProcessor()) {
            ids.add(new ComponentIdentity("processor", "Qwen2VLProcessor", folderSha(folder.component("processor")), ""));
        }
        ModelIdentity identity = new ModelIdentity(
                folder.dir().toAbsolutePath().normalize().getFileName().toString(), folder.pipelineClass(), ids);
        return new ModelInfo(identity, c.capabilities(), env);
    }

    /** Loads the model in {@code dir}; every problem with the folder is reported before weights are read. */
    public static QwenImageModel open(Path dir) throws EngineException {
        return open(dir, EngineOptions.defaults());
    }

    /**
     * Loads the model in {@code dir} on the device and in the memory mode of {@code options}; a GPU request
     * without a usable GPU runs on the CPU ({@link #device()} says why).
     */
    public static QwenImageModel open(Path dir, EngineOptions options) throws EngineException {
        DeviceInfo device = Devices.resolve(options.device());
        return open(dir, options, device, computePrecision(device, options));
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
        return open(dir, options, Devices.resolve(options.device()), options.precision());
    }

    private static QwenImageModel open(Path dir, EngineOptions options, DeviceInfo device, Precision precision)
            throws EngineException {
        MemoryMode mode = options.memoryMode();
        Configs c = Configs.read(dir);
        PipelineFolder folder = c.folder();
        List<String> missing = new ArrayList<>();
        Checkpoint tck = openOrCollect(folder.component("transformer"), "transformer", "diffusion_pytorch_model", missing);
        Checkpoint vck = openOrCollect(folder.component("vae"), "vae", "diffusion_pytorch_model", missing);
        Checkpoint eck = openOrCollect(folder.component("text_encoder"), "text_encoder", "model", missing);
        if (!missing.isEmpty()) {
            closeAll(tck, vck, eck);
            throw new WeightsException(String.join("\n", missing));
        }
        NDManager manager = null;
        QwenTokenizer tokenizer = null;
        try {
            ModelInfo info = info(c, tck, vck, eck, currentEnvironment(device, options, precision));
            eck.close();
            manager = DjlRuntime.engine().newBaseManager(Devices.djlDevice(device));
            // Declare and verify the large components before reading any weights, so that a mismatch in
            // either is reported without first loading the other.
            QwenImageTransformer transformer = new QwenImageTransformer(c.transformer(), WeightMap.of(tck));
            WeightMap vaeWeights = WeightMap.of(vck);
            QwenImageVae vae = new QwenImageVae(c.vae(), vaeWeights);
            List<String> mismatches = new ArrayList<>();
            verifyInto(transformer.weights(), mismatches);
            verifyInto(vaeWeights, mismatches);
            if (!mismatches.isEmpty()) {
                throw new WeightsException(String.join("\n", mismatches));
            }
            tokenizer = QwenTokenizer.load(folder.component("tokenizer"));
            Path encoderDir = folder.component("text_encoder");
            PromptEncoder.EncoderSource textEncoder;
            if (mode.offloadsTextEncoder()) {
                QwenVlTextEncoder.verify(encoderDir);
                textEncoder = offloaded(encoderDir, transformer, mode);
            } else {
                textEncoder = PromptEncoder.EncoderSource.resident(QwenVlTextEncoder.load(encoderDir, manager));
            }
            transformer.load(manager, mode, precision);
            vaeWeights.load(manager);
            // blocks are streamed or reloaded from the transformer checkpoint: it stays open with the model
            Checkpoint streamed = mode.offloadsTextEncoder() ? tck : null;
            closeAll(streamed == null ? tck : null, vck);
            FlowMatchEulerScheduler scheduler = new FlowMatchEulerScheduler(c.scheduler());
            NDManager m = manager;
            QwenTokenizer tok = tokenizer;
            TextEncoderConfig textConfig = c.textEncoder();
            EditLoader editLoader = folder.family().needsProcessor()
                    ? base -> QwenImageEditPipeline.load(folder, m, tok, textEncoder, textConfig, base, vae, scheduler,
                            mode.offloadsTextEncoder(), transformer::evictBlocks)
                    : null;
            return new QwenImageModel(folder, manager, tokenizer, transformer, vae, textEncoder, scheduler, info,
                    device, options, streamed, editLoader);
        } catch (EngineException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            if (manager != null) {
                manager.close();
            }
            closeAll(tck, vck, eck);
            if (e instanceof RuntimeException re) {
                NativeMemory.throwIfOutOfMemory(re, device, "loading the model (memory mode " + mode.id() + ")");
            }
            throw e;
        }
    }

    /** Loads the edit parts once the shared pipeline exists. */
    @FunctionalInterface
    private interface EditLoader {
        QwenImageEditPipeline load(QwenImagePipeline base) throws EngineException;
    }

    /**
     * The offloaded text encoder: for each new prompt the transformer's blocks leave the device, the encoder
     * is loaded onto it from its memory-mapped checkpoint, encodes, is freed with the encoding's work
     * manager, and the blocks come back when the denoising loop starts. So the text encoder and the transformer
     * blocks are never on the device together; embeddings are cached by prompt, so seeds and variants of a
     * prompt encode once. The int8 mode loads it with int8 Linears ({@link QwenVlTextEncoder#loadInt8}), a
     * quarter of its f32 size; stream-blocks streams its decoder layers one at a time ({@link
     * QwenVlTextEncoder#loadStreamed}), as it does the transformer's blocks.
     */
    private static PromptEncoder.EncoderSource offloaded(Path encoderDir, QwenImageTransformer transformer,
            MemoryMode mode) {
        return new PromptEncoder.EncoderSource() {
            private QwenVlTextEncoder current;

            @Override
            public QwenVlTextEncoder acquire(NDManager work) throws EngineException {
                transformer.evictBlocks();
                current = switch (mode) {
                    case INT8 -> QwenVlTextEncoder.loadInt8(encoderDir, work);
                    case STREAM_BLOCKS -> QwenVlTextEncoder.loadStreamed(encoderDir, work);
                    default -> QwenVlTextEncoder.load(encoderDir, work);
                };
                return current;
            }

            @Override
            public void released() {
                // the weights went with the work manager; a streamed encoder's checkpoint closes here. The blocks
                // come back when the denoising loop starts (QwenImagePipeline.denoise): a positive and a negative
                // prompt encode without the blocks travelling in between, and an image to encode with the VAE
                // (img2img, inpaint, edit) has the room too
                if (current != null) {
                    current.close();
                    current = null;
                }
            }
        };
    }

    private static void verifyInto(WeightMap w, List<String> problems) {
        try {
            w.verify();
        } catch (WeightsException e) {
            problems.add(e.getMessage());
        }
    }

    private static Checkpoint openOrCollect(Path dir, String name, String base, List<String> problems) {
        try {
            return Checkpoint.open(dir, name, base);
        } catch (WeightsException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static void closeAll(Checkpoint... cks) {
        for (Checkpoint c : cks) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static void checkConsistent(TransformerConfig tc, VaeConfig vc, TextEncoderConfig ec) throws WeightsException {
        List<String> p = new ArrayList<>();
        int patch = tc.patchSize();
        if (tc.inChannels() != vc.zDim() * patch * patch) {
            p.add("transformer in_channels " + tc.inChannels() + " must be z_dim × patch² = " + vc.zDim() * patch * patch
                    + " (vae z_dim " + vc.zDim() + ")");
        }
        if (tc.outChannels() != vc.zDim()) {
            p.add("transformer out_channels " + tc.outChannels() + " must equal vae z_dim " + vc.zDim());
        }
        if (tc.jointAttentionDim() != ec.hiddenSize()) {
            p.add("transformer joint_attention_dim " + tc.jointAttentionDim() + " must equal the text encoder's"
                    + " hidden_size " + ec.hiddenSize());
        }
        if (!p.isEmpty()) {
            throw new WeightsException("The model's components do not fit together:\n  " + String.join("\n  ", p));
        }
    }

    static String configSha(PipelineFolder folder, String component, String file) throws WeightsException {
        return sha256Files(List.of(folder.component(component).resolve(file)));
    }

    /** SHA-256 over every regular file of a weightless component folder (tokenizer, processor), by name. */
    static String folderSha(Path dir) throws WeightsException {
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new WeightsException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        return sha256Files(new ArrayList<>(files));
    }

    private static String sha256Files(List<Path> files) throws WeightsException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                md.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new WeightsException("Cannot read " + files + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ModelIdentity identity() {
        return identity;
    }

    @Override
    public ModelCapabilities capabilities() {
        return capabilities;
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
            NativeMemory.throwIfOutOfMemory(e, device, "generating");
            throw e;
        }
    }

    private GenerationOutput produce(GenerationRequest request, StepListener listener, CancellationToken cancel,
            PipelineTrace trace) throws EngineException {
        List<String> notes = new ArrayList<>();
        validate(request, notes);
        long t0 = System.nanoTime();
        QwenImagePipeline.Run run;
        Preservation preservation = null;
        try (NDManager gen = manager.newSubManager()) {
            switch (request.kind()) {
                case TEXT_TO_IMAGE -> run = pipeline.textToImage(request, gen, listener, cancel, trace, notes);
                case IMAGE_TO_IMAGE -> run = pipeline.imageToImage(request, source(request, notes), null, gen,
                        listener, cancel, trace, notes);
                case INPAINT, OUTPAINT -> {
                    RgbImage src;
                    Mask mask;
                    if (request.kind() == PipelineKind.INPAINT) {
                        src = source(request, notes);
                        mask = mask(request, notes);
                    } else {
                        OutpaintPlan plan = OutpaintPlan.of(request.images().get(0), request.outpaint(),
                                capabilities.sizeMultiple(), notes);
                        checkOutpaintSize(request, plan);
                        src = plan.canvas();
                        mask = plan.mask();
                    }
                    run = pipeline.imageToImage(request, src, mask, gen, listener, cancel, trace, notes);
                    if (!request.raw()) {
                        MaskOps.Composite comp = MaskOps.composite(src, run.image(),
                                MaskOps.compositeAlpha(mask, request.featherPx()));
                        preservation = comp.preservation();
                        notes.add(AdjustmentNotes.format(AdjustmentNotes.UNMASKED_KEPT, preservation.pixelsKept(),
                                request.featherPx(), preservation.resultSha256().substring(0, 16)));
                        run = new QwenImagePipeline.Run(comp.image(), run.stepsRun(), run.encodeNanos(),
                                run.denoiseNanos(), run.decodeNanos());
                    }
                }
                case EDIT -> run = edit.run(request, gen, listener, cancel, trace, notes);
                default -> throw new InvalidRequestException(request.kind().id() + " is not implemented yet");
            }
        } finally {
            transformer.clearCaches();
        }
        long total = System.nanoTime() - t0;
        Timings timings = new Timings(run.encodeNanos() / 1_000_000, run.denoiseNanos() / 1_000_000,
                run.decodeNanos() / 1_000_000, total / 1_000_000);
        return new GenerationOutput(run.image(), List.copyOf(notes), timings, run.stepsRun(), identity, environment,
                preservation);
    }

    /** The input image at the output size: resized with Pillow's Lanczos when needed, as diffusers does. */
    private static RgbImage source(GenerationRequest r, List<String> notes) {
        RgbImage img = r.images().get(0);
        if (img.width() == r.width() && img.height() == r.height()) {
            return img;
        }
        notes.add(AdjustmentNotes.format(AdjustmentNotes.INPUT_RESIZED, img.width(), img.height(), r.width(), r.height()));
        return PilResize.resize(img, r.width(), r.height(), PilResize.Filter.LANCZOS);
    }

    /** The mask at the output size (diffusers' mask processor resizes it with Lanczos too). */
    private static Mask mask(GenerationRequest r, List<String> notes) {
        Mask m = r.mask();
        if (m.width() == r.width() && m.height() == r.height()) {
            return m;
        }
        notes.add(AdjustmentNotes.format(AdjustmentNotes.MASK_RESIZED, m.width(), m.height(), r.width(), r.height()));
        return PilResize.resize(m, r.width(), r.height(), PilResize.Filter.LANCZOS);
    }

    private static void checkOutpaintSize(GenerationRequest r, OutpaintPlan plan) throws InvalidRequestException {
        if (plan.canvas().width() != r.width() || plan.canvas().height() != r.height()) {
            throw new InvalidRequestException("An outpaint's output size is its extended canvas: "
                    + plan.canvas().width() + "×" + plan.canvas().height() + ", but the request asks for "
                    + r.width() + "×" + r.height());
        }
    }

    /** Checks a request against this model; notes what the reference would silently do differently. */
    void validate(GenerationRequest r, List<String> notes) throws InvalidRequestException {
        if (!capabilities.kinds().contains(r.kind())) {
            throw new InvalidRequestException("This model (" + folder.pipelineClass() + ") cannot run "
                    + r.kind().id() + "; it runs " + kindsText());
        }
        if (r.prompt().isBlank()) {
            throw new InvalidRequestException("The prompt is empty: describe the image you want.");
        }
        if (r.seed() < 0) {
            throw new InvalidRequestException("The seed must be between 0 and " + Long.MAX_VALUE + ", got " + r.seed());
        }
        checkSide("width", r.width());
        checkSide("height", r.height());
        int minSteps = scheduler.minimumSteps();
        if (r.steps() < minSteps || r.steps() > MAX_STEPS) {
            throw new InvalidRequestException("Steps must be between " + minSteps + " and " + MAX_STEPS + ", got "
                    + r.steps() + (minSteps > 1 ? " (this model's scheduler stretches its schedule to a terminal"
                    + " value, which needs at least 2 steps)" : ""));
        }
        if (!Double.isFinite(r.cfg()) || r.cfg() < 0) {
            throw new InvalidRequestException("The CFG scale must be a number of 0 or more, got " + r.cfg());
        }
        if (r.maxSequenceLength() < 1 || r.maxSequenceLength() > GenerationRequest.MAX_SEQUENCE_LENGTH_LIMIT) {
            throw new InvalidRequestException("The max sequence length must be between 1 and "
                    + GenerationRequest.MAX_SEQUENCE_LENGTH_LIMIT + ", got " + r.maxSequenceLength());
        }
        validateInputs(r);
        if (r.cfg() > 1 && r.negativePrompt() == null) {
            notes.add(AdjustmentNotes.format(AdjustmentNotes.CFG_OFF, r.cfg()));
        } else if (r.negativePrompt() != null && r.cfg() <= 1) {
            notes.add(AdjustmentNotes.format(AdjustmentNotes.NEGATIVE_UNUSED, r.cfg()));
        }
    }

    /** Input images, mask, strength and outpaint extents of the image-conditioned kinds. */
    private void validateInputs(GenerationRequest r) throws InvalidRequestException {
        PipelineKind k = r.kind();
        if (k == PipelineKind.TEXT_TO_IMAGE) {
            return;
        }
        if (k == PipelineKind.EDIT) {
            validateEditInputs(r);
            return;
        }
        if (r.images().size() != 1) {
            throw new InvalidRequestException(k.id() + " needs exactly one input image, got " + r.images().size());
        }
        RgbImage img = r.images().get(0);
        int m = capabilities.sizeMultiple();
        if (img.width() < m || img.height() < m) {
            throw new InvalidRequestException("The input image is " + img.width() + "×" + img.height()
                    + " pixels: too small for this model (at least " + m + " pixels on each side)");
        }
        if (img.width() > MAX_INPUT_SIDE_PX || img.height() > MAX_INPUT_SIDE_PX) {
            throw new InvalidRequestException("The input image is " + img.width() + "×" + img.height()
                    + " pixels: too large (at most " + MAX_INPUT_SIDE_PX + " pixels on each side)");
        }
        if (!(r.strength() > 0 && r.strength() <= 1)) {
            throw new InvalidRequestException("The strength must be greater than 0 and at most 1, got " + r.strength());
        }
        if (FlowMatchEulerScheduler.strengthWindow(r.steps(), r.strength()).stepsRun() < 1) {
            throw new InvalidRequestException("With strength " + r.strength() + " and " + r.steps()
                    + " steps no denoising step would run; raise the strength or the steps");
        }
        if (r.featherPx() < 0 || r.featherPx() > MAX_FEATHER_PX) {
            throw new InvalidRequestException("The feather width must be between 0 and " + MAX_FEATHER_PX
                    + " pixels, got " + r.featherPx());
        }
        if (k == PipelineKind.INPAINT) {
            Mask mask = r.mask();
            if (mask == null) {
                throw new InvalidRequestException("Inpainting needs a mask (white = repaint, black = keep)");
            }
            if (mask.width() != img.width() || mask.height() != img.height()) {
                throw new InvalidRequestException("The mask is " + mask.width() + "×" + mask.height()
                        + " but the image is " + img.width() + "×" + img.height() + "; they must be the same size");
            }
            if (MaskOps.binarizedIsEmpty(mask)) {
                throw new InvalidRequestException(mask.isEmpty()
                        ? "The mask has nothing painted: paint the region to repaint in white"
                        : "The mask has no pixel at 50% or more: nothing would be repainted (white = repaint)");
            }
        }
        if (k == PipelineKind.OUTPAINT && (r.outpaint() == null || r.outpaint().isEmpty())) {
            throw new InvalidRequestException("Outpainting needs an amount to add on at least one side");
        }
    }

    /** One input image for Qwen-Image-Edit, one to {@code maxImages} for Edit Plus, each of a usable size. */
    private void validateEditInputs(GenerationRequest r) throws InvalidRequestException {
        int max = capabilities.maxImages();
        int n = r.images().size();
        if (n < 1 || n > max) {
            throw new InvalidRequestException("This edit model (" + folder.pipelineClass() + ") takes "
                    + (max == 1 ? "exactly one input image" : "1 to " + max + " input images") + ", got " + n);
        }
        if (r.conditionSize() < MIN_CONDITION_SIZE || r.conditionSize() > MAX_CONDITION_SIZE) {
            throw new InvalidRequestException("The condition size must be between " + MIN_CONDITION_SIZE + " and "
                    + MAX_CONDITION_SIZE + " pixels (the reference uses " + GenerationRequest.DEFAULT_CONDITION_SIZE
                    + "), got " + r.conditionSize());
        }
        for (int i = 0; i < n; i++) {
            RgbImage img = r.images().get(i);
            String what = n == 1 ? "The input image" : "Input image " + (i + 1);
            if (img.width() > MAX_INPUT_SIDE_PX || img.height() > MAX_INPUT_SIDE_PX) {
                throw new InvalidRequestException(what + " is " + img.width() + "×" + img.height()
                        + " pixels: too large (at most " + MAX_INPUT_SIDE_PX + " pixels on each side)");
            }
            double aspect = (double) Math.max(img.width(), img.height()) / Math.min(img.width(), img.height());
            if (aspect > 16) {
                throw new InvalidRequestException(what + " is " + img.width() + "×" + img.height()
                        + " pixels: its aspect ratio is above 16:1, too extreme for the edit model's one-megapixel"
                        + " conditioning");
            }
        }
    }

    /**
     * The output size the edit reference picks when none is given: about one megapixel at the aspect
     * ratio of the (last) input image, floored to the model's size multiple ({@code {width, height}}).
     */
    public static int[] defaultEditSize(List<RgbImage> images, int sizeMultiple) {
        return QwenImageEditPipeline.defaultOutputSize(images, sizeMultiple);
    }

    private void checkSide(String what, int px) throws InvalidRequestException {
        int m = capabilities.sizeMultiple();
        if (px < m || px > MAX_SIDE_PX) {
            throw new InvalidRequestException("The " + what + " must be between " + m + " and " + MAX_SIDE_PX
                    + " pixels, got " + px);
        }
        if (px % m != 0) {
            int lo = px / m * m;
            throw new InvalidRequestException(String.format(Locale.ROOT,
                    "The %s %d is not a multiple of %d (this model's VAE factor %d × patch size %d); use %d or %d",
                    what, px, m, vae.scaleFactor(), transformer.config().patchSize(), lo, lo + m));
        }
    }

    private String kindsText() {
        List<String> k = new ArrayList<>();
        for (PipelineKind p : capabilities.kinds()) {
            k.add(p.id());
        }
        return String.join(", ", k);
    }

    public Path dir() {
        return folder.dir();
    }

    /** The dtype the denoising loop computes in. */
    public Precision precision() {
        return transformer.precision();
    }

    /**
     * How true CFG runs its two passes: {@link CfgBatching#SEPARATE} (default) as two calls, as diffusers does;
     * {@link CfgBatching#BATCHED} or {@link CfgBatching#AUTO} (one call when the memory rule allows, see {@code
     * QwenImagePipeline.batchCfg}) for speed, at the cost of the last bits (see {@link CfgBatching}).
     */
    public void setCfgBatching(CfgBatching mode) {
        pipeline.cfgBatching(mode);
        environment = environment.withCfgBatching(mode.id()); // what the next generation records
    }

    public CfgBatching cfgBatching() {
        return pipeline.cfgBatching();
    }

    /** Whether a CFG step over {@code tokens} joint tokens would run as one batch-2 call now. */
    boolean wouldBatchCfg(long tokens) {
        return pipeline.batchCfg(tokens);
    }

    /** Test hook: a bf16 run draws f32 noise rounded to bf16 instead of torch's bf16 draw. */
    void useRoundedF32NoiseForBf16(boolean on) {
        pipeline.bf16NativeNoise(!on);
    }

    /** Arrays held by the model's manager and its children (weights and constants only, between runs). */
    int managerArrayCount() {
        return manager.getManagedArrays().size();
    }

    /** Whether the transformer blocks are off the device between runs (int8 evicts them for the decode). */
    boolean transformerBlocksEvicted() {
        return transformer.blocksEvicted();
    }

    /** Prompt-cache hits and misses since loading (tests, diagnostics). */
    int[] promptCacheStats() {
        return new int[] {prompts.hits(), prompts.misses()};
    }

    /** The device this model runs on (and why it is the CPU when a GPU was asked for). */
    public DeviceInfo device() {
        return device;
    }

    /** The options the model was opened with. */
    public EngineOptions options() {
        return options;
    }

    @Override
    public void close() {
        prompts.close();
        tokenizer.close();
        manager.close();
        if (streamedCheckpoint != null) {
            streamedCheckpoint.close();
        }
    }
}
