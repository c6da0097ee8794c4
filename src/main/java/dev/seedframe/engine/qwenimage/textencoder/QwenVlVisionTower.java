package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.nn.RmsNorm;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.ComponentSource;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The vision tower of Qwen2.5-VL: transformers {@code Qwen2_5_VisionTransformerPretrainedModel}
 * ({@code src/transformers/models/qwen2_5_vl/modeling_qwen2_5_vl.py}), checkpoint keys {@code visual.*}.
 *
 * <pre>
 *   x = patch_embed(pixel_values)            Conv3d with kernel = stride = (T, P, P), i.e. a Linear over
 *                                            the flattened (c, t, py, px) patch, no bias
 *   reorder merged cells window by window    (window_size px windows; dummy padding dropped)
 *   x = blocks[i](x, 2D RoPE)                window attention, or whole-image attention for
 *                                            fullatt_block_indexes
 *   y = merger(x)                            RMSNorm, merge² consecutive tokens → Linear, GELU (erf), Linear
 *   y = y[argsort(window_index)]             back to raster (merge-window-major) order
 * </pre>
 *
 * Reordering the cells before the patch embedding is the same as reordering after it (the embedding
 * is row-wise), so the pixel rows are permuted in Java and the RoPE tables built in window order.
 *
 * <p>Dimension letters: S patches, D vision width, H heads, Dh head width, M merged tokens, O output width.
 */
public final class QwenVlVisionTower {

    /** transformers' {@code Qwen2_5_VLVisionBlock} / merger norms: RMSNorm with eps 1e-6. */
    static final float NORM_EPS = 1e-6f;

    /** {@code VisionRotaryEmbedding(theta=10000)}. */
    static final double ROPE_THETA = 10000.0;

    /** One image's patch grid ({@code image_grid_thw} row). */
    public record Grid(int t, int h, int w) {
        int patches() {
            return t * h * w;
        }
    }

    /** Merged embeddings in raster order, and (for tests) the last block's output in window order. */
    public record Output(NDArray mergedEmbeds, NDArray lastHiddenStateWindowOrder) {}

    private record Block(RmsNorm norm1, RmsNorm norm2, Linear qkv, Linear proj, Linear gate, Linear up,
            Linear down) {}

    private final TextEncoderConfig.VisionConfig config;
    private final Ops ops;
    private final Param patchEmbed;
    private final List<Block> blocks;
    private final RmsNorm lnQ;
    private final Linear mlp0;
    private final Linear mlp2;

    private QwenVlVisionTower(TextEncoderConfig.VisionConfig config, WeightMap visual, Ops ops) {
        this.config = config;
        this.ops = ops;
        int d = config.hiddenSize();
        int c = config.inChannels();
        int t = config.temporalPatchSize();
        int p = config.patchSize();
        long patchDim = (long) c * t * p * p;
        // The zero-copy mapped weight must be copied before it is reshaped: the reshaped view would
        // otherwise outlive the array that keeps the mapping alive.
        this.patchEmbed = visual.param("patch_embed.proj.weight", d, c, t, p, p).transform(a -> {
            NDArray copy = a.duplicate();
            NDArray r = copy.reshape(d, patchDim);
            NDArray owned = r.duplicate();
            r.close();
            copy.close();
            return owned;
        });
        List<Block> bs = new ArrayList<>();
        int inter = config.intermediateSize();
        for (int i = 0; i < config.depth(); i++) {
            WeightMap b = visual.prefix("blocks." + i);
            bs.add(new Block(new RmsNorm(ops, b.prefix("norm1"), d, NORM_EPS), new RmsNorm(ops, b.prefix("norm2"), d,
                    NORM_EPS), ops.newLinear(b.prefix("attn.qkv"), d, 3L * d, true),
                    ops.newLinear(b.prefix("attn.proj"), d, d, true), ops.newLinear(b.prefix("mlp.gate_proj"), d, inter,
                    true), ops.newLinear(b.prefix("mlp.up_proj"), d, inter, true),
                    ops.newLinear(b.prefix("mlp.down_proj"), inter, d, true)));
        }
        this.blocks = List.copyOf(bs);
        int unit = config.spatialMergeSize() * config.spatialMergeSize();
        long merged = (long) d * unit;
        this.lnQ = new RmsNorm(ops, visual.prefix("merger.ln_q"), d, NORM_EPS);
        this.mlp0 = ops.newLinear(visual.prefix("merger.mlp.0"), merged, merged, true);
        this.mlp2 = ops.newLinear(visual.prefix("merger.mlp.2"), merged, config.outHiddenSize(), true);
    }

