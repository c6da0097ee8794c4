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
        long total = gpuMemory(index)[0];
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
        DeviceInfo gpu = resolve(DeviceChoice.gpu(0));
        List<RuntimeReport.Gpu> gpus = new ArrayList<>();
        int count = gpu.fellBack() ? 0 : gpuCount(engine);
        for (int i = 0; i < count; i++) {
            long[] memory = gpuMemory(i);
            long total = memory[0];
            long used = memory[1];
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
        return new RuntimeReport(DjlRuntime.djlVersion(), gpu.runtime(), DjlRuntime.threads(), gpus, gpu, notes);
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
                    + (driver ? "; a CUDA driver with " + safeGpuCount() + " GPU(s) is present, so run `seedframe"
                            + " setup-gpu` (it fetches the CUDA 12.8 libtorch 2.7.1 DJL needs), or point"
                            + " PYTORCH_LIBRARY_PATH at one (README: Running on a GPU)"
                            : "; no CUDA driver was found on this machine");
        }
        int count = gpuCount(engine);
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
        return safeGpuCount() > 0;
    }

    /** GPUs the driver shows: through the CUDA runtime when JNA finds it, else by {@code nvidia-smi -L}. */
    private static int safeGpuCount() {
        try {
            int n = CudaUtils.getGpuCount();
            if (n > 0) {
                return n;
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // cudart not found by its usual name
        }
        return nvidiaSmiGpuCount();
    }

    /** Lines of {@code nvidia-smi -L} that name a GPU; 0 without nvidia-smi. */
    private static int nvidiaSmiGpuCount() {
        return nvidiaSmiGpus().size();
    }

    /**
     * The GPUs the NVIDIA driver lists ({@code nvidia-smi -L}: {@code GPU 0: NVIDIA ... (UUID: ...)}), without
     * starting the engine; empty without a driver (no {@code nvidia-smi}, or it fails).
     */
    public static List<String> nvidiaSmiGpus() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
            List<String> gpus = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("GPU ")) {
                        gpus.add(line.strip());
                    }
                }
            }
            return p.waitFor(NVIDIA_SMI_TIMEOUT_S, TimeUnit.SECONDS) && p.exitValue() == 0 ? gpus : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
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
     * How many GPUs a CUDA libtorch sees. DJL counts them through the CUDA runtime library (cudart, loaded by
     * JNA by its usual name), which a user's libtorch folder may not provide under that name (a PyTorch wheel
     * keeps it in {@code nvidia/cuda_runtime/lib}, the libtorch zip under a hashed name): then {@code nvidia-smi
     * -L} counts them, unless {@code CUDA_VISIBLE_DEVICES} renumbers them, and as a last resort libtorch itself
     * is asked, by placing a one-element tensor on each device index in turn (which opens a CUDA context, a few
     * hundred MB, on each).
     */
    static int gpuCount(Engine engine) {
        int n;
        try {
            n = engine.getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            n = 0;
        }
        if (n > 0) {
            return n;
        }
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        if (visible == null) {
            int listed = nvidiaSmiGpuCount();
            if (listed > 0) {
                return listed;
            }
        }
        int probed = 0;
        while (probed < MAX_PROBED_GPUS) {
            try (ai.djl.ndarray.NDManager m = engine.newBaseManager(Device.gpu(probed))) {
                m.zeros(new ai.djl.ndarray.types.Shape(1)).close();
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                break;
            }
            probed++;
        }
        return probed;
    }

    /** Device indices tried by {@link #gpuCount} when the CUDA runtime cannot be asked. */
    private static final int MAX_PROBED_GPUS = 16;

    /**
     * {@code {total, used}} bytes of GPU {@code index} (libtorch's numbering): from the CUDA runtime
     * (cudaMemGetInfo, every process's allocations), else from {@code nvidia-smi}; -1 for what neither says.
     */
    static long[] gpuMemory(int index) {
        try {
            MemoryUsage mu = CudaUtils.getGpuMemory(Device.gpu(index));
            if (mu.getMax() > 0) {
                return new long[] {mu.getMax(), mu.getUsed()};
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // cudart not found by its usual name: nvidia-smi below
        }
        String line = nvidiaSmi("memory.total,memory.used", index);
        long[] mib = line == null ? null : parseMib(line);
        return mib == null ? new long[] {-1, -1} : new long[] {mib[0] << 20, mib[1] << 20};
    }

    /** {@code "81559, 1234"} (MiB, nvidia-smi's csv without units) as two numbers; null when it is not that. */
    static long[] parseMib(String line) {
        String[] parts = line.split(",");
        if (parts.length != 2) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The id {@code nvidia-smi -i} needs for libtorch's device {@code index}: libtorch numbers only the devices
     * in {@code CUDA_VISIBLE_DEVICES}, in its order, while nvidia-smi numbers every device (or takes a UUID).
     */
    static String physicalId(int index, String cudaVisibleDevices) {
        if (cudaVisibleDevices == null || cudaVisibleDevices.isBlank()) {
            return Integer.toString(index);
        }
        String[] ids = cudaVisibleDevices.split(",");
        return index < ids.length && !ids[index].isBlank() ? ids[index].trim() : Integer.toString(index);
    }

    /** One {@code --query-gpu} line for libtorch's device {@code index}, or null without nvidia-smi. */
    private static String nvidiaSmi(String query, int index) {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=" + query, "--format=csv,noheader,nounits", "-i",
                    physicalId(index, System.getenv("CUDA_VISIBLE_DEVICES"))).redirectErrorStream(true).start();
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
            // no nvidia-smi
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /**
     * The GPU's marketing name from {@code nvidia-smi}, else its compute capability from DJL's {@code
     * CudaUtils} (which has no name query).
     */
    static String gpuName(int index) {
        String name = nvidiaSmi("name", index);
        if (name != null) {
            return name;
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
        return gpuMemory(Integer.parseInt(info.id().substring("cuda:".length())))[1];
    }
}
