package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.nn.RmsNorm;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.ComponentSource;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The language model of Qwen2.5-VL, as the Qwen-Image pipelines use it to encode prompts:
 * transformers {@code Qwen2_5_VLTextModel} / the text stack of {@code Qwen2_5_VLModel}
 * ({@code src/transformers/models/qwen2_5_vl/modeling_qwen2_5_vl.py}).
 *
 * <pre>
 *   h = embed_tokens(ids)                  (or precomputed input embeddings)
 *   h = layers[0..N-1](h, MRoPE(position_ids), causal + padding mask)
 *   out = norm(h)                          = hidden_states[-1], what the pipelines use
 * </pre>
 *
 * {@code lm_head} is never loaded (declared ignored; tied and untied checkpoints both load) and the
 * vision tower ({@code visual.*}) is skipped for now. The forward pass accepts input embeddings and
 * explicit 3-axis position ids, which is what the vision path needs (image features spliced into
 * the embeddings, 3D positions from {@code get_rope_index}).
 *
 * <p>Both checkpoint spellings load: the legacy {@code model.embed_tokens / model.layers.N / visual}
 * of the published checkpoints (and of ComfyUI's single file {@code qwen_2.5_vl_7b*.safetensors}, whose {@code
 * Qwen25_7BVLI} module keeps them: {@code comfy/text_encoders/llama.py}, {@code qwen_vl.py}), and transformers 5's
 * {@code model.language_model.* / model.visual.*}. Linears stored as fp8 (the {@code _fp8_scaled} file) stay fp8.
 *
 * <p>Results are created on the manager of the caller's input arrays; every temporary is closed.
 *
 * <p>Dimension letters: A position axes (3), B batch, S sequence, D model width, V vocabulary.
 */
public final class QwenVlTextEncoder implements AutoCloseable {

    /** The component's folder name in a pipeline. */
    public static final String COMPONENT = "text_encoder";

    /** The weight files' stem in its folder ({@code model.safetensors}, or shards). */
    public static final String WEIGHTS_BASE_NAME = "model";

    /** transformers fills masked attention logits with the dtype's minimum (finite, so fully masked rows stay finite). */
    static final float MASKED_LOGIT = -Float.MAX_VALUE;

    private final TextEncoderConfig config;
    private final TextEncoderEmbedding embedTokens;
    private final List<TextEncoderDecoderLayer> layers;
    private final RmsNorm norm;
    private final TextEncoderRotaryEmbedding rotaryEmb;
    private final List<Param> params;
    private final boolean languageModelKeys;
    /** The decoder layers' weights when they are streamed ({@link #loadStreamed}); else null. */
    private final Streamed streamed;

    /**
     * Streamed decoder layers: each layer's weights in {@code from} (open until {@link #close()}), materialised
     * on {@code to} just before the layer runs.
     */
    private record Streamed(List<WeightMap> layers, NDManager to, Checkpoint from) {}

    private QwenVlTextEncoder(
            TextEncoderConfig config,
            TextEncoderEmbedding embedTokens,
            List<TextEncoderDecoderLayer> layers,
            RmsNorm norm,
            List<Param> params,
            boolean languageModelKeys,
            Streamed streamed) {
        this.streamed = streamed;
        this.config = config;
        this.embedTokens = embedTokens;
        this.layers = layers;
        this.norm = norm;
        this.rotaryEmb = new TextEncoderRotaryEmbedding(config);
        this.params = params;
        this.languageModelKeys = languageModelKeys;
    }

    /**
     * Loads the text encoder in {@code componentDir} ({@code <model>/text_encoder}): config.json and the
     * (sharded) {@code model*.safetensors}. Every tensor is checked against the config before anything is
     * read; weights are materialised as f32 on {@code manager}.
     *
     * @throws WeightsException for a wrong or damaged folder, missing shards, missing / mis-shaped tensors
     */
    public static QwenVlTextEncoder load(Path componentDir, NDManager manager, Ops ops, EngineRuntime runtime)
            throws WeightsException {
        return load(folder(componentDir), manager, ops, runtime);
    }

    /** {@link #load(Path, NDManager, Ops, EngineRuntime)} from a folder or a single file ({@link ComponentSource}). */
    public static QwenVlTextEncoder load(ComponentSource source, NDManager manager, Ops ops, EngineRuntime runtime)
            throws WeightsException {
        return declare(source, manager, ops, runtime, Placement.RESIDENT);
    }

