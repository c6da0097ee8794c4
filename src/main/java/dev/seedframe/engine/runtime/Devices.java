package dev.seedframe.engine.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaUtils;
import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.RuntimeReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Turns a {@link DeviceChoice} into a DJL device: a GPU only when the running libtorch is a CUDA build that
 * sees the card; otherwise the CPU, with the reason in words ({@link DeviceInfo#fallbackReason()}).
 */
public final class Devices {

    /** Seconds allowed for {@code nvidia-smi} to name a GPU (it is only used for the description). */
    private static final long NVIDIA_SMI_TIMEOUT_S = 5;

    /** GPU names by index: {@code nvidia-smi} runs once per index per process. */
    private static final java.util.Map<Integer, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private Devices() {}

    /** Resolves {@code choice}; starts the engine (offline) if needed. */
    public static DeviceInfo resolve(DeviceChoice choice) throws EngineException {
        Engine engine = DjlRuntime.engine();
        String runtime = runtimeDescription(engine);
        if (choice.kind() == DeviceChoice.Kind.CPU) {
            return cpu(choice, runtime, null);
        }
        String reason = gpuUnavailableReason(engine, choice);
        if (reason != null) {
            // auto falls back silently: the CPU is what it means when there is no GPU
            return cpu(choice, runtime, choice.kind() == DeviceChoice.Kind.AUTO ? null : reason);
        }
        int index = choice.kind() == DeviceChoice.Kind.AUTO ? 0 : choice.index();
        Device d = Device.gpu(index);
        long total = -1;
        try {
            MemoryUsage mu = CudaUtils.getGpuMemory(d);
            total = mu.getMax();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // memory stays unknown; the description says so
        }
        String name = NAMES.computeIfAbsent(index, Devices::gpuName);
        String desc = "cuda:" + index + " (" + name + ", "
                + (total > 0 ? String.format(Locale.ROOT, "%.1f GiB", total / 1073741824.0) : "memory unknown") + ")";
        return new DeviceInfo(choice.id(), "cuda:" + index, desc, runtime, total, null);
    }

    /**
     * The runtime, the GPUs libtorch sees and what {@code --device gpu} would get; starts the engine (offline)
     * if needed.
     */
    public static RuntimeReport report() throws EngineException {
        Engine engine = DjlRuntime.engine();
        List<RuntimeReport.Gpu> gpus = new ArrayList<>();
        int count = gpuUnavailableReason(engine, DeviceChoice.gpu(0)) == null ? engine.getGpuCount() : 0;
        for (int i = 0; i < count; i++) {
            long total = -1;
            long used = -1;
            try {
                MemoryUsage mu = CudaUtils.getGpuMemory(Device.gpu(i));
                total = mu.getMax();
                used = mu.getUsed();
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                // memory stays unknown
            }
            gpus.add(new RuntimeReport.Gpu("cuda:" + i, NAMES.computeIfAbsent(i, Devices::gpuName), total, used));
        }
        List<String> notes = new ArrayList<>();
        LibtorchFolder.override().ifPresent(f -> {
            if (!f.matchesJni()) {
                notes.add("PYTORCH_LIBRARY_PATH holds libtorch " + f.version() + " (read from " + f.versionSource()
                        + "), not the " + LibtorchFolder.JNI_LIBTORCH_VERSION + " that DJL 0.35.1's JNI library is"
                        + " compiled against; it loaded, but this combination is untested: results may differ or"
                        + " crash");
            }
        });
        return new RuntimeReport(DjlRuntime.djlVersion(), runtimeDescription(engine), DjlRuntime.threads(), gpus,
                resolve(DeviceChoice.gpu(0)), notes);
    }

    /** The DJL device of a resolved {@link DeviceInfo}. */
    public static Device djlDevice(DeviceInfo info) {
        if (!info.isGpu()) {
            return Device.cpu();
        }
        return Device.gpu(Integer.parseInt(info.id().substring("cuda:".length())));
    }

    /** Why {@code choice} cannot run on a GPU, or null when it can. */
    static String gpuUnavailableReason(Engine engine, DeviceChoice choice) {
        boolean cudaTorch;
        try {
            cudaTorch = engine.hasCapability(StandardCapabilities.CUDA);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            cudaTorch = false;
        }
        if (!cudaTorch) {
            boolean driver = hasCudaDriver();
            return "the libtorch in use is a CPU build (" + safeLibtorchPath() + ")"
                    + (driver ? "; a CUDA driver with " + safeGpuCount() + " GPU(s) is present, so point"
                            + " PYTORCH_LIBRARY_PATH at a CUDA 12.8 libtorch 2.7.1 with PYTORCH_VERSION=2.7.1"
                            + " and PYTORCH_FLAVOR=cu128 (README: Running on a GPU)"
                            : "; no CUDA driver was found on this machine");
        }
        int count;
        try {
            count = engine.getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            count = 0;
        }
        if (count == 0) {
            return "libtorch is a CUDA build but sees no GPU (check the NVIDIA driver and CUDA_VISIBLE_DEVICES)";
        }
        int index = choice.kind() == DeviceChoice.Kind.AUTO ? 0 : choice.index();
        if (index >= count) {
            return "cuda:" + index + " does not exist: libtorch sees " + count + " GPU(s) (cuda:0"
                    + (count > 1 ? " to cuda:" + (count - 1) : "") + ")";
        }
        return null;
    }

    private static DeviceInfo cpu(DeviceChoice choice, String runtime, String reason) throws EngineException {
        return new DeviceInfo(choice.id(), "cpu", "cpu (" + DjlRuntime.threads() + " threads)", runtime, -1, reason);
    }

    private static boolean hasCudaDriver() {
        try {
            return CudaUtils.hasCuda();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static int safeGpuCount() {
        try {
            return CudaUtils.getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return 0;
        }
    }

    private static String safeLibtorchPath() {
        try {
            return ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "path unknown";
        }
    }

    /** {@code libtorch 2.7.1 (CPU build) from DIR} or {@code (CUDA build, CUDA 12.8)}. */
    static String runtimeDescription(Engine engine) {
        boolean cuda;
        try {
            cuda = engine.hasCapability(StandardCapabilities.CUDA);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            cuda = false;
        }
        String build = cuda ? "CUDA build" + cudaVersion() : "CPU build";
        return "libtorch " + engine.getVersion() + " (" + build + ") from " + safeLibtorchPath();
    }

    private static String cudaVersion() {
        try {
            return ", CUDA runtime " + CudaUtils.getCudaVersionString();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "";
        }
    }

    /**
     * The GPU's marketing name from {@code nvidia-smi}, else its compute capability from DJL's {@code
     * CudaUtils} (which has no name query).
     */
    static String gpuName(int index) {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader", "-i",
                    Integer.toString(index)).redirectErrorStream(true).start();
            String line;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = r.readLine();
            }
            if (p.waitFor(NVIDIA_SMI_TIMEOUT_S, TimeUnit.SECONDS) && p.exitValue() == 0 && line != null
                    && !line.isBlank()) {
                return line.trim();
            }
            p.destroy();
        } catch (IOException e) {
            // no nvidia-smi: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return "CUDA device " + index + ", compute capability " + CudaUtils.getComputeCapability(index);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "CUDA device " + index;
        }
    }

    /**
     * Device memory in use on a GPU (cudaMemGetInfo: every process's allocations, including libtorch's
     * caching allocator), or -1 on the CPU or when unknown.
     */
    public static long gpuMemoryUsedBytes(DeviceInfo info) {
        if (!info.isGpu()) {
            return -1;
        }
        try {
            return CudaUtils.getGpuMemory(djlDevice(info)).getUsed();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return -1;
        }
    }
}
