package dev.seedframe.engine.train;

/** Linear warm-up to the peak rate, then a cosine decay to {@value #FLOOR} of it at the last step. */
final class LearningRate {

    /** Share of the peak rate left at the end. */
    static final double FLOOR = 0.1;

    private LearningRate() {}

    /** The rate for step {@code step} (0-based) of {@code total}, warming up over {@code warmup} steps. */
    static double at(int step, int total, double peak, int warmup) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double t = total <= warmup ? 1.0 : (step - warmup) / (double) Math.max(1, total - warmup - 1);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, t)));
        return peak * (FLOOR + (1 - FLOOR) * cosine);
    }
}
