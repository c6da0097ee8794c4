package dev.seedframe.engine;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.SchedulerOverride;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sampling settings a LoRA brings, for the front ends to apply to a request (the user can still change each of
 * them afterwards): steps, true CFG scale and the scheduler configuration. The one preset so far is Lightning's
 * (lightx2v's Qwen-Image-Lightning LoRAs, distilled to 4 or 8 steps without CFG): the scheduler config its authors
 * publish ({@code base_shift = max_shift = ln 3}, {@code shift_terminal} none, exponential time shift, dynamic
 * shifting, the rest as Qwen-Image's own), its step count, and true CFG scale 1 (one transformer pass per step).
 *
 * @param name the preset's name for people ("Lightning, 8 steps")
 * @param steps denoising steps
 * @param cfg true CFG scale
 * @param scheduler the scheduler configuration replacing the model's own
 */
public record SamplingPreset(String name, int steps, double cfg, SchedulerOverride scheduler) {

    /** Lightning's shift: {@code base_shift = max_shift = math.log(3)}. */
    public static final double LIGHTNING_SHIFT = Math.log(3);

    /** The steps of a Lightning LoRA whose name and metadata do not say (the published ones have 4 or 8). */
    public static final int LIGHTNING_DEFAULT_STEPS = 8;

    /** "8steps", "4-step", "8_steps" in a name or metadata value. */
    private static final Pattern STEPS = Pattern.compile("(\\d{1,2})[-_ ]?steps?", Pattern.CASE_INSENSITIVE);

    /** The Lightning scheduler configuration (the Lightning authors' {@code scheduler_config}). */
    public static SchedulerOverride lightningScheduler() {
        return new SchedulerOverride(1000, 1.0, true, LIGHTNING_SHIFT, LIGHTNING_SHIFT, 256, 8192, null,
                SchedulerOverride.EXPONENTIAL);
    }

    /** Lightning at {@code steps} steps (the published LoRAs are distilled to 4 or 8). */
    public static SamplingPreset lightning(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        return new SamplingPreset("Lightning, " + steps + " steps", steps, 1.0, lightningScheduler());
    }

    /**
     * The preset a LoRA file brings: Lightning when its file name contains "lightning" in any case (the published
     * files are named {@code Qwen-Image-Lightning-8steps-V1.1.safetensors} and alike) or a metadata key or value
     * does; the step count from the name ("4steps"), else from the metadata, else {@value #LIGHTNING_DEFAULT_STEPS}.
     */
    public static Optional<SamplingPreset> forLora(String fileName, Map<String, String> metadata) {
        boolean byName = fileName.toLowerCase(Locale.ROOT).contains("lightning");
        String metaText = null;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String text = e.getKey() + " " + e.getValue();
            if (text.toLowerCase(Locale.ROOT).contains("lightning")) {
                metaText = text;
                break;
            }
        }
        if (!byName && metaText == null) {
            return Optional.empty();
        }
        Integer steps = steps(fileName);
        if (steps == null && metaText != null) {
            steps = steps(metaText);
        }
        return Optional.of(lightning(steps != null ? steps : LIGHTNING_DEFAULT_STEPS));
    }

    private static Integer steps(String text) {
        Matcher m = STEPS.matcher(text);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1) {
                return n;
            }
        }
        return null;
    }

    /** {@code request} with this preset's steps, CFG scale and scheduler. */
    public GenerationRequest applyTo(GenerationRequest request) {
        return request.toBuilder().steps(steps).cfg(cfg).scheduler(scheduler).build();
    }
}
