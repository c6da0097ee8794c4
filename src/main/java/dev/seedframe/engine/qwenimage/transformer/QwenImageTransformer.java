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
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.nn.RmsNorm;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.runtime.torchscript.Bf16GuardException;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

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
 * <p>Usage: {@code new QwenImageTransformer(config, weights, ops)} declares every parameter, computed by {@code
 * ops} (f32 or bf16, {@link Ops}); {@link #load(NDManager)} verifies them against the checkpoint and materialises
 * them in the ops' dtype ({@link #open} does both from a folder). The model holds no state of a run; it is not
 * thread-safe: run it on the engine thread.
 *
 * <p>Dimension letters: B batch, N image tokens, T text tokens, C input features per image token
 * ({@code in_channels}), J text width ({@code joint_attention_dim}), D inner width, O output features
 * ({@code patch²·out_channels}).
 */
public final class QwenImageTransformer {

    /** RMSNorm epsilon of {@code txt_norm} ({@code RMSNorm(joint_attention_dim, eps=1e-6)}). */
    static final float TXT_NORM_EPS = 1e-6f;

    /** The blocks' checkpoint prefix ({@code transformer_blocks.N}). */
    static final String BLOCKS_PREFIX = "transformer_blocks";

    private final TransformerConfig config;
    private final WeightMap weights;
    private final Ops ops;

    private final Linear imgIn;
    private final RmsNorm txtNorm;
    private final Linear txtIn;
    private final QwenTimestepProjEmbeddings timeTextEmbed;
    private final QwenEmbedRope posEmbed;
    private final List<QwenImageTransformerBlock> transformerBlocks;
    private final BlockPlacement placement;
    private final AdaLayerNormContinuous normOut;
    private final Linear projOut;

    private NDManager manager;

    /** Declares every parameter of {@code config}'s architecture under {@code w} (nothing is read). */
    public QwenImageTransformer(TransformerConfig config, WeightMap w, Ops ops) {
        this.config = config;
        this.weights = w;
        this.ops = ops;
        int d = config.innerDim();
        this.imgIn = ops.newLinear(w.prefix("img_in"), config.inChannels(), d, true);
        this.txtNorm = new RmsNorm(ops, w.prefix("txt_norm"), config.jointAttentionDim(), TXT_NORM_EPS);
        this.txtIn = ops.newLinear(w.prefix("txt_in"), config.jointAttentionDim(), d, true);
        this.timeTextEmbed = new QwenTimestepProjEmbeddings(w.prefix("time_text_embed"), d, ops);
        this.posEmbed = new QwenEmbedRope(config.axesDimsRope());
        List<QwenImageTransformerBlock> blocks = new ArrayList<>();
        List<WeightMap> bw = new ArrayList<>();
        for (int i = 0; i < config.numLayers(); i++) {
            WeightMap bwi = w.prefix(BLOCKS_PREFIX + "." + i);
            bw.add(bwi);
            blocks.add(new QwenImageTransformerBlock(bwi, config, ops));
        }
        this.transformerBlocks = List.copyOf(blocks);
        this.placement = new BlockPlacement(transformerBlocks, List.copyOf(bw), ops.precision());
        this.normOut = new AdaLayerNormContinuous(w.prefix("norm_out"), d, d, ops);
        this.projOut = ops.newLinear(w.prefix("proj_out"), d, config.outFeatures(), true);
    }

    /**
     * Reads {@code transformer/config.json} and the checkpoint in {@code transformerDir}, declares, verifies and
     * loads everything on {@code manager}, computed by {@code ops} (weights converted once, at load, to its dtype).
     * The checkpoint files are closed again: the loaded arrays keep their own references to the mapped tensor data.
     */
    public static QwenImageTransformer open(Path transformerDir, NDManager manager, Ops ops, EngineRuntime runtime)
            throws EngineException {
        TransformerConfig config = TransformerConfig.fromJson(transformerDir.resolve("config.json"));
        try (Checkpoint checkpoint = Checkpoint.open(transformerDir, "transformer", "diffusion_pytorch_model")) {
            QwenImageTransformer model = new QwenImageTransformer(config, WeightMap.of(checkpoint, runtime), ops);
            model.load(manager);
            return model;
        }
    }

    /**
     * Verifies every declared parameter against the checkpoint (one exception listing every missing,
     * unexpected or mis-shaped tensor), then materialises them on {@code manager}, which also
     * holds the model's cached RoPE tables.
     */
    public void load(NDManager manager) throws WeightsException {
        load(manager, MemoryMode.RESIDENT);
    }

    /**
     * {@link #load(NDManager)} with a weight placement for the blocks ({@link BlockPlacement}). Weights are held in
     * the dtype the model computes in: with bf16 every weight is converted once per load or per streamed block,
     * through the TorchScript helper (BF16 checkpoint tensors are taken as raw bits). {@link MemoryMode#INT8} keeps
     * f32 activations and cannot be combined with bf16.
     */
    public void load(NDManager manager, MemoryMode mode) throws WeightsException {
        String refusal = mode.refusal(ops.precision());
        if (refusal != null) {
            throw new WeightsException("Cannot load the transformer: " + refusal + ".");
        }
        if (BlockPlacement.loadsBlocksLater(mode)) {
            weights.loadExcept(placement.params()::contains, manager, ops.precision());
        } else {
            weights.load(manager, ops.precision());
        }
        this.manager = manager;
        placement.place(manager, mode);
    }

    /**
     * Frees the blocks' weights on the device (the text encoder or the VAE is about to use it); {@link
     * #restoreBlocks()} brings them back from the memory-mapped checkpoint, which must still be open.
     */
    public void evictBlocks() {
        placement.evict();
    }

    /** Reloads what {@link #evictBlocks()} freed; nothing to do when the blocks are on the device. */
    public void restoreBlocks() throws WeightsException {
        placement.restore();
    }

    /**
     * Materialises the weights {@code params} again from the checkpoint, because their load-time adjustment changed
     * (a merged LoRA): the ones outside the blocks now, the blocks' as their placement holds them (on the device:
     * now; int8: loaded, adjusted and quantised again; streamed or evicted: at their next load, which adjusts them).
     */
    public void reloadWeights(Collection<Param> params) throws WeightsException {
        if (manager == null || params.isEmpty()) {
            return;
        }
        Set<Param> inBlocks = placement.params();
        List<Param> outside = new ArrayList<>();
        List<Param> blocks = new ArrayList<>();
        for (Param p : params) {
            (inBlocks.contains(p) ? blocks : outside).add(p);
        }
        outside.forEach(Param::release);
        weights.loadParams(outside, manager, ops.precision());
        placement.reload(blocks, weights);
    }

    /** Whether the Linear named {@code name} has its weights streamed in for each forward (stream-blocks). */
    public boolean streams(String name) {
        return placement.mode() == MemoryMode.STREAM_BLOCKS && name.startsWith(BLOCKS_PREFIX + ".");
    }

    /** Thrown between blocks inside a scope (which takes no checked exception); forward turns it around. */
    private static final class CancelledBetweenBlocks extends RuntimeException {
        CancelledBetweenBlocks() {
            super(null, null, false, false);
        }
    }

    /** Whether the blocks' weights are off the device ({@link #evictBlocks()}) until {@link #restoreBlocks()}. */
    public boolean blocksEvicted() {
        return placement.evicted();
    }

    /** The weight placement chosen at {@link #load(NDManager, MemoryMode)}. */
    public MemoryMode memoryMode() {
        return placement.mode();
    }

    public TransformerConfig config() {
        return config;
    }

    /** The operations the model computes with (its dtype is the latents' dtype in a run). */
    public Ops ops() {
        return ops;
    }

    /** The declared parameters (for verification before loading). */
    public WeightMap weights() {
        return weights;
    }

    /**
     * Bytes the loaded weights hold on the device now: 1 a weight for fp8 matrices (and int8 codes), 2 for bf16, 4 for
     * f32; streamed or evicted blocks count nothing until loaded.
     */
    public long residentWeightBytes() {
        long n = 0;
        for (var p : weights.params()) {
            n += p.bytesHeld();
        }
        for (Linear l : blockLinears()) {
            if (l.int8() != null) {
                n += l.int8().bytes();
            }
        }
        return n;
    }

    /** Every block's Linears, in order (LoRA and quantisation tools address them by {@link Linear#name()}). */
    public List<Linear> blockLinears() {
        List<Linear> out = new ArrayList<>();
        transformerBlocks.forEach(b -> out.addAll(b.linears()));
        return out;
    }

    /** One denoiser call that cannot be cancelled ({@link #forward(NDArray, NDArray, NDArray, NDArray, List, CancellationToken)}). */
    public NDArray forward(NDArray hiddenStates, NDArray encoderHiddenStates, NDArray encoderMask, NDArray timestep,
            List<ImageShape> imgShapes) throws EngineException {
        return forward(hiddenStates, encoderHiddenStates, encoderMask, timestep, imgShapes, null);
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
     * @param cancel checked between blocks, so that a cancel does not wait for the rest of a (long) step; null: none
     * @return the velocity {@code [B, N, O]}, on {@code hiddenStates}' manager, in the ops' dtype (bf16 shows in DJL
     *     as UNKNOWN: hand it only to the ops)
     * @throws Bf16GuardException when an f32 model is given bf16 inputs
     * @throws CancelledException when {@code cancel} was set between two blocks
     */
    public NDArray forward(
            NDArray hiddenStates,
            NDArray encoderHiddenStates,
            NDArray encoderMask,
            NDArray timestep,
            List<ImageShape> imgShapes,
            CancellationToken cancel)
            throws EngineException {
        if (manager == null) {
            throw new IllegalStateException("QwenImageTransformer.forward called before load()");
        }
        if (placement.evicted()) {
            throw new IllegalStateException("QwenImageTransformer.forward called with the blocks evicted:"
                    + " restoreBlocks() first");
        }
        ops.requireInputs("QwenImageTransformer.forward (loaded in " + ops.precision().dtypeName() + ")",
                hiddenStates, encoderHiddenStates, encoderMask, timestep);
        long[] hs = shapeOf(hiddenStates, "hidden_states", 3);
        long[] es = shapeOf(encoderHiddenStates, "encoder_hidden_states", 3);
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
            return Scopes.keep(() -> {
                NDArray x = imgIn.forward(ops.toCompute(hiddenStates)); // [B, N, D]
                NDArray c = txtIn.forward(txtNorm.forward(ops.toCompute(encoderHiddenStates))); // [B, T, D]
                // timestep.to(hidden_states.dtype): σ rounded to the compute dtype
                TimestepEmbeds temb = timestepEmbeds(ops.roundToCompute(timestep), imgShapes.get(0).tokens(), n);
                NDArray mask = maskValues == null ? null : jointMask(hiddenStates.getManager(), maskValues, b, t, n);
                // zero_cond_t: the output norm takes t's embedding only (temb.chunk(2)[0])
                return projOut.forward(normOut.forward(runBlocks(x, c, temb, rope, mask, cancel), temb.text()));
            });
        } catch (CancelledBetweenBlocks e) {
            throw new CancelledException("Cancelled during a step");
        }
    }

    /**
     * The timestep embeddings of {@code timestep} {@code [Bt]}: one for both streams, or with {@code zero_cond_t}
     * (Edit-2511) the image stream's for the batch {@code [t, 0]} ({@code torch.cat([timestep, timestep * 0])}) with
     * the first {@code outputTokens} of {@code tokens} image tokens (the output image's) taking {@code t}'s half, and
     * the text stream's {@code t} half ({@code temb.chunk(2)[0]}).
     */
    private TimestepEmbeds timestepEmbeds(NDArray timestep, long outputTokens, long tokens) {
        if (!config.zeroCondT()) {
            return TimestepEmbeds.shared(timeTextEmbed.forward(timestep)); // [Bt, D]
        }
        long bt = timestep.getShape().get(0);
        NDArray both = timeTextEmbed.forward(timestep.concat(timestep.zerosLike(), 0)); // [2·Bt, D]
        return new TimestepEmbeds(both, ops.narrow(both, 0, 0, bt), Math.min(outputTokens, tokens));
    }

    /** The dual-stream blocks in order, each with its weights placed; frees x and c as it goes, returns the image stream. */
    private NDArray runBlocks(NDArray x, NDArray c, TimestepEmbeds temb, QwenEmbedRope.Freqs rope, NDArray mask,
            CancellationToken cancel) {
        for (int i = 0; i < transformerBlocks.size(); i++) {
            if (i > 0 && cancel != null && cancel.isCancelled()) {
                throw new CancelledBetweenBlocks(); // x and c belong to the enclosing scope, which frees them
            }
            QwenImageTransformerBlock block = transformerBlocks.get(i);
            NDArray img = x;
            NDArray txt = c;
            NDList out = placement.run(i, () -> block.forward(img, txt, temb, rope, mask));
            release(x);
            release(c);
            c = out.get(0);
            x = out.get(1);
        }
        release(c);
        return x;
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

    private long[] shapeOf(NDArray a, String name, int rank) throws InvalidRequestException {
        if (a == null) {
            throw new InvalidRequestException(name + " is required");
        }
        long[] s = a.getShape().getShape();
        if (s.length != rank) {
            throw new InvalidRequestException(name + " must have " + rank + " dimensions, found " + a.getShape());
        }
        if (!ops.acceptsInput(a)) {
            throw new InvalidRequestException(name + " must be " + ops.inputDtypes() + ", found " + a.getDataType());
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
