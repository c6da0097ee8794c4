package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.nn.RmsNorm;
import dev.seedframe.engine.weights.WeightMap;
import java.util.List;

/**
 * One pre-norm decoder layer of the Qwen2.5-VL language model: transformers
 * {@code Qwen2_5_VLDecoderLayer} ({@code models/qwen2_5_vl/modeling_qwen2_5_vl.py}).
 *
 * <pre>
 *   x = x + self_attn(input_layernorm(x))
 *   x = x + mlp(post_attention_layernorm(x))
 * </pre>
 *
 * <p>Dimension letters: B batch, S sequence, D model width.
 */
final class TextEncoderDecoderLayer {

    private final Ops ops;
    final RmsNorm inputLayernorm;
    final TextEncoderAttention selfAttn;
    final RmsNorm postAttentionLayernorm;
    final TextEncoderMlp mlp;

    TextEncoderDecoderLayer(WeightMap w, TextEncoderConfig c, Ops ops) {
        float eps = (float) c.rmsNormEps();
        this.ops = ops;
        inputLayernorm = new RmsNorm(ops, w.prefix("input_layernorm"), c.hiddenSize(), eps);
        selfAttn = new TextEncoderAttention(w.prefix("self_attn"), c, ops);
        postAttentionLayernorm = new RmsNorm(ops, w.prefix("post_attention_layernorm"), c.hiddenSize(), eps);
        mlp = new TextEncoderMlp(w.prefix("mlp"), c, ops);
    }

    /** {@code x [B, S, D] → [B, S, D]}; every intermediate is left to the caller's scope. */
    NDArray forward(NDArray x, TextEncoderRotaryEmbedding.Tables rope, NDArray additiveMask) {
        NDArray h = ops.add(x, selfAttn.forward(inputLayernorm.forward(x), rope, additiveMask)); // [B, S, D]
        return ops.add(h, mlp.forward(postAttentionLayernorm.forward(h))); // [B, S, D]
    }

    /** Every Linear of the layer (q/k/v/o and the gated MLP), for int8 quantisation. */
    List<Linear> linears() {
        return List.of(selfAttn.qProj, selfAttn.kProj, selfAttn.vProj, selfAttn.oProj, mlp.gateProj, mlp.upProj,
                mlp.downProj);
    }
}
