package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * Multimodal rotary position embedding (MRoPE) of the Qwen2.5-VL language model: transformers
 * {@code Qwen2_5_VLRotaryEmbedding} (cos/sin tables) and {@code apply_multimodal_rotary_pos_emb}
 * ({@code models/qwen2_5_vl/modeling_qwen2_5_vl.py}).
 *
 * <p>Every token has three position ids (temporal, height, width). The tables are built per axis as
 * in plain RoPE, {@code angle = pos · inv_freq}, {@code inv_freq[k] = 1 / θ^(2k/Dh)}, duplicated
 * ({@code cat(freqs, freqs)}, the rotate-half layout). The head's Dh channels are then cut into the
 * sections {@code mrope_section · 2} ({@code [s_t, s_h, s_w, s_t, s_h, s_w]}) and section i takes its
 * values from axis {@code i mod 3}. For text tokens the three ids are equal and this is plain RoPE.
 * The tables are computed with libtorch ops in f32, in the reference's order.
 *
 * <p>Dimension letters: A position axes (3), B batch, S sequence, H heads, Dh head width.
 */
final class TextEncoderRotaryEmbedding {

    /** {@link #invFreq()}, once computed. */
    private float[] invFreq;

    private final int headDim;
    private final double theta;
    private final int[] sections;

    TextEncoderRotaryEmbedding(TextEncoderConfig c) {
        headDim = c.headDim();
        theta = c.ropeTheta();
        List<Integer> s = c.mropeSection();
        sections = new int[2 * s.size()];
        for (int i = 0; i < sections.length; i++) {
            sections[i] = s.get(i % s.size());
        }
    }

    /** cos/sin tables {@code [B, 1, S, Dh]} for one forward pass; closing them is the caller's scope's job. */
    record Tables(NDArray cos, NDArray sin) {

        /** {@code x·cos + rotate_half(x)·sin} on {@code x [B, H, S, Dh]}. */
        NDArray apply(NDArray x) {
            long half = x.getShape().get(3) / 2;
            NDArray x1 = x.get(new NDIndex("..., :{}", half)); // [B, H, S, Dh/2]
            NDArray x2 = x.get(new NDIndex("..., {}:", half)); // [B, H, S, Dh/2]
            NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), -1); // [B, H, S, Dh]
            return x.mul(cos).add(rotated.mul(sin));
        }
    }

    /**
     * @param positionIds {@code [A, B, S]} integer positions
     * @param manager where the tables are created
     */
    Tables tables(NDArray positionIds, NDManager manager) {
        NDArray invFreq = manager.create(invFreq()); // [Dh/2]
        NDArray pos = positionIds.toType(DataType.FLOAT32, false).expandDims(-1); // [A, B, S, 1]
        NDArray freqs = pos.mul(invFreq); // [A, B, S, Dh/2]
        NDArray emb = NDArrays.concat(new NDList(freqs, freqs), -1); // [A, B, S, Dh]
        return new Tables(select(emb.cos()), select(emb.sin()));
    }

    /**
     * inv_freq = 1 / theta^(arange(0, Dh, 2) / Dh) in f32, computed once by libtorch on the CPU, as transformers
     * computes it when the model is built (a GPU's pow could differ in the last bit).
     */
    private synchronized float[] invFreq() {
        if (invFreq == null) {
            try (NDManager cpu = ai.djl.engine.Engine.getEngine(dev.seedframe.engine.runtime.DjlRuntime.ENGINE_NAME)
                    .newBaseManager(ai.djl.Device.cpu())) {
                NDArray exponents = cpu.arange(0, headDim, 2, DataType.INT64).toType(DataType.FLOAT32, false)
                        .div(headDim);
                invFreq = cpu.ones(exponents.getShape()).div(cpu.create((float) theta).pow(exponents)).toFloatArray();
            }
        }
        return invFreq;
    }

    /** Section i of the channels from axis i mod A: {@code [A, B, S, Dh] → [B, 1, S, Dh]}. */
    private NDArray select(NDArray table) {
        NDList parts = new NDList(sections.length);
        int start = 0;
        for (int i = 0; i < sections.length; i++) {
            int axis = i % TextEncoderConfig.MROPE_AXES;
            parts.add(table.get(new NDIndex("{}, :, :, {}:{}", axis, start, start + sections[i]))); // [B, S, s_i]
            start += sections[i];
        }
        return NDArrays.concat(parts, -1).expandDims(1); // [B, 1, S, Dh]
    }
}
