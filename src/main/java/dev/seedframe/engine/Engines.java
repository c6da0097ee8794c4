package dev.seedframe.engine;

import dev.seedframe.engine.qwenimage.QwenImageProvider;
import dev.seedframe.engine.runtime.DjlRuntime;

/**
 * The engine's front door: everything outside the engine sees only this package ({@code dev.seedframe.engine}),
 * and gets its models from the provider made here. The sub-packages are the engine's own (enforced by the
 * architecture test).
 */
public final class Engines {

    private Engines() {}

    /**
     * A provider of Qwen-Image family models on DJL's PyTorch engine. It owns the native services its models compute
     * with (made on first use); make one per application.
     */
    public static ModelProvider qwenImage() {
        return new QwenImageProvider();
    }

    /**
     * Lets DJL download native libraries (a CUDA libtorch on an online machine) in this process; Seedframe keeps it
     * offline otherwise. Only effective before the engine starts.
     *
     * @return whether it took effect (false: the engine had already started offline)
     */
    public static boolean allowRuntimeDownload() {
        return DjlRuntime.allowRuntimeDownload();
    }

    /**
     * Seedframe's per-user cache folder, following each OS's convention ({@code ~/.cache/seedframe} on Linux): where
     * the engine keeps DJL's libtorch, the TorchScript helper and benchmark files, and others may keep theirs.
     */
    public static java.nio.file.Path defaultCacheDir() {
        return DjlRuntime.defaultCacheDir();
    }
}
