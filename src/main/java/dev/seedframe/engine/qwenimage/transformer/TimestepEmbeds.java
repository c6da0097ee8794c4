package dev.seedframe.engine.qwenimage.transformer;

import ai.djl.ndarray.NDArray;

/**
 * The timestep embeddings the blocks modulate with. Without {@code zero_cond_t} one embedding {@code [Bt, D]} serves
 * both streams (Bt: the timestep's batch, 1 or B). With it (Qwen-Image-Edit-2511) the image stream's modulation is
 * computed for the batch {@code [t, 0]} ({@code [2·Bt, D]}): the first {@code outputTokens} image tokens, the output
 * image's, take the parameters of {@code t}, the tokens after them, the reference images', those of timestep 0
 * (diffusers' {@code modulate_index}); the text stream takes {@code t}'s alone.
 *
 * @param image the embedding the image stream's modulation ({@code img_mod}) is computed from
 * @param text the embedding of the text stream's ({@code txt_mod}); the same array as {@code image} without
 *     {@code zero_cond_t}
 * @param outputTokens with {@code zero_cond_t}, how many leading image tokens take {@code t}'s parameters (the rest
 *     take timestep 0's); -1 without it
 */
record TimestepEmbeds(NDArray image, NDArray text, long outputTokens) {

    /** One embedding for both streams and every token. */
    static TimestepEmbeds shared(NDArray temb) {
        return new TimestepEmbeds(temb, temb, -1);
    }

    boolean zeroCondT() {
        return outputTokens >= 0;
    }
}
