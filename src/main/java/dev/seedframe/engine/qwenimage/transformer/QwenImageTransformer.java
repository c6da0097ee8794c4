package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.RmsNorm;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.rng.BFloat16;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.Bf16GuardException;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Qwen-Image MMDiT denoiser, mirroring diffusers' {@code QwenImageTransformer2DModel} (<a
 * href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/transformers/transformer_qwenimage.py">transformer_qwenimage.py</a>).
 *
 * <pre>
 *   x    = img_in(hidden_states)                       image tokens → D
 *   c    = txt_in(txt_norm(encoder_hidden_states))     text tokens → D (RMSNorm first)
 *   temb = time_text_embed(timestep)
 *   rope = pos_embed(img_shapes, T)
 *   for each block: (c, x) = block(x, c, temb, rope, mask)
 *   out  = proj_out(norm_out(x, temb))
 * </pre>
 *
 * <p>Usage: {@code new QwenImageTransformer(config, weights)} declares every parameter; {@link
 * #load(NDManager)} verifies them against the checkpoint and materialises them ({@link #open} does
 * both from a folder). The model is not thread-safe: run it on the engine thread.
 *
 * <p>Dimension letters: B batch, N image tokens, T text tokens, C input features per image token
 * ({@code in_channels}), J text width ({@code joint_attention_dim}), D inner width, O output features
 * ({@code patch²·out_channels}).
 */
public final class QwenImageTransformer {

    /** RMSNorm epsilon of {@code txt_norm} ({@code RMSNorm(joint_attention_dim, eps=1e-6)}). */
    static final float TXT_NORM_EPS = 1e-6f;

    private final TransformerConfig config;
    private final WeightMap weights;

    private final Linear imgIn;
    private final RmsNorm txtNorm;
    private final Linear txtIn;
    private final QwenTimestepProjEmbeddings timeTextEmbed;
    private final QwenEmbedRope posEmbed;
    private final List<QwenImageTransformerBlock> transformerBlocks;
    /** Each block's view of the checkpoint ({@code transformer_blocks.N}), for streaming and int8. */
    private final List<WeightMap> blockWeights;
    private final AdaLayerNormContinuous normOut;
    private final Linear projOut;

    private NDManager manager;
    private MemoryMode mode = MemoryMode.RESIDENT;
    private boolean blocksEvicted;
    /** Checked between blocks, so that a cancel does not wait for the rest of a (long) step; null: none. */
    private volatile CancellationToken cancel;
    private Precision precision = Precision.F32;

    /** Declares every parameter of {@code config}'s architecture under {@code w} (nothing is read). */
    public QwenImageTransformer(TransformerConfig config, WeightMap w) {
        this.config = config;
        this.weights = w;
        int d = config.innerDim();
        this.imgIn = new Linear(w.prefix("img_in"), config.inChannels(), d, true);
        this.txtNorm = new RmsNorm(w.prefix("txt_norm"), config.jointAttentionDim(), TXT_NORM_EPS);
        this.txtIn = new Linear(w.prefix("txt_in"), config.jointAttentionDim(), d, true);
        this.timeTextEmbed = new QwenTimestepProjEmbeddings(w.prefix("time_text_embed"), d);
        this.posEmbed = new QwenEmbedRope(config.axesDimsRope());
        List<QwenImageTransformerBlock> blocks = new ArrayList<>();
        List<WeightMap> bw = new ArrayList<>();
        for (int i = 0; i < config.numLayers(); i++) {
            WeightMap bwi = w.prefix("transformer_blocks." + i);
            bw.add(bwi);
            blocks.add(new QwenImageTransformerBlock(bwi, config));
        }
        this.transformerBlocks = List.copyOf(blocks);
        this.blockWeights = List.copyOf(bw);
        this.normOut = new AdaLayerNormContinuous(w.prefix("norm_out"), d, d);
        this.projOut = new Linear(w.prefix("proj_out"), d, config.outFeatures(), true);
    }

    /**
     * Reads {@code transformer/config.json} and the checkpoint in {@code transformerDir}, declares,
     * verifies and loads everything on {@code manager}. The checkpoint files are closed again: the
     * loaded arrays keep their own references to the mapped tensor data.
     */
    public static QwenImageTransformer open(Path transformerDir, NDManager manager) throws EngineException {
        TransformerConfig config = TransformerConfig.fromJson(transformerDir.resolve("config.json"));
        try (Checkpoint checkpoint = Checkpoint.open(transformerDir, "transformer", "diffusion_pytorch_model")) {
            QwenImageTransformer model = new QwenImageTransformer(config, WeightMap.of(checkpoint));
            model.load(manager);
            return model;
        }
    }

