package dev.seedframe.engine.qwenimage.transformer;

/**
 * Floating-point operations of one transformer forward (a multiply-add counts 2), for benchmark ratios.
 *
 * <p>Per block, with N = image + text tokens, D the inner width: the q/k/v/out projections and the 4×
 * MLP of each token's own stream, {@code 2·N·(4D² + 8D²) = 24·D²·N}; attention scores and the weighted sum,
 * {@code 2·2·N²·D = 4·N²·D}; the two modulation Linears once per sample, {@code 2·2·D·6D}. Outside the
 * blocks: {@code img_in}, {@code txt_in}, the timestep MLP, {@code norm_out}'s Linear and {@code proj_out}.
 * Element-wise work (norms, RoPE, softmax, GELU) is left out (well under 1 %).
 *
 * <p>docs/QWEN-IMAGE-SPEC.md H.1 gives 68.3 TFLOP at 1024² with a 14-token prompt (55.9 linear + 12.5 attention);
 * this count gives the same to three digits plus 0.017 TFLOP outside the blocks. (The spec's formula line
 * says 48·D²·N, but its table's numbers are 24·D²·N.)
 *
 * @param blockLinear the blocks' projections and MLPs
 * @param attention scores and weighted sums
 * @param other modulation, embedders and output projection
 */
public record FlopCount(double blockLinear, double attention, double other) {

    /** Sinusoidal timestep features feeding the timestep MLP ({@code Timesteps(num_channels=256)}). */
    static final int TIMESTEP_CHANNELS = QwenTimestepProjEmbeddings.TIMESTEP_CHANNELS;

    public double total() {
        return blockLinear + attention + other;
    }

    /** One forward of {@code c} over {@code imageTokens} image and {@code textTokens} text tokens, batch 1. */
    public static FlopCount forward(TransformerConfig c, long imageTokens, long textTokens) {
        double d = c.innerDim();
        double n = imageTokens + textTokens;
        int layers = c.numLayers();
        double linear = layers * 24.0 * d * d * n;
        double attention = layers * 4.0 * n * n * d;
        double modulation = layers * 2 * (2.0 * d * (6 * d));
        double embed = 2.0 * imageTokens * c.inChannels() * d + 2.0 * textTokens * c.jointAttentionDim() * d
                + 2.0 * (TIMESTEP_CHANNELS * d + d * d);
        double out = 2.0 * d * (2 * d) + 2.0 * imageTokens * d * c.outFeatures();
        return new FlopCount(linear, attention, modulation + embed + out);
    }
}
