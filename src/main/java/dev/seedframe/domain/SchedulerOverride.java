package dev.seedframe.domain;

import java.util.Objects;

/**
 * A flow-matching Euler scheduler configuration that replaces the model's own {@code scheduler_config.json} for one
 * request (a Lightning LoRA brings the one its authors publish). Field for field diffusers'
 * {@code FlowMatchEulerDiscreteScheduler} config: with {@code useDynamicShifting} the shift {@code mu} is
 * interpolated between {@code baseShift} at {@code baseImageSeqLen} image tokens and {@code maxShift} at {@code
 * maxImageSeqLen}, else {@code shift} is used; {@code timeShiftType} is {@code "exponential"} or {@code "linear"};
 * {@code shiftTerminal} (null for none) stretches the schedule to end there.
 */
public record SchedulerOverride(
        int numTrainTimesteps,
        double shift,
        boolean useDynamicShifting,
        double baseShift,
        double maxShift,
        int baseImageSeqLen,
        int maxImageSeqLen,
        Double shiftTerminal,
        String timeShiftType) {

    public static final String EXPONENTIAL = "exponential";
    public static final String LINEAR = "linear";

    public SchedulerOverride {
        Objects.requireNonNull(timeShiftType, "timeShiftType");
    }
}