    /** The text encoder folder {@code dir} ({@code <model>/text_encoder}) as a source. */
    public static ComponentSource folder(Path dir) {
        return ComponentSource.folder(dir, COMPONENT, WEIGHTS_BASE_NAME);
    }

    /**
     * Loads like {@link #load} but with every Linear of the decoder layers as weight-only int8 ({@link
     * dev.seedframe.engine.nn.Int8Linear}: one f32 scale per output channel, dequantised per call), layer by
     * layer so that at most one layer is ever held in f32: the int8 memory mode's text encoder, about a
     * quarter of the f32 size (Qwen2.5-VL-7B's language layers: 6.5 GB instead of 26). Norms stay f32 and
     * embeddings are read from the file as always. Its effect on the prompt embeddings is measured in
     * {@code QwenVlTextEncoderInt8Test}.
     */
    public static QwenVlTextEncoder loadInt8(Path componentDir, NDManager manager, Ops ops, EngineRuntime runtime)
            throws WeightsException {
        return loadInt8(folder(componentDir), manager, ops, runtime);
    }

    /** {@link #loadInt8(Path, NDManager, Ops, EngineRuntime)} from a folder or a single file. */
    public static QwenVlTextEncoder loadInt8(ComponentSource source, NDManager manager, Ops ops, EngineRuntime runtime)
            throws WeightsException {
        return declare(source, manager, ops, runtime, Placement.INT8);
    }

    /**
     * Loads like {@link #load} but keeps the decoder layers' weights in the memory-mapped checkpoint: each
     * layer is materialised on {@code manager} just before it runs and freed after it, so at most one layer
     * (0.93 GB in f32 for Qwen2.5-VL-7B) is on the device, against 26 GB for all of them. The stream-blocks
     * memory mode's text encoder; the numbers are those of {@link #load} bit for bit. {@link #close()} closes the
     * checkpoint.
     */
    public static QwenVlTextEncoder loadStreamed(Path componentDir, NDManager manager, Ops ops,
            EngineRuntime runtime) throws WeightsException {
        return loadStreamed(folder(componentDir), manager, ops, runtime);
    }

    /** {@link #loadStreamed(Path, NDManager, Ops, EngineRuntime)} from a folder or a single file. */
    public static QwenVlTextEncoder loadStreamed(ComponentSource source, NDManager manager, Ops ops,
            EngineRuntime runtime) throws WeightsException {
        return declare(source, manager, ops, runtime, Placement.STREAMED);
    }

    /**
     * Checks the folder and every tensor against the config without materialising any weight (an offloaded
     * text encoder is verified when the model opens and loaded only to encode).
     */
    public static void verify(Path componentDir) throws WeightsException {
        verify(folder(componentDir));
    }

    /** {@link #verify(Path)} for a folder or a single file. */
    public static void verify(ComponentSource source) throws WeightsException {
        declare(source, null, Ops.declaringOnly(), null, Placement.RESIDENT); // declared and checked, never run
    }

    /** How the decoder layers' weights are held. */
    private enum Placement {
        RESIDENT,
        INT8,
        STREAMED
    }

