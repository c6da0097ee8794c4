package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the transformer blocks' weights are between calls, per memory mode ({@link MemoryMode}):
 *
 * <ul>
 *   <li>{@link MemoryMode#RESIDENT}, {@link MemoryMode#OFFLOAD_TEXT_ENCODER}: on the device, loaded with the rest;
 *       they leave it when the text encoder needs the room ({@link #evict}) and come back from the memory-mapped
 *       checkpoint ({@link #restore});
 *   <li>{@link MemoryMode#STREAM_BLOCKS}: in the memory-mapped checkpoint; each block's weights are read onto the
 *       device just before it runs and freed after it ({@link #run}); the checkpoint must stay open as long as the
 *       model;
 *   <li>{@link MemoryMode#INT8}: block by block, the weights are loaded, every Linear is quantised to int8 ({@link
 *       dev.seedframe.engine.nn.Int8Linear}) and the f32 copy freed before the next block, so at most one block is
 *       ever held in f32; evicted for the decode and quantised again on restore (the same codes).
 * </ul>
 */
final class BlockPlacement {

    private final List<QwenImageTransformerBlock> blocks;
    private final List<WeightMap> blockWeights;
    private final Precision precision;
    private MemoryMode mode = MemoryMode.RESIDENT;
    private NDManager manager;
    private boolean evicted;

    BlockPlacement(List<QwenImageTransformerBlock> blocks, List<WeightMap> blockWeights, Precision precision) {
        this.blocks = blocks;
        this.blockWeights = blockWeights;
        this.precision = precision;
    }

    /** Whether {@code mode} keeps the blocks out of the model's first load (they are streamed or quantised). */
    static boolean loadsBlocksLater(MemoryMode mode) {
        return mode == MemoryMode.STREAM_BLOCKS || mode == MemoryMode.INT8;
    }

    /** Every block parameter. */
    Set<Param> params() {
        Set<Param> out = new HashSet<>();
        blockWeights.forEach(bw -> out.addAll(bw.declared()));
        return out;
    }

    /** Takes up {@code mode} on {@code manager} once the rest of the model is loaded (int8: quantises now). */
    void place(NDManager manager, MemoryMode mode) throws WeightsException {
        this.manager = manager;
        this.mode = mode;
        if (mode == MemoryMode.INT8) {
            quantize();
        }
    }

    MemoryMode mode() {
        return mode;
    }

    boolean evicted() {
        return evicted;
    }

    /** Loads and quantises block by block, so that at most one block is held in f32 at a time. */
    private void quantize() throws WeightsException {
        for (int i = 0; i < blocks.size(); i++) {
            blockWeights.get(i).loadParams(blockWeights.get(i).declared(), manager);
            for (Linear l : blocks.get(i).linears()) {
                l.quantizeInt8(manager);
            }
        }
    }

    /** Frees the blocks on the device; streamed blocks hold nothing between calls. */
    void evict() {
        if (mode == MemoryMode.STREAM_BLOCKS || evicted) {
            return;
        }
        evicted = true;
        release();
    }

    private void release() {
        for (int i = 0; i < blocks.size(); i++) {
            blockWeights.get(i).declared().forEach(Param::release);
            for (Linear l : blocks.get(i).linears()) {
                l.dropInt8();
            }
        }
    }

    /** Reloads what {@link #evict()} freed; nothing to do when the blocks are on the device. */
    void restore() throws WeightsException {
        if (mode == MemoryMode.STREAM_BLOCKS || !evicted) {
            return;
        }
        try {
            if (mode == MemoryMode.INT8) {
                quantize();
            } else {
                for (WeightMap bw : blockWeights) {
                    bw.loadParams(bw.declared(), manager, precision);
                }
            }
        } catch (WeightsException | RuntimeException e) {
            // e.g. out of device memory halfway: free what came back, so a retry starts from nothing
            release();
            throw e;
        }
        evicted = false;
    }

    /**
     * Materialises the block parameters {@code params} again (a merged LoRA changed their load-time adjustment) as
     * this placement holds them: on the device, released and loaded through {@code weights}; int8, each affected
     * Linear loaded, adjusted and quantised again; streamed or evicted, nothing now (their next load adjusts them).
     */
    void reload(List<Param> params, WeightMap weights) throws WeightsException {
        if (params.isEmpty() || mode == MemoryMode.STREAM_BLOCKS || evicted) {
            return;
        }
        if (mode == MemoryMode.INT8) {
            Set<Param> wanted = new HashSet<>(params);
            for (QwenImageTransformerBlock block : blocks) {
                for (Linear l : block.linears()) {
                    if (wanted.contains(l.weight())) {
                        l.dropInt8();
                        weights.loadParams(List.of(l.weight()), manager);
                        l.quantizeInt8(manager);
                    }
                }
            }
            return;
        }
        params.forEach(Param::release);
        weights.loadParams(params, manager, precision);
    }

    /** Runs block {@code i}'s {@code forward} with its weights on the device (streamed in and out around it). */
    NDList run(int i, Supplier<NDList> forward) {
        if (mode != MemoryMode.STREAM_BLOCKS) {
            return forward.get();
        }
        List<Param> streamed = blockWeights.get(i).declared();
        try {
            blockWeights.get(i).loadParams(streamed, manager, precision);
            return forward.get();
        } catch (WeightsException e) {
            // verified at load time: only a checkpoint changed or removed since then gets here
            throw new IllegalStateException("Streaming the transformer's weights failed (was the model folder"
                    + " changed while the model was loaded?): " + e.getMessage(), e);
        } finally {
            streamed.forEach(Param::release);
        }
    }
}
