package dev.seedframe.service;

/**
 * What an engine choice resolved to, for the studio's status line (worded by the window in its language).
 *
 * @param device the device as described, e.g. {@code cpu (8 threads)} or {@code cuda:0 (NVIDIA ..., 24.0 GiB)}
 * @param runtime the libtorch in use
 * @param memoryMode the memory mode's id
 * @param bf16OnCpu bf16 was asked for but the CPU computes in float32
 * @param fallbackReason why a GPU request runs on the CPU, or null when nothing fell back
 */
public record EngineStatus(String device, String runtime, String memoryMode, boolean bf16OnCpu,
        String fallbackReason) {

    public boolean fellBack() {
        return fallbackReason != null;
    }
}
