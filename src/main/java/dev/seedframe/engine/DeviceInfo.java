package dev.seedframe.engine;

/**
 * The device a model runs on, as resolved from a {@link DeviceChoice}.
 *
 * @param requested what the user asked for ({@link DeviceChoice#id()})
 * @param id {@code cpu} or {@code cuda:N}
 * @param description what is recorded and shown, e.g. {@code cpu (2 threads)} or {@code cuda:0 (NVIDIA
 *     GeForce RTX 4090, 24.0 GiB)}
 * @param runtime the libtorch in use, e.g. {@code libtorch 2.7.1 (CPU build) from ~/.cache/seedframe/djl/...}
 * @param memoryBytes the GPU's total memory, or -1 on the CPU
 * @param fallbackReason why a GPU request runs on the CPU instead, or null when nothing fell back
 */
public record DeviceInfo(String requested, String id, String description, String runtime, long memoryBytes,
        String fallbackReason) {

    public boolean isGpu() {
        return id.startsWith("cuda");
    }

    public boolean fellBack() {
        return fallbackReason != null;
    }
}
