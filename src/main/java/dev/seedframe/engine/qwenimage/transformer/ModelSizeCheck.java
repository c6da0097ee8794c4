package dev.seedframe.engine.qwenimage.transformer;

import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.engine.weights.WeightsException;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The size a transformer config asks for, checked before anything is declared or allocated: against the
 * weights it comes with (a config describing more parameters than its checkpoint holds does not belong to
 * it: refused at once, instead of listing every missing tensor) and against the memory that must hold it
 * when every weight is kept on the device. The count follows the classes that declare the parameters
 * ({@link QwenImageTransformer}, {@link QwenImageTransformerBlock}): 20,430,401,088 for the released
 * Qwen-Image (QWEN-IMAGE-SPEC.md A.3). Called by {@code ModelLoader} once the configs and shard headers are read.
 */
public final class ModelSizeCheck {

    private ModelSizeCheck() {}

    /** Parameters of one dual-stream block of width D and head width h: 36·D² + 30·D + 4·h. */
    static long blockParameters(TransformerConfig c) {
        long d = c.innerDim();
        return 36 * d * d + 30 * d + 4L * c.attentionHeadDim();
    }

    /** Every parameter the transformer declares for {@code c}. */
    static long transformerParameters(TransformerConfig c) {
        long d = c.innerDim();
        long joint = c.jointAttentionDim();
        long outside = c.inChannels() * d + d // img_in
                + joint // txt_norm
                + joint * d + d // txt_in
                + QwenTimestepProjEmbeddings.TIMESTEP_CHANNELS * d + d + d * d + d // time_text_embed
                + 2 * d * d + 2 * d // norm_out
                + d * c.outFeatures() + c.outFeatures(); // proj_out
        return Math.addExact(Math.multiplyExact(c.numLayers(), blockParameters(c)), outside);
    }

    /**
     * @throws WeightsException when the config asks for more parameters than {@code weights} hold, or, for
     *     a resident model, more memory than the device (a GPU's, or the machine's for the CPU) has
     */
    public static void check(TransformerConfig c, Checkpoint weights, DeviceInfo device, MemoryMode mode,
            Precision precision) throws WeightsException {
        long wanted = transformerParameters(c);
        long held = 0;
        boolean allF32 = true;
        for (String name : weights.names()) {
            TensorInfo t = weights.info(name);
            held += t.numel();
            allF32 &= t.dtype() == dev.seedframe.engine.weights.StDType.F32;
        }
        TransformerKeys.Size size = TransformerKeys.size(weights);
        // fewer parameters in weights whose blocks and widths are the config's: a tensor is missing, and the weights'
        // verification names it (with the file); only a config of another size is refused here
        if (wanted > held && (size == null || !size.fits(c))) {
            throw new WeightsException(String.format(Locale.ROOT, "transformer/config.json describes a transformer of"
                    + " %s parameters (%d blocks of width %d), but its weights in %s hold %s: the config does not"
                    + " belong to these weights", billions(wanted), c.numLayers(), c.innerDim(), weights.dir(),
                    billions(held)));
        }
        if (mode != MemoryMode.RESIDENT) {
            return; // the blocks are streamed or quantised: the resident size does not apply
        }
        long bytes = Math.multiplyExact(wanted, precision == Precision.BF16 ? 2L : 4L);
        if (device != null && device.isGpu() && device.memoryBytes() > 0 && bytes > device.memoryBytes()) {
            throw new WeightsException(String.format(Locale.ROOT, "The transformer's %s parameters need %s on %s,"
                    + " which has %s: choose a memory mode (--memory-mode stream-blocks or int8)", billions(wanted),
                    gib(bytes), device.id(), gib(device.memoryBytes())));
        }
        long ram = physicalMemory();
        // f32 weights on the CPU are mapped from the file, not copied; any other dtype is widened into memory
        if ((device == null || !device.isGpu()) && !allF32 && ram > 0 && bytes > ram) {
            throw new WeightsException(String.format(Locale.ROOT, "The transformer's %s parameters need %s of memory"
                    + " in f32, and this machine has %s: choose a memory mode (--memory-mode stream-blocks or int8)",
                    billions(wanted), gib(bytes), gib(ram)));
        }
    }

    static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    private static String billions(long n) {
        return n >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2f B", n / 1e9)
                : String.format(Locale.ROOT, "%,d", n);
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