    /** {@link #open(Path, NDManager)} computing in {@code precision} (weights converted once, at load). */
    public static QwenImageTransformer open(Path transformerDir, NDManager manager, Precision precision)
            throws EngineException {
        TransformerConfig config = TransformerConfig.fromJson(transformerDir.resolve("config.json"));
        try (Checkpoint checkpoint = Checkpoint.open(transformerDir, "transformer", "diffusion_pytorch_model")) {
            QwenImageTransformer model = new QwenImageTransformer(config, WeightMap.of(checkpoint));
            model.load(manager, MemoryMode.RESIDENT, precision);
            return model;
        }
    }

    /**
     * Verifies every declared parameter against the checkpoint (one exception listing every missing,
     * unexpected or mis-shaped tensor), then materialises them as f32 on {@code manager}, which also
     * holds the model's constants and cached RoPE tables.
     */
    public void load(NDManager manager) throws WeightsException {
        load(manager, MemoryMode.RESIDENT);
    }

    /**
     * {@link #load(NDManager)} with a weight placement:
     *
     * <ul>
     *   <li>{@link MemoryMode#RESIDENT}, {@link MemoryMode#OFFLOAD_TEXT_ENCODER}: every weight on {@code
     *       manager}'s device;
     *   <li>{@link MemoryMode#STREAM_BLOCKS}: everything but the blocks; each block's weights are read from the
     *       memory-mapped checkpoint onto the device just before the block runs and freed after it (the
     *       checkpoint must stay open as long as the model);
     *   <li>{@link MemoryMode#INT8}: block by block, the f32 weights are loaded, every Linear is quantised to
     *       int8 ({@link dev.seedframe.engine.nn.Int8Linear}) and the f32 copy freed before the next block,
     *       so at most one block is ever held in f32.
     * </ul>
     */
    public void load(NDManager manager, MemoryMode mode) throws WeightsException {
        load(manager, mode, Precision.F32);
    }

    /** Every weight resident, computing in {@code precision}. */
    public void load(NDManager manager, Precision precision) throws WeightsException {
        load(manager, MemoryMode.RESIDENT, precision);
    }

    /**
     * {@link #load(NDManager, MemoryMode)} computing in {@code precision}: with {@link Precision#BF16} every
     * weight is held as bf16 (converted once per load or per streamed block, through the TorchScript helper;
     * BF16 checkpoint tensors are taken as raw bits) and {@link #forward} computes in bf16. {@link
     * MemoryMode#INT8} keeps f32 activations and cannot be combined with bf16.
     */
    public void load(NDManager manager, MemoryMode mode, Precision precision) throws WeightsException {
        String refusal = mode.refusal(precision);
        if (refusal != null) {
            throw new WeightsException("Cannot load the transformer: " + refusal + ".");
        }
        this.mode = mode;
        this.precision = precision;
        if (mode == MemoryMode.STREAM_BLOCKS || mode == MemoryMode.INT8) {
            java.util.Set<Param> blockParams = new java.util.HashSet<>();
            blockWeights.forEach(bw -> blockParams.addAll(bw.declared()));
            weights.loadExcept(blockParams::contains, manager, precision);
        } else {
            weights.load(manager, precision);
        }
        this.manager = manager;
        if (mode == MemoryMode.INT8) {
            quantizeBlocks();
        }
        for (QwenImageTransformerBlock block : transformerBlocks) {
            block.initNorms(manager);
        }
        normOut.initNorm(manager);
    }

    /** Loads and quantises block by block, so that at most one block is held in f32 at a time. */
    private void quantizeBlocks() throws WeightsException {
        for (int i = 0; i < transformerBlocks.size(); i++) {
            blockWeights.get(i).loadParams(blockWeights.get(i).declared(), manager);
            for (Linear l : transformerBlocks.get(i).linears()) {
                l.quantizeInt8(manager);
            }
        }
    }

    /**
     * Frees the blocks' weights on the device (the text encoder is about to use it, {@link
     * MemoryMode#offloadsTextEncoder()}); {@link #restoreBlocks()} brings them back from the memory-mapped
     * checkpoint, which must still be open. Streamed blocks hold nothing between calls; int8 blocks drop their
     * codes and are quantised again on restore (deterministic: the same codes).
     */
    public void evictBlocks() {
        if (mode == MemoryMode.STREAM_BLOCKS || blocksEvicted) {
            return;
        }
        blocksEvicted = true;
        releaseBlocks();
    }

