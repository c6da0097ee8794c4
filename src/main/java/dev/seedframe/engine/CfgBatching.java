package dev.seedframe.engine;

/**
 * How true CFG runs its two transformer passes per step.
 *
 * <ul>
 *   <li>{@link #SEPARATE} (default): two batch-1 calls, as diffusers' pipeline does (least peak memory).
 *   <li>{@link #BATCHED}: always one call with the conditional and unconditional samples as a batch of two
 *       (the shorter text padded and masked).
 *   <li>{@link #AUTO}: one batch-2 call when the extra activation memory fits (the model's rule, decided
 *       once per run), else two calls.
 * </ul>
 *
 * <p>Batched and separate passes agree to about 1e-6 but not bit for bit (other matrix shapes, other
 * summation orders): on the tiny model 7 of 24 images differed by one level somewhere. The project file does
 * not record this choice, so generations that are recorded use the default; the others are for benchmarks.
 */
public enum CfgBatching {
    AUTO,
    BATCHED,
    SEPARATE
}