    /**
     * Loads {@code visual.*} from the text encoder folder ({@code <model>/text_encoder}).
     *
     * @throws WeightsException when the config has no {@code vision_config}, or tensors are missing or mis-shaped
     */
    public static QwenVlVisionTower load(Path textEncoderDir, NDManager manager, Ops ops, EngineRuntime runtime)
            throws WeightsException {
        return load(QwenVlTextEncoder.folder(textEncoderDir), manager, ops, runtime);
    }

    /** {@link #load(Path, NDManager, Ops, EngineRuntime)} from a text encoder folder or single file. */
    public static QwenVlVisionTower load(ComponentSource textEncoder, NDManager manager, Ops ops, EngineRuntime runtime)
            throws WeightsException {
        return declare(textEncoder, manager, ops, runtime);
    }

    /**
     * Checks {@code visual.*} against the config without materialising a weight (an offloaded tower is
     * verified when the model opens and loaded only to encode); returns the declared, unloaded tower.
     */
    public static QwenVlVisionTower verify(Path textEncoderDir) throws WeightsException {
        return verify(QwenVlTextEncoder.folder(textEncoderDir));
    }

    /** {@link #verify(Path)} for a text encoder folder or single file. */
    public static QwenVlVisionTower verify(ComponentSource textEncoder) throws WeightsException {
        return declare(textEncoder, null, Ops.declaringOnly(), null); // declared and checked, never run
    }

    private static QwenVlVisionTower declare(ComponentSource textEncoder, NDManager manager, Ops ops,
            EngineRuntime runtime) throws WeightsException {
        TextEncoderConfig tc = TextEncoderConfig.read(textEncoder);
        TextEncoderConfig.VisionConfig vc = tc.vision().orElseThrow(() -> new WeightsException(
                "text_encoder/config.json has no vision_config: this text encoder cannot see images, so it cannot"
                        + " run an edit model"));
        if (!vc.hiddenAct().equals("silu")) {
            throw new WeightsException("text_encoder vision_config hidden_act " + vc.hiddenAct()
                    + " is not supported (only silu)");
        }
        try (Checkpoint checkpoint = textEncoder.open()) {
            boolean lmKeys = TextEncoderKeys.usesLanguageModelKeys(checkpoint);
            WeightMap root = WeightMap.of(checkpoint, lmKeys ? TextEncoderKeys::toLanguageModelKey : UnaryOperator.identity(),
                    runtime).describedBy(textEncoder.configLabel());
            root.ignore(TextEncoderKeys.LM_HEAD);
            root.ignore(TextEncoderKeys.MODEL);
            QwenVlVisionTower tower = new QwenVlVisionTower(vc, root.prefix(TextEncoderKeys.VISUAL), ops);
            if (manager == null) {
                root.verify();
            } else {
                root.load(manager);
            }
            return tower;
        }
    }

    public TextEncoderConfig.VisionConfig config() {
        return config;
    }

    /** Merged tokens an image of this grid yields ({@code <|image_pad|>} count). */
    public int mergedTokens(Grid g) {
        int unit = config.spatialMergeSize() * config.spatialMergeSize();
        return g.patches() / unit;
    }

