package dev.seedframe.engine.qwenimage.loading;

import dev.seedframe.domain.AppVersion;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.nn.AttentionKernel;
import dev.seedframe.engine.rng.TorchCpuGenerator;
import dev.seedframe.engine.runtime.DjlRuntime;

/**
 * The engine environment a model runs in, as every generation records it: versions, device, dtype, noise
 * algorithm, attention implementation, OS, memory mode and CFG batching.
 */
public final class EngineEnvironments {

    private EngineEnvironments() {}

    /**
     * The dtype the denoiser computes in for {@code options} on {@code device}: bf16 when asked for on a GPU; the CPU
     * computes f32 (a full-width layer is 3–4× slower in bf16 on an AVX2 CPU without bf16 matmul, see the README's
     * Benchmarks), so a bf16 request there is computed, and recorded, as float32.
     */
    public static Precision computePrecision(DeviceInfo device, EngineOptions options) {
        return device.isGpu() ? options.precision() : Precision.F32;
    }

    /** The environment of a model computing in {@code precision} with {@code attention} (dtype and noise follow). */
    public static EngineEnvironment of(DeviceInfo device, EngineOptions options, Precision precision,
            AttentionKernel attention) throws EngineException {
        return new EngineEnvironment(AppVersion.seedframe(), DjlRuntime.djlVersion(), DjlRuntime.libtorchVersion(),
                device.description(), precision.dtypeName(),
                precision == Precision.BF16 ? TorchCpuGenerator.ALGORITHM_BF16 : TorchCpuGenerator.ALGORITHM,
                attention.describe(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                options.memoryMode().id(), options.cfgBatching().id());
    }
}
