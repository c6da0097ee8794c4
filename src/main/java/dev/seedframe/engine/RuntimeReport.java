package dev.seedframe.engine;

import java.util.List;

/**
 * What the engine runs on here, for {@code seedframe devices}: the native runtime, the CPU threads, each GPU that
 * libtorch sees, and what a GPU request would get.
 *
 * @param djlVersion DJL's version
 * @param runtime the libtorch in use, e.g. {@code libtorch 2.7.1 (CUDA build, CUDA runtime 12.8) from /opt/...}
 * @param cpuThreads libtorch's intra-op threads
 * @param gpus the GPUs libtorch sees (empty on a CPU build)
 * @param gpu what {@code --device gpu} resolves to: the GPU, or the CPU with the reason
 * @param notes warnings about the set-up (e.g. a libtorch of another version than DJL's JNI library expects)
 */
public record RuntimeReport(String djlVersion, String runtime, int cpuThreads, List<Gpu> gpus, DeviceInfo gpu,
        List<String> notes) {

    public RuntimeReport {
        gpus = List.copyOf(gpus);
        notes = List.copyOf(notes);
    }

    /**
     * One GPU.
     *
     * @param id {@code cuda:N}
     * @param name its name ({@code nvidia-smi}), else its compute capability
     * @param totalBytes its memory, or -1 when unknown
     * @param usedBytes memory in use by every process, or -1 when unknown
     */
    public record Gpu(String id, String name, long totalBytes, long usedBytes) {}
}
