package dev.seedframe.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Process memory figures for benchmarks (Linux {@code /proc}; elsewhere only the JVM heap is known). */
public final class MemoryProbe {

    private MemoryProbe() {}

    /** Peak resident set size in bytes (VmHWM), or -1 when the OS does not tell. */
    public static long peakRssBytes() {
        return procStatus("VmHWM:");
    }

    /** Current resident set size in bytes (VmRSS), or -1. */
    public static long rssBytes() {
        return procStatus("VmRSS:");
    }

    private static long procStatus(String key) {
        Path p = Path.of("/proc/self/status");
        if (!Files.isReadable(p)) {
            return -1;
        }
        try {
            List<String> lines = Files.readAllLines(p);
            for (String l : lines) {
                if (l.startsWith(key)) {
                    String[] parts = l.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Anonymous resident memory (RssAnon): what the process allocated itself, without pages of files it has
     * mapped (memory-mapped weights count in {@link #rssBytes()} but belong to the page cache), or -1.
     */
    public static long anonRssBytes() {
        return procStatus("RssAnon:");
    }

    /**
     * Resets the peak resident set size (Linux: writing 5 to {@code /proc/self/clear_refs}), so that a
     * benchmark's peak excludes its set-up. Returns false where the OS does not allow it.
     */
    public static boolean resetPeakRss() {
        Path p = Path.of("/proc/self/clear_refs");
        try {
            Files.writeString(p, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The 1-minute load average (Linux {@code /proc/loadavg}), or -1: benchmarks report contention. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The computer's physical memory in bytes, or the JVM's largest heap where the OS does not tell. */
    public static long totalMemoryBytes() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getTotalMemorySize() > 0) {
            return sun.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Heap in use now. */
    public static long heapUsedBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
