package dev.seedframe.engine;

import java.util.Objects;

/**
 * How a model is opened: the device asked for, the memory mode and the compute precision. All three are
 * recorded with every generation ({@link dev.seedframe.domain.EngineEnvironment}): device and dtype as
 * resolved (a GPU request that fell back to the CPU records the CPU), the memory mode as used.
 *
 * @param device where to compute (resolved when the model opens; a GPU choice may fall back to the CPU)
 * @param memoryMode weight placement for smaller cards
 * @param precision compute dtype; honoured on a GPU, while a bf16 request on the CPU is computed in f32 and
 *     the environment records float32 (bf16 is 3–4× slower there; {@code QwenImageModel.open(dir,
 *     Precision.BF16)} forces it, which is how the tests check the bf16 numerics on the CPU)
 */
public record EngineOptions(DeviceChoice device, MemoryMode memoryMode, Precision precision, CfgBatching cfgBatching) {

    public EngineOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(memoryMode, "memoryMode");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(cfgBatching, "cfgBatching");
        String refusal = memoryMode.refusal(precision);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
    }

    /** CFG as two passes (diffusers' way, the default). */
    public EngineOptions(DeviceChoice device, MemoryMode memoryMode, Precision precision) {
        this(device, memoryMode, precision, CfgBatching.SEPARATE);
    }

    /** CPU, everything resident, float32: what {@link ModelProvider#open(java.nio.file.Path)} uses. */
    public static EngineOptions defaults() {
        return new EngineOptions(DeviceChoice.cpu(), MemoryMode.RESIDENT, Precision.F32);
    }

    public EngineOptions withDevice(DeviceChoice d) {
        return new EngineOptions(d, memoryMode, precision, cfgBatching);
    }

    public EngineOptions withMemoryMode(MemoryMode m) {
        return new EngineOptions(device, m, precision, cfgBatching);
    }

    public EngineOptions withPrecision(Precision p) {
        return new EngineOptions(device, memoryMode, p, cfgBatching);
    }

    public EngineOptions withCfgBatching(CfgBatching c) {
        return new EngineOptions(device, memoryMode, precision, c);
    }
}