    private void releaseBlocks() {
        for (int i = 0; i < transformerBlocks.size(); i++) {
            blockWeights.get(i).declared().forEach(Param::release);
            for (Linear l : transformerBlocks.get(i).linears()) {
                l.dropInt8();
            }
        }
    }

    /** Reloads what {@link #evictBlocks()} freed; nothing to do when the blocks are on the device. */
    public void restoreBlocks() throws WeightsException {
        if (mode == MemoryMode.STREAM_BLOCKS || !blocksEvicted) {
            return;
        }
        try {
            if (mode == MemoryMode.INT8) {
                quantizeBlocks();
            } else {
                for (WeightMap bw : blockWeights) {
                    bw.loadParams(bw.declared(), manager, precision);
                }
            }
        } catch (WeightsException | RuntimeException e) {
            // e.g. out of device memory halfway: free what came back, so a retry starts from nothing
            releaseBlocks();
            throw e;
        }
        blocksEvicted = false;
    }

    /** The token checked between blocks while a run lasts ({@code null} when none is running). */
    public void cancelBetweenBlocks(CancellationToken token) {
        this.cancel = token;
    }

    /** Thrown between blocks inside a scope (which takes no checked exception); forward turns it around. */
    private static final class CancelledBetweenBlocks extends RuntimeException {
        CancelledBetweenBlocks() {
            super(null, null, false, false);
        }
    }

    /** Whether the blocks' weights are off the device ({@link #evictBlocks()}) until {@link #restoreBlocks()}. */
    public boolean blocksEvicted() {
        return blocksEvicted;
    }

    /** The weight placement chosen at {@link #load(NDManager, MemoryMode)}. */
    public MemoryMode memoryMode() {
        return mode;
    }

    public TransformerConfig config() {
        return config;
    }

    /** The dtype {@link #forward} computes in. */
    public Precision precision() {
        return precision;
    }

    /** The declared parameters (for verification before loading). */
    public WeightMap weights() {
        return weights;
    }

    /**
     * One denoiser call.
     *
     * @param hiddenStates packed latents {@code [B, N, C]} (edit: noise tokens, then reference tokens)
     * @param encoderHiddenStates prompt embeddings {@code [B, T, J]}
     * @param encoderMask null (every text token valid) or {@code [B, T]} with 1 = valid, 0 = padding
     * @param timestep {@code [B]} (or {@code [1]} for the whole batch): σ, i.e. the scheduler's t/1000
     * @param imgShapes image segments in sequence order, shared by the whole batch; their tokens must
     *     add up to N
     * @return the velocity {@code [B, N, O]}, on {@code hiddenStates}' manager: f32, or with {@link
     *     Precision#BF16} a bf16 tensor (DJL shows it as UNKNOWN: hand it only to {@code SeedframeOps})
     * @throws Bf16GuardException when an f32 model is given bf16 inputs
     */
    public NDArray forward(
            NDArray hiddenStates,
            NDArray encoderHiddenStates,
            NDArray encoderMask,
            NDArray timestep,
            List<ImageShape> imgShapes)
            throws EngineException {
        if (manager == null) {
            throw new IllegalStateException("QwenImageTransformer.forward called before load()");
        }
        if (blocksEvicted) {
            throw new IllegalStateException("QwenImageTransformer.forward called with the blocks evicted:"
                    + " restoreBlocks() first");
        }
        boolean bf16 = precision == Precision.BF16;
        if (!bf16) {
            Bf16.requireNotBf16("QwenImageTransformer.forward (loaded in float32)", hiddenStates, encoderHiddenStates,
                    encoderMask, timestep);
        }
        long[] hs = shapeOf(hiddenStates, "hidden_states", 3, bf16);
        long[] es = shapeOf(encoderHiddenStates, "encoder_hidden_states", 3, bf16);
        long b = hs[0];
        long n = hs[1];
        long t = es[1];
        if (hs[2] != config.inChannels()) {
            throw new InvalidRequestException("hidden_states must have " + config.inChannels()
                    + " features per token (transformer in_channels), found " + hiddenStates.getShape());
        }
        if (es[0] != b || es[2] != config.jointAttentionDim()) {
            throw new InvalidRequestException("encoder_hidden_states must be [" + b + ", T, "
                    + config.jointAttentionDim() + "] for hidden_states " + hiddenStates.getShape() + ", found "
                    + encoderHiddenStates.getShape());
        }
        if (t == 0) {
            throw new InvalidRequestException("encoder_hidden_states holds no text tokens");
        }
        long[] ts = timestep.getShape().getShape();
        if (ts.length != 1 || (ts[0] != b && ts[0] != 1)) {
            throw new InvalidRequestException(
                    "timestep must be [" + b + "] (or [1]), found " + timestep.getShape());
        }
        float[] maskValues = maskValues(encoderMask, b, t);
        if (imgShapes == null || imgShapes.isEmpty()) {
            throw new InvalidRequestException("img_shapes must list at least one image segment");
        }
        long tokens = 0;
        for (ImageShape s : imgShapes) {
            tokens += s.tokens();
        }
        if (tokens != n) {
            throw new InvalidRequestException("img_shapes " + imgShapes + " describe " + tokens
                    + " image tokens but hidden_states holds " + n);
        }
        QwenEmbedRope.Freqs rope = posEmbed.freqs(imgShapes, Math.toIntExact(t), manager);
        try {
            if (bf16) {
                return forwardBf16(hiddenStates, encoderHiddenStates, timestep, maskValues, rope, b, t, n);
            }
            return forwardF32(hiddenStates, encoderHiddenStates, timestep, maskValues, rope, b, t, n);
        } catch (CancelledBetweenBlocks e) {
            throw new CancelledException("Cancelled during a step");
        }
    }