    /**
     * Runs the tower.
     *
     * @param pixelValues {@code [S, C·T·P·P]} rows of every image in order, as the processor writes them
     * @param grids one grid per image
     * @param manager where the results are created
     */
    public Output forward(float[] pixelValues, List<Grid> grids, NDManager manager, boolean keepLastHidden)
            throws InvalidRequestException {
        int m = config.spatialMergeSize();
        int unit = m * m;
        int d = config.hiddenSize();
        int patchDim = config.inChannels() * config.temporalPatchSize() * config.patchSize() * config.patchSize();
        int seq = 0;
        for (Grid g : grids) {
            if (g.h() % m != 0 || g.w() % m != 0 || g.t() < 1) {
                throw new InvalidRequestException("Image grid " + g + " is not a multiple of the merge size " + m);
            }
            seq += g.patches();
        }
        if ((long) seq * patchDim != pixelValues.length) {
            throw new InvalidRequestException("pixel_values hold " + pixelValues.length + " values; the grids "
                    + grids + " need " + (long) seq * patchDim);
        }
        Windows win = windows(grids);
        float[] reordered = new float[pixelValues.length];
        int cellLen = unit * patchDim;
        for (int i = 0; i < win.index.length; i++) {
            System.arraycopy(pixelValues, win.index[i] * cellLen, reordered, i * cellLen, cellLen);
        }
        float[][] rope = ropeTables(grids, win.index);
        int heads = config.numHeads();
        int dh = d / heads;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = manager.create(reordered, new Shape(seq, patchDim)).matMul(patchEmbed.array().transpose()); // [S, D]
            NDArray cos = manager.create(rope[0], new Shape(seq, dh)); // [S, Dh]
            NDArray sin = manager.create(rope[1], new Shape(seq, dh)); // [S, Dh]
            for (int i = 0; i < blocks.size(); i++) {
                Block b = blocks.get(i);
                int[] bounds = config.fullattBlockIndexes().contains(i) ? win.imageBounds : win.windowBounds;
                NDArray a = attention(b, b.norm1().forward(x), cos, sin, bounds, heads, dh);
                x = ops.add(x, b.proj().forward(a));
                NDArray hN = b.norm2().forward(x);
                x = ops.add(x, b.down().forward(ops.mul(ops.silu(b.gate().forward(hN)), b.up().forward(hN))));
            }
            NDArray last = keepLastHidden ? x.duplicate() : null;
            NDArray y = mlp2.forward(ops.geluErf(mlp0.forward(lnQ.forward(x).reshape(seq / unit, (long) d * unit))));
            float[] yw = y.toFloatArray();
            int o = config.outHiddenSize();
            float[] raster = new float[yw.length];
            for (int i = 0; i < win.index.length; i++) {
                System.arraycopy(yw, i * o, raster, win.index[i] * o, o);
            }
            NDArray merged = manager.create(raster, new Shape(seq / unit, o));
            NDScope.unregister(merged);
            if (last != null) {
                NDScope.unregister(last);
            }
            return new Output(merged, last);
        }
    }

    /** Self-attention within each segment {@code [bounds[k], bounds[k+1])}, RoPE applied. */
    private NDArray attention(Block b, NDArray x, NDArray cos, NDArray sin, int[] bounds, int heads, int dh) {
        long s = x.getShape().get(0);
        NDArray qkv = b.qkv().forward(x).reshape(s, 3, heads, dh).transpose(1, 2, 0, 3); // [3, H, S, Dh]
        NDArray q = rope(qkv.get(0), cos, sin); // [H, S, Dh]
        NDArray k = rope(qkv.get(1), cos, sin);
        NDArray v = qkv.get(2);
        float scale = (float) (1.0 / Math.sqrt(dh));
        NDList outs = new NDList();
        int i = 0;
        while (i < bounds.length - 1) {
            int len = bounds[i + 1] - bounds[i];
            int j = i;
            while (j + 1 < bounds.length - 1 && bounds[j + 2] - bounds[j + 1] == len) {
                j++;
            }
            int n = j - i + 1; // consecutive segments of equal length, batched
            int from = bounds[i];
            int to = bounds[j + 1];
            NDArray qs = batch(q, from, to, n, len, heads, dh);
            NDArray ks = batch(k, from, to, n, len, heads, dh);
            NDArray vs = batch(v, from, to, n, len, heads, dh);
            NDArray o = ops.attention().sdpa(qs, ks, vs, null, scale); // [n, H, len, Dh]
            outs.add(o.transpose(0, 2, 1, 3).reshape((long) n * len, (long) heads * dh)); // [n·len, D]
            i = j + 1;
        }
        return outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 0); // [S, D]
    }

    /** Tokens {@code from..to} of {@code [H, S, Dh]} as {@code [n, H, len, Dh]}. */
    private static NDArray batch(NDArray a, int from, int to, int n, int len, int heads, int dh) {
        return a.get(":, " + from + ":" + to + ", :").reshape(heads, n, len, dh).transpose(1, 0, 2, 3);
    }

    /** {@code q·cos + rotate_half(q)·sin} on {@code [H, S, Dh]}. */
    private static NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().get(2) / 2;
        NDArray x1 = x.get(":, :, :" + half);
        NDArray x2 = x.get(":, :, " + half + ":");
        NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }

    /**
     * Window order of the merged cells ({@code get_window_index}), the window bounds in patches
     * ({@code cu_window_seqlens}, empty windows dropped) and the per-image bounds ({@code cu_seqlens}).
     */
    private record Windows(int[] index, int[] windowBounds, int[] imageBounds) {}

    private Windows windows(List<Grid> grids) {
        int m = config.spatialMergeSize();
        int unit = m * m;
        int vws = config.windowSize() / m / config.patchSize();
        if (vws < 1) {
            throw new IllegalStateException("vision window_size " + config.windowSize() + " is below one merged cell");
        }
        List<Integer> index = new ArrayList<>();
        List<Integer> wb = new ArrayList<>();
        List<Integer> ib = new ArrayList<>();
        wb.add(0);
        ib.add(0);
        int offset = 0;
        int patchesSoFar = 0;
        for (Grid g : grids) {
            int lh = g.h() / m;
            int lw = g.w() / m;
            for (int t = 0; t < g.t(); t++) {
                for (int wy = 0; wy * vws < lh; wy++) {
                    for (int wx = 0; wx * vws < lw; wx++) {
                        int count = 0;
                        for (int y = wy * vws; y < Math.min(lh, (wy + 1) * vws); y++) {
                            for (int x = wx * vws; x < Math.min(lw, (wx + 1) * vws); x++) {
                                index.add(offset + (t * lh + y) * lw + x);
                                count++;
                            }
                        }
                        wb.add(wb.get(wb.size() - 1) + count * unit);
                    }
                }
                patchesSoFar += g.h() * g.w();
                ib.add(patchesSoFar);
            }
            offset += g.t() * lh * lw;
        }
        return new Windows(index.stream().mapToInt(Integer::intValue).toArray(),
                wb.stream().mapToInt(Integer::intValue).toArray(), ib.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * cos/sin of the 2D RoPE ({@code rot_pos_emb}) for every patch, in window order: per patch
     * {@code [row·inv_freq, col·inv_freq]} twice ({@code cat(emb, emb)}), f32 as the reference.
     */
    private float[][] ropeTables(List<Grid> grids, int[] windowIndex) {
        int m = config.spatialMergeSize();
        int unit = m * m;
        int dh = config.hiddenSize() / config.numHeads();
        int dim = dh / 2; // VisionRotaryEmbedding(head_dim // 2)
        int nFreq = dim / 2;
        float[] invFreq = new float[nFreq];
        for (int k = 0; k < nFreq; k++) {
            float exponent = (float) (2 * k) / (float) dim;
            invFreq[k] = (float) (1.0 / (float) Math.pow(ROPE_THETA, exponent));
        }
        // raster (processor-order) positions of every patch
        List<int[]> pos = new ArrayList<>();
        for (Grid g : grids) {
            for (int t = 0; t < g.t(); t++) {
                for (int bh = 0; bh < g.h() / m; bh++) {
                    for (int bw = 0; bw < g.w() / m; bw++) {
                        for (int mh = 0; mh < m; mh++) {
                            for (int mw = 0; mw < m; mw++) {
                                pos.add(new int[] {bh * m + mh, bw * m + mw});
                            }
                        }
                    }
                }
            }
        }
        int seq = pos.size();
        float[] cos = new float[seq * dh];
        float[] sin = new float[seq * dh];
        int row = 0;
        for (int cell : windowIndex) {
            for (int u = 0; u < unit; u++) {
                int[] hw = pos.get(cell * unit + u);
                for (int k = 0; k < nFreq; k++) {
                    float fh = hw[0] * invFreq[k];
                    float fw = hw[1] * invFreq[k];
                    float[] f = {fh, fw};
                    for (int half = 0; half < 2; half++) {
                        float ang = f[half];
                        int col = half * nFreq + k;
                        cos[row * dh + col] = (float) Math.cos(ang);
                        cos[row * dh + dim + col] = (float) Math.cos(ang);
                        sin[row * dh + col] = (float) Math.sin(ang);
                        sin[row * dh + dim + col] = (float) Math.sin(ang);
                    }
                }
                row++;
            }
        }
        return new float[][] {cos, sin};
    }
}