    /**
     * Declares and verifies; loads on {@code manager} (BF16 tensors widened through {@code runtime}'s helper) unless
     * it is null; the encoder computes with {@code ops}.
     */
    private static QwenVlTextEncoder declare(ComponentSource source, NDManager manager, Ops ops, EngineRuntime runtime,
            Placement placement) throws WeightsException {
        TextEncoderConfig config = TextEncoderConfig.read(source);
        Checkpoint checkpoint = source.open();
        boolean keepOpen = false;
        try {
            boolean lmKeys = TextEncoderKeys.usesLanguageModelKeys(checkpoint);
            WeightMap root = WeightMap.of(checkpoint, lmKeys ? TextEncoderKeys::toLanguageModelKey : UnaryOperator.identity(),
                    runtime).describedBy(source.configLabel());
            root.ignore(TextEncoderKeys.LM_HEAD); // logits are never needed
            root.ignore(TextEncoderKeys.VISUAL); // the vision tower is loaded by the vision encoder
            WeightMap model = root.prefix(TextEncoderKeys.MODEL);
            // embed_tokens is read row by row from the file, never materialised (see TextEncoderEmbedding)
            model.ignore(TextEncoderKeys.EMBED_TOKENS);
            String embedKey = lmKeys
                    ? TextEncoderKeys.toLanguageModelKey(TextEncoderKeys.MODEL + "." + TextEncoderKeys.EMBED_TOKENS + ".weight")
                    : TextEncoderKeys.MODEL + "." + TextEncoderKeys.EMBED_TOKENS + ".weight";
            List<TextEncoderDecoderLayer> layers = new ArrayList<>(config.numHiddenLayers());
            List<WeightMap> layerMaps = new ArrayList<>(config.numHiddenLayers());
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                WeightMap lw = model.prefix(TextEncoderKeys.LAYERS + "." + i);
                layerMaps.add(lw);
                layers.add(new TextEncoderDecoderLayer(lw, config, ops));
            }
            RmsNorm norm = new RmsNorm(ops, model.prefix(TextEncoderKeys.NORM), config.hiddenSize(),
                    (float) config.rmsNormEps());
            root.verify();
            TextEncoderEmbedding embed = TextEncoderEmbedding.of(checkpoint, embedKey, config);
            if (manager == null) {
                return null;
            }
            java.util.Set<Param> inLayers = new java.util.HashSet<>();
            layerMaps.forEach(lw -> inLayers.addAll(lw.declared()));
            switch (placement) {
                case INT8 -> {
                    root.loadExcept(inLayers::contains, manager);
                    for (int i = 0; i < layers.size(); i++) {
                        layerMaps.get(i).loadParams(layerMaps.get(i).declared(), manager);
                        for (Linear l : layers.get(i).linears()) {
                            l.quantizeInt8(manager);
                        }
                    }
                }
                case STREAMED -> {
                    root.loadExcept(inLayers::contains, manager);
                    keepOpen = true;
                    List<Param> resident = root.params().stream().filter(p -> !inLayers.contains(p)).toList();
                    return new QwenVlTextEncoder(config, embed, List.copyOf(layers), norm, resident, lmKeys,
                            new Streamed(List.copyOf(layerMaps), manager, checkpoint));
                }
                case RESIDENT -> root.load(manager);
                default -> throw new IllegalStateException(placement.toString());
            }
            return new QwenVlTextEncoder(config, embed, List.copyOf(layers), norm, root.params(), lmKeys, null);
        } finally {
            if (!keepOpen) {
                checkpoint.close();
            }
        }
    }

    /** Whether the decoder layers are streamed from the checkpoint ({@link #loadStreamed}). */
    public boolean streamed() {
        return streamed != null;
    }

    /** Closes the checkpoint that streamed layers are read from; nothing to do for a loaded encoder. */
    @Override
    public void close() {
        if (streamed != null) {
            streamed.from().close();
        }
    }

    /** The decoder layers (tests). */
    List<TextEncoderDecoderLayer> layers() {
        return layers;
    }

    public TextEncoderConfig config() {
        return config;
    }

    /** Whether the checkpoint uses transformers 5's {@code model.language_model.*} key spelling. */
    public boolean usesLanguageModelKeys() {
        return languageModelKeys;
    }

    /**
     * {@code embed_tokens}: {@code ids [B, S]} (int64/int32) to {@code [B, S, D]} f32 on the ids' manager.
     *
     * @throws InvalidRequestException for ids outside the vocabulary or a wrongly shaped array
     */
    public NDArray embedTokens(NDArray inputIds) throws EngineException {
        Shape s = inputIds.getShape();
        if (s.dimension() != 2) {
            throw new InvalidRequestException("input_ids must be [batch, sequence], got " + s);
        }
        if (!inputIds.getDataType().isInteger()) {
            throw new InvalidRequestException("input_ids must be integers, got " + inputIds.getDataType());
        }
        long[] ids = longValues(inputIds);
        return embedTokens.lookup(ids, s.get(0), s.get(1), inputIds.getManager());
    }

    /**
     * The last hidden state ({@code hidden_states[-1]}, after the final norm) for token ids.
     *
     * @param inputIds {@code [B, S]}
     * @param attentionMask {@code [B, S]} of 0/1 (1 = token, 0 = padding), or null for all ones
     * @return {@code [B, S, D]}; padded positions hold values that mean nothing
     */
    public NDArray forward(NDArray inputIds, NDArray attentionMask) throws EngineException {
        try (NDArray embeds = embedTokens(inputIds)) {
            return forwardEmbeds(embeds, attentionMask, null);
        }
    }

    /**
     * The last hidden state for precomputed input embeddings (the vision path splices image features
     * into them) and optional explicit positions.
     *
     * @param inputsEmbeds {@code [B, S, D]} f32
     * @param attentionMask {@code [B, S]} 0/1, or null for all ones
     * @param positionIds {@code [3, B, S]} (temporal, height, width), or null for text positions
     *     ({@code cumsum(mask) - 1}, as transformers' {@code get_rope_index} does without images)
     * @return {@code [B, S, D]}
     */
    public NDArray forwardEmbeds(NDArray inputsEmbeds, NDArray attentionMask, NDArray positionIds)
            throws EngineException {
        NDList all = run(inputsEmbeds, attentionMask, positionIds, false);
        return all.get(0);
    }

    /**
     * Every hidden state as transformers returns them with {@code output_hidden_states=True}: N+1
     * arrays {@code [B, S, D]}: the input embeddings, the outputs of layers 0..N-2, and the output of
     * the last layer after the final norm.
     */
    public NDList hiddenStates(NDArray inputIds, NDArray attentionMask) throws EngineException {
        try (NDArray embeds = embedTokens(inputIds)) {
            return hiddenStatesFromEmbeds(embeds, attentionMask, null);
        }
    }

    /** {@link #hiddenStates} for precomputed embeddings; element 0 is a copy of {@code inputsEmbeds}. */
    public NDList hiddenStatesFromEmbeds(NDArray inputsEmbeds, NDArray attentionMask, NDArray positionIds)
            throws EngineException {
        return run(inputsEmbeds, attentionMask, positionIds, true);
    }

    /**
     * Text-only MRoPE positions: {@code cumsum(mask) - 1} on every axis, 1 on padding (transformers
     * {@code Qwen2_5_VLModel.get_rope_index} without images); {@code 0..S-1} when the mask is null.
     *
     * @return {@code [3, B, S]} int64 on {@code manager}
     */
    public static NDArray textPositionIds(long[] mask, int batch, int seq, NDManager manager) {
        long[] pos = new long[TextEncoderConfig.MROPE_AXES * batch * seq];
        for (int b = 0; b < batch; b++) {
            long running = 0;
            for (int s = 0; s < seq; s++) {
                long m = mask == null ? 1 : mask[b * seq + s];
                running += m;
                long p = m == 0 ? 1 : running - 1;
                for (int a = 0; a < TextEncoderConfig.MROPE_AXES; a++) {
                    pos[(a * batch + b) * seq + s] = p;
                }
            }
        }
        return manager.create(pos, new Shape(TextEncoderConfig.MROPE_AXES, batch, seq)); // [3, B, S]
    }

    private NDList run(NDArray inputsEmbeds, NDArray attentionMask, NDArray positionIds, boolean keepAll)
            throws EngineException {
        Shape es = inputsEmbeds.getShape();
        if (es.dimension() != 3 || es.get(2) != config.hiddenSize()) {
            throw new InvalidRequestException("inputs_embeds must be [batch, sequence, " + config.hiddenSize() + "], got " + es);
        }
        if (inputsEmbeds.getDataType() != DataType.FLOAT32) {
            throw new InvalidRequestException("inputs_embeds must be float32, got " + inputsEmbeds.getDataType());
        }
        int batch = Math.toIntExact(es.get(0));
        int seq = Math.toIntExact(es.get(1));
        if (batch == 0 || seq == 0) {
            throw new InvalidRequestException("Cannot encode an empty sequence (inputs_embeds " + es + ")");
        }
        long[] mask = maskValues(attentionMask, batch, seq);
        if (positionIds != null) {
            Shape ps = positionIds.getShape();
            if (!ps.equals(new Shape(TextEncoderConfig.MROPE_AXES, batch, seq))) {
                throw new InvalidRequestException("position_ids must be [3, " + batch + ", " + seq + "], got " + ps);
            }
            if (!positionIds.getDataType().isInteger()) {
                throw new InvalidRequestException("position_ids must be integers, got " + positionIds.getDataType());
            }
        }
        NDManager m = inputsEmbeds.getManager();
        List<NDArray> kept = new ArrayList<>();
        NDArray textPositions = null;
        NDList rope = null;
        NDArray additive = null;
        NDArray h = inputsEmbeds;
        try {
            textPositions = positionIds != null ? null : textPositionIds(mask, batch, seq, m);
            NDArray pos = positionIds != null ? positionIds : textPositions;
            rope = Scopes.keepAll(() -> {
                TextEncoderRotaryEmbedding.Tables t = rotaryEmb.tables(pos, m);
                return new NDList(t.cos(), t.sin());
            });
            TextEncoderRotaryEmbedding.Tables tables = new TextEncoderRotaryEmbedding.Tables(rope.get(0), rope.get(1));
            NDArray mask4d = additiveMask(mask, batch, seq, m);
            additive = mask4d;
            if (keepAll) {
                kept.add(inputsEmbeds.duplicate());
            }
            for (int i = 0; i < layers.size(); i++) {
                TextEncoderDecoderLayer layer = layers.get(i);
                NDArray in = h;
                boolean last = i == layers.size() - 1;
                List<Param> layerWeights = streamed == null ? List.of() : streamed.layers().get(i).declared();
                try {
                    if (!layerWeights.isEmpty()) {
                        streamed.layers().get(i).loadParams(layerWeights, streamed.to());
                    }
                    h = Scopes.keep(() -> {
                        NDArray y = layer.forward(in, tables, mask4d); // [B, S, D]
                        return last ? norm.forward(y) : y; // [B, S, D]
                    });
                } finally {
                    layerWeights.forEach(Param::release); // a streamed layer leaves the device at once
                }
                if (keepAll) {
                    kept.add(h);
                } else if (in != inputsEmbeds) {
                    in.close();
                }
            }
            if (!keepAll) {
                kept.add(h);
            }
            return new NDList(kept);
        } catch (RuntimeException | EngineException e) {
            kept.forEach(NDArray::close);
            if (h != inputsEmbeds) {
                h.close();
            }
            throw e;
        } finally {
            for (AutoCloseable c : new AutoCloseable[] {textPositions, rope, additive}) {
                closeQuietly(c);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // native arrays close without checked failures; nothing else to do
        }
    }

    /** The 0/1 mask as longs (null = all ones), checked. */
    private static long[] maskValues(NDArray attentionMask, int batch, int seq) throws InvalidRequestException {
        if (attentionMask == null) {
            return null;
        }
        if (!attentionMask.getShape().equals(new Shape(batch, seq))) {
            throw new InvalidRequestException("attention_mask must be [" + batch + ", " + seq + "] like the input, got "
                    + attentionMask.getShape());
        }
        long[] v = longValues(attentionMask);
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 && v[i] != 1) {
                throw new InvalidRequestException("attention_mask must hold 0 or 1, found " + v[i] + " at batch "
                        + (i / seq) + ", position " + (i % seq));
            }
        }
        return v;
    }

    /** The values as longs, without touching (or closing) the caller's array. */
    private static long[] longValues(NDArray a) {
        if (a.getDataType() == DataType.INT64) {
            return a.toLongArray();
        }
        try (NDArray copy = a.toType(DataType.INT64, true)) {
            return copy.toLongArray();
        }
    }

    /**
     * Causal + key-padding mask, additive: 0 where query s may attend to key t (t ≤ s and t is a token),
     * {@link #MASKED_LOGIT} elsewhere. {@code [B, 1, S, S]}.
     */
    static NDArray additiveMask(long[] mask, int batch, int seq, NDManager manager) {
        float[] v = new float[batch * seq * seq];
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < seq; q++) {
                int row = (b * seq + q) * seq;
                for (int k = 0; k < seq; k++) {
                    boolean allowed = k <= q && (mask == null || mask[b * seq + k] == 1);
                    v[row + k] = allowed ? 0f : MASKED_LOGIT;
                }
            }
        }
        return manager.create(v, new Shape(batch, 1, seq, seq)); // [B, 1, S, S]
    }

    /** Number of parameters held in memory (embed_tokens stays in the file). */
    public long residentParameterCount() {
        long n = 0;
        for (Param p : params) {
            n += Arrays.stream(p.shape().getShape()).reduce(1, Math::multiplyExact);
        }
        return n;
    }
}
