package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.weights.WeightMap;

/**
 * The SiLU-gated MLP of a text decoder layer: transformers {@code Qwen2MLP}
 * ({@code models/qwen2_5_vl/modeling_qwen2_5_vl.py}), {@code down(silu(gate(x)) · up(x))}, no biases.
 *
 * <p>Dimension letters: B batch, S sequence, D model width, I intermediate width.
 */
final class TextEncoderMlp {

    private final Ops ops;
    final Linear gateProj;
    final Linear upProj;
    final Linear downProj;

    TextEncoderMlp(WeightMap w, TextEncoderConfig c, Ops ops) {
        this.ops = ops;
        gateProj = ops.newLinear(w.prefix("gate_proj"), c.hiddenSize(), c.intermediateSize(), false);
        upProj = ops.newLinear(w.prefix("up_proj"), c.hiddenSize(), c.intermediateSize(), false);
        downProj = ops.newLinear(w.prefix("down_proj"), c.intermediateSize(), c.hiddenSize(), false);
    }

    /** {@code x [B, S, D] → [B, S, D]}. */
    NDArray forward(NDArray x) {
        NDArray gate = ops.silu(gateProj.forward(x)); // [B, S, I]
        return downProj.forward(ops.mul(gate, upProj.forward(x))); // [B, S, D]
    }
}
