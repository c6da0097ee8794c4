package dev.seedframe.engine;

import java.util.Locale;

/**
 * Where the user asked the engine to compute: {@code auto} (a usable CUDA GPU, else the CPU), {@code cpu},
 * {@code gpu} (the first CUDA GPU) or {@code cuda:N}. A GPU choice falls back to the CPU with a stated reason
 * when no usable GPU is found (see {@code engine.runtime.Devices}).
 *
 * @param kind what was asked
 * @param index the CUDA device index for {@link Kind#GPU} (0 for {@code gpu})
 */
public record DeviceChoice(Kind kind, int index) {

    public enum Kind {
        AUTO,
        CPU,
        GPU
    }

    public DeviceChoice {
        if (index < 0) {
            throw new IllegalArgumentException("a CUDA device index cannot be negative: " + index);
        }
    }

    public static DeviceChoice cpu() {
        return new DeviceChoice(Kind.CPU, 0);
    }

    public static DeviceChoice auto() {
        return new DeviceChoice(Kind.AUTO, 0);
    }

    public static DeviceChoice gpu(int index) {
        return new DeviceChoice(Kind.GPU, index);
    }

    /** Parses {@code auto}, {@code cpu}, {@code gpu}, {@code cuda} or {@code cuda:N} (any case). */
    public static DeviceChoice parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "auto":
                return auto();
            case "cpu":
                return cpu();
            case "gpu":
            case "cuda":
                return gpu(0);
            default:
                break;
        }
        if (v.startsWith("cuda:") || v.startsWith("gpu:")) {
            String n = v.substring(v.indexOf(':') + 1);
            try {
                int i = Integer.parseInt(n);
                if (i >= 0) {
                    return gpu(i);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("unknown device '" + s + "': use auto, cpu, gpu or cuda:N (N = 0, 1, ...)");
    }

    /** The spelling {@link #parse} reads back. */
    public String id() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> "cuda:" + index;
        };
    }

    @Override
    public String toString() {
        return id();
    }
}
