package dev.seedframe.service;

import dev.seedframe.domain.SchedulerOverride;
import java.nio.file.Path;

/**
 * What the studio shows of a LoRA file it was given: what was detected in it, and the sampling settings it brings.
 *
 * @param file the file
 * @param sha256 SHA-256 of its bytes
 * @param layout its key layout in words (diffusers/PEFT, ai-toolkit, kohya/musubi, without a prefix)
 * @param minRank the smallest rank of its modules
 * @param maxRank the largest
 * @param preset the sampling settings it brings (a Lightning LoRA's), or null
 */
public record LoraSummary(Path file, String sha256, String layout, int minRank, int maxRank, Preset preset) {

    /**
     * Sampling settings a LoRA brings (Lightning: its step count, true CFG scale 1 and its scheduler).
     *
     * @param name for people ("Lightning, 8 steps")
     * @param steps denoising steps
     * @param cfg true CFG scale
     * @param scheduler the scheduler configuration replacing the model's own
     */
    public record Preset(String name, int steps, double cfg, SchedulerOverride scheduler) {}

    /** The file's name without its folder. */
    public String fileName() {
        return file.getFileName().toString();
    }

    /** Its modules' rank: "4", or "4–16" when they differ. */
    public String ranks() {
        return minRank == maxRank ? Integer.toString(minRank) : minRank + "–" + maxRank;
    }
}
