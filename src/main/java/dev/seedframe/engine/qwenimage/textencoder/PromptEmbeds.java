package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Optional;

/**
 * Encoded prompts as the Qwen-Image transformer takes them ({@code encoder_hidden_states} and
 * {@code encoder_hidden_states_mask}), plus what was cut to fit, so the caller can tell the user:
 * Seedframe never truncates a prompt silently.
 *
 * <p>Dimension letters: B prompts, L sequence, D text width.
 */
public final class PromptEmbeds implements AutoCloseable {

    private final NDArray embeds;
    private final NDArray mask;
    private final List<Integer> promptTokens;
    private final List<Integer> truncatedPromptTokens;

    PromptEmbeds(NDArray embeds, NDArray mask, List<Integer> promptTokens, List<Integer> truncatedPromptTokens) {
        this.embeds = embeds;
        this.mask = mask;
        this.promptTokens = List.copyOf(promptTokens);
        this.truncatedPromptTokens = List.copyOf(truncatedPromptTokens);
    }

    /** {@code [B, L, D]} f32: the text encoder's last hidden state without the template's system prefix. */
    public NDArray embeds() {
        return embeds;
    }

    /**
     * {@code [B, L]} int64 (1 = token, 0 = padding), present only when prompts of different lengths were
     * batched. Like diffusers' {@code encode_prompt}, an all-ones mask is dropped (a single prompt never
     * has one), and the transformer then attends to every token.
     */
    public Optional<NDArray> mask() {
        return Optional.ofNullable(mask);
    }

    /** The sequence length L. */
    public int length() {
        return Math.toIntExact(embeds.getShape().get(1));
    }

    public int batchSize() {
        return Math.toIntExact(embeds.getShape().get(0));
    }

    /** Tokens the user's prompt {@code i} produced (inside the template, before any cut). */
    public int promptTokens(int i) {
        return promptTokens.get(i);
    }

    /** How many of prompt {@code i}'s tokens did not make it into the embeddings (0 when it fitted). */
    public int truncatedPromptTokens(int i) {
        return truncatedPromptTokens.get(i);
    }

    /** Whether any prompt lost tokens to the length limits. */
    public boolean truncated() {
        return truncatedPromptTokens.stream().anyMatch(n -> n > 0);
    }

    /** Closes the embeddings and the mask. */
    @Override
    public void close() {
        embeds.close();
        if (mask != null) {
            mask.close();
        }
    }
}
