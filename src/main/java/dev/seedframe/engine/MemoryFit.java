package dev.seedframe.engine;

import java.util.Map;

/**
 * Which memory mode lets a model run in a given amount of memory, from the engine's estimates (weights from the
 * parameter counts, activations at the model's default size; not measured).
 *
 * @param gpu whether the budget is a GPU's memory (bf16 weights) or the host's (float32)
 * @param budgetBytes the memory the estimate was compared with
 * @param estimates the estimated peak bytes of each memory mode that can run at this precision
 * @param mode the first mode that fits, in the order resident, offload-text-encoder, int8, stream-blocks; null
 *     when none does
 * @param precision the compute precision the estimate assumes
 */
public record MemoryFit(boolean gpu, long budgetBytes, Map<MemoryMode, Long> estimates, MemoryMode mode,
        Precision precision) {

    public MemoryFit {
        estimates = Map.copyOf(estimates);
    }

    public boolean fits() {
        return mode != null;
    }

    /** The smallest estimate, what the machine would need at least. */
    public long leastBytes() {
        return estimates.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }
}
