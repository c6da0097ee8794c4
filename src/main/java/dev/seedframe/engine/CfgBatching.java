package dev.seedframe.engine;

/**
 * How true CFG runs its two transformer passes per step.
 *
 * <ul>
 *   <li>{@link #AUTO} (default): one batch-2 call when the extra activation memory fits (see the model's
 *       rule), else two calls.
 *   <li>{@link #BATCHED}: always one call with the conditional and unconditional samples as a batch of two
 *       (the shorter text padded and masked).
 *   <li>{@link #SEPARATE}: two batch-1 calls, as diffusers' pipeline does (least peak memory).
 * </ul>
 */
public enum CfgBatching {
    AUTO,
    BATCHED,
    SEPARATE
}
