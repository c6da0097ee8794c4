package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.weights.WeightMap;

/**
 * Timestep embedding, mirroring diffusers' {@code QwenTimestepProjEmbeddings} (<a
 * href="https://github.com/huggingface/diffusers/blob/58eb52c0803ea9af3abec60841c2a093bdf1f951/src/diffusers/models/transformers/transformer_qwenimage.py">transformer_qwenimage.py</a>):
 * {@code Timesteps(num_channels=256, flip_sin_to_cos=True, downscale_freq_shift=0, scale=1000)} then
 * {@code TimestepEmbedding} ({@code linear_1}, SiLU, {@code linear_2}); checkpoint prefix {@code
 * time_text_embed}.
 *
 * <p>The sinusoid is computed with libtorch ops in the reference's order and precision (f32
 * frequencies {@code exp(−ln(10000)·k/128)}, angle {@code (t·freq)·1000}, then {@code [cos, sin]}),
 * because the angles reach ~1000 rad and a one-ulp difference in a frequency would show.
 *
 * <p>Dimension letters: B batch, F sinusoid features (256), D inner width.
 */
public final class QwenTimestepProjEmbeddings {

    /** Sinusoid width: {@code Timesteps(num_channels=256, ...)} in {@code QwenTimestepProjEmbeddings}. */
    static final int TIMESTEP_CHANNELS = 256;

    /** {@code Timesteps(scale=1000)}: the model sees σ·1000. */
    static final float TIMESTEP_SCALE = 1000f;

    /** {@code get_timestep_embedding(max_period=10000)}. */
    static final double MAX_PERIOD = 10000.0;

    private final Ops ops;
    private final Linear linear1;
    private final Linear linear2;

    /** Declares the parameters under {@code w} (prefix {@code time_text_embed}), computed by {@code ops}. */
    public QwenTimestepProjEmbeddings(WeightMap w, int embeddingDim, Ops ops) {
        this.ops = ops;
        WeightMap te = w.prefix("timestep_embedder");
        this.linear1 = ops.newLinear(te.prefix("linear_1"), TIMESTEP_CHANNELS, embeddingDim, true);
        this.linear2 = ops.newLinear(te.prefix("linear_2"), embeddingDim, embeddingDim, true);
    }

    /**
     * {@code timestep [B]} (σ, i.e. t/1000, holding values of the compute dtype: the transformer rounds it to the
     * hidden states' dtype) → {@code temb [B, D]}: the sinusoid in f32 except that {@code exp(exponent)} is rounded
     * to the timestep's dtype ({@code torch.exp(exponent).to(timesteps.dtype)}), then in the compute dtype {@code
     * linear_1}, SiLU, {@code linear_2}.
     */
    public NDArray forward(NDArray timestep) {
        NDArray proj = ops.toCompute(sinusoid(timestep, ops)); // [B, F]
        return linear2.forward(ops.silu(linear1.forward(proj)));
    }

    /** {@code get_timestep_embedding(t, 256, flip_sin_to_cos=True, downscale_freq_shift=0, scale=1000)}. */
    static NDArray sinusoid(NDArray timestep, Ops ops) {
        int half = TIMESTEP_CHANNELS / 2;
        NDArray t = timestep.toType(DataType.FLOAT32, false);
        NDArray exponent = t.getManager()
                .arange(0f, (float) half, 1f, DataType.FLOAT32)
                .mul((float) -Math.log(MAX_PERIOD))
                .div((float) half); // / (half - downscale_freq_shift)
        NDArray freqs = ops.roundToCompute(exponent.exp()); // [F/2], .to(timesteps.dtype)
        NDArray args = t.expandDims(1) // [B, 1]
                .mul(freqs.expandDims(0)) // [B, F/2]
                .mul(TIMESTEP_SCALE);
        return args.cos().concat(args.sin(), 1); // [B, F], cos first (flip_sin_to_cos)
    }
}
