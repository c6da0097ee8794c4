package dev.seedframe.service;

import java.util.List;

/**
 * What the engine runs on here, for the studio's "This machine" dialog (the CLI's {@code devices}).
 *
 * @param runtime DJL and the libtorch in use, with its folder
 * @param cpuThreads libtorch's intra-op threads
 * @param gpus one line per GPU libtorch sees: id, name, memory
 * @param gpuUse what a GPU request runs on: the GPU, or the CPU and why
 * @param gpuUsable whether a GPU request gets the GPU
 * @param warnings problems with the set-up (e.g. a libtorch of an untested version)
 */
public record MachineSummary(String runtime, int cpuThreads, List<String> gpus, String gpuUse, boolean gpuUsable,
        List<String> warnings) {

    public MachineSummary {
        gpus = List.copyOf(gpus);
        warnings = List.copyOf(warnings);
    }
}
