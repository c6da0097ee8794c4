package dev.seedframe.engine.train;

/** The recent mean of the loss and of the wall time per step, over a window of steps. */
final class LossMeter {

    private final double[] losses;
    private final double[] seconds;
    private int count;
    private double intervalSum;
    private int intervalCount;

    LossMeter(int window) {
        this.losses = new double[window];
        this.seconds = new double[window];
    }

    void add(double loss, double secs) {
        losses[count % losses.length] = loss;
        seconds[count % seconds.length] = secs;
        count++;
        intervalSum += loss;
        intervalCount++;
    }

    double meanLoss() {
        return mean(losses);
    }

    double meanSeconds() {
        return mean(seconds);
    }

    /** The mean loss since the last call (a checkpoint interval), then starts a new interval. */
    double takeIntervalMean() {
        double m = intervalCount == 0 ? Double.NaN : intervalSum / intervalCount;
        intervalSum = 0;
        intervalCount = 0;
        return m;
    }

    private double mean(double[] v) {
        int n = Math.min(count, v.length);
        if (n == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i];
        }
        return s / n;
    }
}
