package dev.seedframe.engine.qwenimage.scheduler;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' {@code FlowMatchEulerDiscreteScheduler} as the Qwen-Image pipelines drive it
 * ({@code src/diffusers/schedulers/scheduling_flow_match_euler_discrete.py} and {@code calculate_shift}
 * in {@code pipelines/qwenimage/pipeline_qwenimage.py}, diffusers commit 58eb52c0).
 *
 * <p>The schedule is pure Java. Its arithmetic follows the reference's dtypes step by step: numpy's
 * float64 {@code linspace} cast to float32, then the time shift and terminal stretch in float32 (numpy
 * keeps float32 when combined with Python scalars), timesteps {@code σ·1000} in float32. NDArrays are
 * touched only by {@link #step} and {@link #scaleNoise}.
 */
public final class FlowMatchEulerScheduler {

    private final SchedulerConfig config;

    public FlowMatchEulerScheduler(SchedulerConfig config) {
        this.config = config;
    }

    public SchedulerConfig config() {
        return config;
    }

    /**
     * A full schedule.
     *
     * @param sigmas N+1 values, the last 0
     * @param timesteps N values, {@code σ·num_train_timesteps}
     * @param mu the dynamic shift used (NaN when the config has none)
     */
    public record Schedule(float[] sigmas, float[] timesteps, double mu) {

        public int steps() {
            return timesteps.length;
        }
    }

    /**
     * The steps an img2img/inpaint run actually takes (diffusers' {@code get_timesteps}).
     *
     * @param beginIndex index of the first sigma used
     * @param stepsRun steps run
     */
    public record StrengthWindow(int beginIndex, int stepsRun) {}

    /** {@code calculate_shift}: mu grows linearly with the number of image tokens (not clamped). */
    public double mu(int imageSeqLen) {
        double m = (config.maxShift() - config.baseShift()) / (config.maxImageSeqLen() - config.baseImageSeqLen());
        double b = config.baseShift() - m * config.baseImageSeqLen();
        return imageSeqLen * m + b;
    }

    /** numpy {@code linspace(start, stop, num)} in float64, last value exactly {@code stop}. */
    static double[] linspace(double start, double stop, int num) {
        double[] out = new double[num];
        if (num == 1) {
            out[0] = start;
            return out;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            out[i] = i * step + start;
        }
        out[num - 1] = stop;
        return out;
    }

    /** The pipelines' schedule for {@code steps} steps over {@code imageSeqLen} noise tokens. */
    public Schedule schedule(int steps, int imageSeqLen) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1");
        }
        double[] lin = linspace(1.0, 1.0 / steps, steps);
        float[] s = new float[steps];
        for (int i = 0; i < steps; i++) {
            s[i] = (float) lin[i];
        }
        double mu = Double.NaN;
        if (config.useDynamicShifting()) {
            mu = mu(imageSeqLen);
            shiftDynamic(s, mu);
        } else {
            float shift = (float) config.shift();
            for (int i = 0; i < steps; i++) {
                s[i] = shift * s[i] / (1f + (shift - 1f) * s[i]);
            }
        }
        if (config.shiftTerminal() != null) {
            stretchToTerminal(s, config.shiftTerminal());
        }
        float[] sigmas = new float[steps + 1];
        float[] timesteps = new float[steps];
        float train = config.numTrainTimesteps();
        for (int i = 0; i < steps; i++) {
            sigmas[i] = s[i];
            timesteps[i] = s[i] * train;
        }
        sigmas[steps] = 0f;
        return new Schedule(sigmas, timesteps, mu);
    }

    private void shiftDynamic(float[] s, double mu) {
        for (int i = 0; i < s.length; i++) {
            s[i] = shifted(s[i], mu);
        }
    }

    /**
     * One sigma through the dynamic time shift of this config ({@code time_shift}): exponential {@code
     * e^μ / (e^μ + (1/σ − 1))} or linear {@code μ / (μ + (1/σ − 1))}, in float32 as the schedule computes it.
     * Training draws its noise levels through it, so that they follow the schedule the pipelines sample with.
     */
    public float shifted(float sigma, double mu) {
        float e = config.timeShiftType().equals("exponential") ? (float) Math.exp(mu) : (float) mu;
        return e / (e + (1f / sigma - 1f));
    }

    /**
     * Stretches the schedule so that its last sigma equals {@code terminal}. With one step the
     * reference divides 0 by 0 and yields NaN; Seedframe refuses that case in request validation.
     */
    private static void stretchToTerminal(float[] s, double terminal) {
        float[] oneMinus = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            oneMinus[i] = 1f - s[i];
        }
        float scale = oneMinus[s.length - 1] / (float) (1.0 - terminal);
        for (int i = 0; i < s.length; i++) {
            s[i] = 1f - oneMinus[i] / scale;
        }
    }

    /** Whether this config yields a usable schedule for {@code steps} (terminal stretch needs 2+). */
    public int minimumSteps() {
        return config.shiftTerminal() != null ? 2 : 1;
    }

    /** diffusers' {@code get_timesteps(num_inference_steps, strength)}. */
    public static StrengthWindow strengthWindow(int steps, double strength) {
        double init = Math.min(steps * strength, steps);
        int tStart = (int) Math.max(steps - init, 0);
        return new StrengthWindow(tStart, steps - tStart);
    }

    /**
     * One Euler step: {@code prev = sample + (σ_next − σ)·v}, in float32 (the reference upcasts the
     * sample to f32 and casts the result back to the model output's dtype).
     */
    public static NDArray step(NDArray modelOutput, NDArray sample, float sigma, float sigmaNext) {
        float dt = sigmaNext - sigma;
        return modelOutput.mul(dt).add(sample);
    }

    /** Flow-matching forward noising {@code σ·noise + (1 − σ)·sample}. */
    public static NDArray scaleNoise(NDArray sample, NDArray noise, float sigma) {
        return noise.mul(sigma).add(sample.mul(1f - sigma));
    }
}
