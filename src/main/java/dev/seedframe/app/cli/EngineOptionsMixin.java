package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.engine.AttentionChoice;
import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.Engines;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --device}, {@code --memory-mode}, {@code --precision}, {@code --cfg-batching} and {@code --attention}: shared
 * by every command that runs the model.
 */
public final class EngineOptionsMixin {

    @Option(names = "--device", paramLabel = "auto|cpu|gpu|cuda:N", converter = DeviceConverter.class,
            description = "Where to compute (default cpu). gpu/cuda:N needs a CUDA libtorch (README: Running on a GPU);"
                    + " without a usable GPU the run falls back to the CPU and says why.")
    DeviceChoice device = DeviceChoice.cpu();

    @Option(names = "--memory-mode", paramLabel = "MODE", converter = MemoryModeConverter.class,
            description = "resident (default), offload-text-encoder, stream-blocks or int8 (README: Memory modes).")
    MemoryMode memoryMode = MemoryMode.RESIDENT;

    @Option(names = "--precision", paramLabel = "f32|bf16", converter = PrecisionConverter.class,
            description = "Compute dtype (default f32; the CPU always computes in f32).")
    Precision precision = Precision.F32;

    @Option(names = "--cfg-batching", paramLabel = "separate|batched", converter = CfgBatchingConverter.class,
            description = "True CFG as two passes (default separate, as diffusers) or one batch-2 call (batched:"
                    + " faster on a GPU, differs in the last bits; recorded, and named by replay).")
    dev.seedframe.engine.CfgBatching cfgBatching = dev.seedframe.engine.CfgBatching.SEPARATE;

    @Option(names = "--attention", paramLabel = "fused|matmul", converter = AttentionConverter.class,
            description = "Attention implementation (default fused: libtorch's SDPA through Seedframe's helper; matmul:"
                    + " DJL matMul + softmax, differs in the last bits; recorded, and named by replay).")
    AttentionChoice attention = AttentionChoice.FUSED;

    @Option(names = "--allow-runtime-download",
            description = "Let DJL download its own native libraries (e.g. a CUDA libtorch) on an online machine."
                    + " Off by default: Seedframe never goes online (README: Running on a GPU).")
    boolean allowRuntimeDownload;

    /** The options as given, before the device is resolved. */
    EngineOptions requested() {
        return new EngineOptions(device, memoryMode, precision, cfgBatching, attention, 0);
    }

    /**
     * Resolves the device, tells on {@code err} when a GPU request falls back to the CPU (and why), and makes
     * the result the model service's options. Returns the resolved device.
     */
    DeviceInfo apply(AppContext ctx, PrintWriter err) throws EngineException, UsageException {
        try {
            requested();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("memory mode int8", "--memory-mode int8")
                    .replace("precision bf16", "--precision bf16").replace("precision f32", "--precision f32"));
        }
        if (allowRuntimeDownload && !Engines.allowRuntimeDownload()) {
            err.println("note: --allow-runtime-download has no effect: the engine had already started offline");
        }
        DeviceInfo info = ctx.models().device(device);
        DeviceChoice effective = device;
        if (info.fellBack()) {
            err.println("warning: --device " + device.id() + " is not usable, running on the CPU instead: "
                    + info.fallbackReason());
            effective = DeviceChoice.cpu();
        } else if (info.isGpu()) {
            err.println("device: " + info.description() + ", " + info.runtime());
        }
        if (precision == Precision.BF16 && !info.isGpu()) {
            err.println("note: --precision bf16 runs in float32 on the CPU (bf16 matmuls are far slower there)");
        }
        ctx.models().setOptions(requested().withDevice(effective));
        return info;
    }

    /** {@code parse(value)}, its refusal turned into picocli's (which names the option). */
    private static <T> T parsed(java.util.function.Function<String, T> parse, String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    public static final class CfgBatchingConverter implements CommandLine.ITypeConverter<dev.seedframe.engine.CfgBatching> {
        @Override
        public dev.seedframe.engine.CfgBatching convert(String value) {
            dev.seedframe.engine.CfgBatching c = parsed(dev.seedframe.engine.CfgBatching::parse, value);
            if (c == dev.seedframe.engine.CfgBatching.AUTO) {
                // decided per run from free memory: its record would not fix the pixels
                throw new CommandLine.TypeConversionException("use separate or batched (auto is not recorded"
                        + " precisely enough to replay)");
            }
            return c;
        }
    }

    public static final class AttentionConverter implements CommandLine.ITypeConverter<AttentionChoice> {
        @Override
        public AttentionChoice convert(String value) {
            return parsed(AttentionChoice::parse, value);
        }
    }

    public static final class DeviceConverter implements CommandLine.ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            return parsed(DeviceChoice::parse, value);
        }
    }

    public static final class MemoryModeConverter implements CommandLine.ITypeConverter<MemoryMode> {
        @Override
        public MemoryMode convert(String value) {
            return parsed(MemoryMode::parse, value);
        }
    }

    public static final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            return parsed(Precision::parse, value);
        }
    }
}