    private NDArray forwardF32(NDArray hiddenStates, NDArray encoderHiddenStates, NDArray timestep,
            float[] maskValues, QwenEmbedRope.Freqs rope, long b, long t, long n) {
        return Scopes.keep(() -> {
            NDArray x = imgIn.forward(hiddenStates); // [B, N, D]
            NDArray c = txtIn.forward(txtNorm.forward(encoderHiddenStates)); // [B, T, D]
            NDArray temb = timeTextEmbed.forward(timestep); // [B, D]
            NDArray mask = maskValues == null ? null : jointMask(hiddenStates.getManager(), maskValues, b, t, n);
            return projOut.forward(normOut.forward(runBlocks(x, c, temb, rope, mask), temb)); // [B, N, O]
        });
    }

    /**
     * The bf16 forward, as diffusers runs the model with {@code torch_dtype=bfloat16}: inputs rounded to bf16
     * ({@code timestep.to(hidden_states.dtype)} included), bf16 weights and activations, f32 only where the
     * reference keeps it (RoPE tables and rotation, norm statistics, the timestep sinusoid). Every op on a
     * bf16 tensor goes through the TorchScript helper.
     */
    private NDArray forwardBf16(NDArray hiddenStates, NDArray encoderHiddenStates, NDArray timestep,
            float[] maskValues, QwenEmbedRope.Freqs rope, long b, long t, long n) throws EngineException {
        SeedframeOps ops = SeedframeOps.get();
        float[] ts = timestepValues(timestep);
        for (int i = 0; i < ts.length; i++) {
            ts[i] = BFloat16.round(ts[i]); // timestep.to(hidden_states.dtype)
        }
        NDManager m = hiddenStates.getManager();
        return Scopes.keep(() -> {
            NDArray hs = Bf16.isBf16(hiddenStates) ? hiddenStates : ops.toBf16(hiddenStates);
            NDArray es = Bf16.isBf16(encoderHiddenStates) ? encoderHiddenStates : ops.toBf16(encoderHiddenStates);
            NDArray x = imgIn.forward(hs); // [B, N, D]
            NDArray c = txtIn.forward(txtNorm.forward(es)); // [B, T, D]
            NDArray temb = timeTextEmbed.forwardBf16(m.create(ts)); // [B, D]
            NDArray mask = maskValues == null ? null : jointMask(m, maskValues, b, t, n);
            return projOut.forward(normOut.forward(runBlocks(x, c, temb, rope, mask), temb)); // [B, N, O] bf16
        });
    }

