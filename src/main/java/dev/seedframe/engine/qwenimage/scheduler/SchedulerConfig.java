package dev.seedframe.engine.qwenimage.scheduler;

import dev.seedframe.engine.weights.JsonConfig;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Path;

/**
 * {@code scheduler/scheduler_config.json} of diffusers' {@code FlowMatchEulerDiscreteScheduler}. Missing
 * keys take the class defaults; options the engine does not implement are refused by name.
 */
public record SchedulerConfig(
        int numTrainTimesteps,
        double shift,
        boolean useDynamicShifting,
        double baseShift,
        double maxShift,
        int baseImageSeqLen,
        int maxImageSeqLen,
        Double shiftTerminal,
        String timeShiftType,
        String sha256) {

    public static final String CLASS_NAME = "FlowMatchEulerDiscreteScheduler";

    public static SchedulerConfig fromJson(Path file) throws WeightsException {
        JsonConfig c = JsonConfig.read(file, "scheduler/scheduler_config.json");
        String cls = c.getString("_class_name", CLASS_NAME);
        if (!cls.equals(CLASS_NAME)) {
            throw new WeightsException("scheduler/scheduler_config.json names " + cls + "; Seedframe implements "
                    + CLASS_NAME + " only");
        }
        for (String flag : new String[] {"use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas",
                "invert_sigmas", "stochastic_sampling"}) {
            if (c.getBoolean(flag, false)) {
                throw new WeightsException("scheduler/scheduler_config.json sets " + flag
                        + " = true, which Seedframe does not implement");
            }
        }
        Double terminal = null;
        if (c.has("shift_terminal")) {
            var el = c.json().get("shift_terminal");
            if (el.isJsonPrimitive() && el.getAsJsonPrimitive().isNumber()) {
                double t = el.getAsDouble();
                terminal = t == 0.0 ? null : t;
            } else if (!(el.isJsonPrimitive() && el.getAsJsonPrimitive().isBoolean() && !el.getAsBoolean())) {
                throw new WeightsException("scheduler/scheduler_config.json: \"shift_terminal\" must be a number, "
                        + "null or false, found " + el);
            }
        }
        String type = c.getString("time_shift_type", "exponential");
        if (!type.equals("exponential") && !type.equals("linear")) {
            throw new WeightsException("scheduler/scheduler_config.json: unknown time_shift_type " + type);
        }
        boolean dynamic = c.getBoolean("use_dynamic_shifting", false);
        int baseLen = c.getInt("base_image_seq_len", 256);
        int maxLen = c.getInt("max_image_seq_len", 4096);
        if (dynamic && maxLen == baseLen) {
            throw new WeightsException("scheduler/scheduler_config.json: with use_dynamic_shifting,"
                    + " max_image_seq_len and base_image_seq_len must differ (both are " + baseLen
                    + "): the shift is interpolated between them");
        }
        return new SchedulerConfig(
                JsonConfig.positive(c, "num_train_timesteps", c.getInt("num_train_timesteps", 1000)),
                c.getDouble("shift", 1.0),
                dynamic,
                c.getDouble("base_shift", 0.5),
                c.getDouble("max_shift", 1.15),
                baseLen,
                maxLen,
                terminal,
                type,
                c.sha256());
    }
}
