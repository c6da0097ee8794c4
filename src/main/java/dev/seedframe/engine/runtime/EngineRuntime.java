package dev.seedframe.engine.runtime;

import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The native services models compute with, owned by whoever opens models (the engine's provider, or a model
 * opened on its own, or a test) and handed down to every component that needs them; nothing here is global:
 *
 * <ul>
 *   <li>Seedframe's TorchScript helper ({@link SeedframeOps}: bf16, fused attention), generated into {@code
 *       helperCache} and loaded on first use, once per runtime;
 *   <li>the {@link Constants} that the f32 operations reuse.
 * </ul>
 *
 * Closing the runtime frees both; models opened with it must be closed first.
 */
public final class EngineRuntime implements AutoCloseable {

    private final Path helperCache;
    private final Path cacheDir;
    private final Constants constants = new Constants();
    private SeedframeOps helper;
    private boolean closed;

    private EngineRuntime(Path helperCache, Path cacheDir) {
        this.helperCache = Objects.requireNonNull(helperCache, "helperCache");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /**
     * A runtime on DJL's PyTorch engine (started offline if it is not yet), caching in Seedframe's cache folder (the
     * helper where {@link SeedframeOps#cacheDir()} says).
     */
    public static EngineRuntime open() throws EngineException {
        DjlRuntime.engine();
        return new EngineRuntime(SeedframeOps.cacheDir(), DjlRuntime.defaultCacheDir());
    }

    /** A runtime caching everything it derives in {@code cacheDir} (the helper in its {@code torchscript/}). */
    public static EngineRuntime open(Path cacheDir) throws EngineException {
        DjlRuntime.engine();
        return new EngineRuntime(cacheDir.resolve("torchscript"), cacheDir);
    }

    /** Where what is derived once and kept lives (e.g. the latent preview projections, {@code latent-rgb/}). */
    public Path cacheDir() {
        return cacheDir;
    }

    /**
     * The TorchScript helper, loaded on first use.
     *
     * @throws EngineException when it cannot be written or loaded (the fused attention then falls back to
     *     matMul + softmax; bf16 is impossible without it)
     */
    public synchronized SeedframeOps helper() throws EngineException {
        if (closed) {
            throw new IllegalStateException("The engine runtime was used after it was closed");
        }
        if (helper == null) {
            helper = SeedframeOps.load(helperCache);
        }
        return helper;
    }

    public Constants constants() {
        return constants;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        constants.close();
        if (helper != null) {
            helper.close();
            helper = null;
        }
    }
}