    private static float[] timestepValues(NDArray timestep) throws InvalidRequestException {
        if (timestep.getDataType() == DataType.FLOAT32) {
            return timestep.toFloatArray();
        }
        if (timestep.getDataType() == DataType.FLOAT64) {
            double[] d = timestep.toDoubleArray();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new InvalidRequestException("timestep must be float32, found " + timestep.getDataType());
    }

    /**
     * The dual-stream blocks in order (streaming each block's weights in {@link MemoryMode#STREAM_BLOCKS});
     * frees x and c as it goes and returns the image stream.
     */
    private NDArray runBlocks(NDArray x, NDArray c, NDArray temb, QwenEmbedRope.Freqs rope, NDArray mask) {
        for (int i = 0; i < transformerBlocks.size(); i++) {
            CancellationToken token = cancel;
            if (i > 0 && token != null && token.isCancelled()) {
                throw new CancelledBetweenBlocks(); // x and c belong to the enclosing scope, which frees them
            }
            QwenImageTransformerBlock block = transformerBlocks.get(i);
            List<Param> streamed = mode == MemoryMode.STREAM_BLOCKS ? blockWeights.get(i).declared() : null;
            NDList out;
            if (streamed != null) {
                try {
                    streamIn(blockWeights.get(i), streamed);
                    out = block.forward(x, c, temb, rope, mask);
                } finally {
                    streamed.forEach(Param::release);
                }
            } else {
                out = block.forward(x, c, temb, rope, mask);
            }
            release(x);
            release(c);
            c = out.get(0);
            x = out.get(1);
        }
        release(c);
        return x;
    }

    /** Streams one block's weights onto the device ({@link MemoryMode#STREAM_BLOCKS}). */
    private void streamIn(WeightMap blockMap, List<Param> params) {
        try {
            blockMap.loadParams(params, manager, precision);
        } catch (WeightsException e) {
            // verified at load time: only a checkpoint changed or removed since then gets here
            throw new IllegalStateException("Streaming the transformer's weights failed (was the model folder"
                    + " changed while the model was loaded?): " + e.getMessage(), e);
        }
    }

    /** Frees a block's input as soon as the next block's output exists. */
    private static void release(NDArray a) {
        NDScope.unregister(a);
        a.close();
    }

    /**
     * Reads the text mask on the host; returns null when there is none or every token is valid (the
     * attention is then identical without a mask).
     */
    private static float[] maskValues(NDArray mask, long b, long t) throws InvalidRequestException {
        if (mask == null) {
            return null;
        }
        if (!Arrays.equals(mask.getShape().getShape(), new long[] {b, t})) {
            throw new InvalidRequestException("encoder_hidden_states_mask must be [" + b + ", " + t
                    + "] like the text embeddings, found " + mask.getShape());
        }
        float[] v;
        if (mask.getDataType() == DataType.FLOAT32) {
            v = mask.toFloatArray();
        } else {
            try (NDArray f = mask.toType(DataType.FLOAT32, false)) {
                NDScope.unregister(f);
                v = f.toFloatArray();
            }
        }
        boolean allValid = true;
        for (float x : v) {
            if (x == 0f) {
                allValid = false;
            } else if (Float.isNaN(x)) {
                throw new InvalidRequestException("encoder_hidden_states_mask holds NaN");
            }
        }
        return allValid ? null : v;
    }

    /**
     * The joint key mask {@code [B, 1, 1, T+N]}: text keys whose mask is 0 get −∞ (as a boolean mask
     * does in SDPA); image keys are always attended.
     */
    private static NDArray jointMask(NDManager m, float[] textMask, long b, long t, long n) {
        int s = Math.toIntExact(t + n);
        float[] add = new float[Math.toIntExact(b * s)];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                add[i * s + j] = textMask[(int) (i * t + j)] != 0f ? 0f : Float.NEGATIVE_INFINITY;
            }
        }
        return m.create(add, new Shape(b, 1, 1, s)); // [B, 1, 1, S]
    }

    private static long[] shapeOf(NDArray a, String name, int rank, boolean bf16Allowed)
            throws InvalidRequestException {
        if (a == null) {
            throw new InvalidRequestException(name + " is required");
        }
        long[] s = a.getShape().getShape();
        if (s.length != rank) {
            throw new InvalidRequestException(name + " must have " + rank + " dimensions, found " + a.getShape());
        }
        if (a.getDataType() != DataType.FLOAT32 && !(bf16Allowed && Bf16.isBf16(a))) {
            throw new InvalidRequestException(name + " must be float32" + (bf16Allowed ? " or bfloat16" : "")
                    + ", found " + a.getDataType());
        }
        return s;
    }

    /** Releases the cached RoPE tables (the weights stay on the model's manager). */
    public void clearCaches() {
        posEmbed.clear();
    }

    /** The RoPE tables this model uses for {@code imgShapes} and {@code textLen} (tests, debugging). */
    public QwenEmbedRope.Freqs ropeFreqs(List<ImageShape> imgShapes, int textLen) throws InvalidRequestException {
        if (manager == null) {
            throw new IllegalStateException("QwenImageTransformer used before load()");
        }
        return posEmbed.freqs(imgShapes, textLen, manager);
    }
}
