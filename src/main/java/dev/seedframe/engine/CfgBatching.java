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
 * summation orders): on the tiny model 7 of 24 images differed by one level somewhere. The project file
 * records the choice ({@link dev.seedframe.domain.EngineEnvironment#cfgBatching()}) and replay names it;
 * {@link #AUTO} decides per run from free memory, so what it records ("auto") does not fix the pixels: it is
 * for benchmarks, and the command line offers separate and batched only.
 */
public enum CfgBatching {
    AUTO,
    BATCHED,
    SEPARATE;

    /** The option and record spelling: {@code separate}, {@code batched}, {@code auto}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses an {@link #id()} (any case). */
    public static CfgBatching parse(String s) {
        for (CfgBatching c : values()) {
            if (c.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown CFG batching '" + s + "': use separate or batched");
    }
}
