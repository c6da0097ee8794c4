package dev.seedframe.engine;

/** The generation was cancelled (between steps, or between two blocks of a step); nothing was produced. */
public final class CancelledException extends EngineException {

    public CancelledException(int stepsDone, int total) {
        super("Cancelled after " + stepsDone + " of " + total + " steps");
    }

    /** Cancelled somewhere a step count is not known (e.g. between two transformer blocks). */
    public CancelledException(String message) {
        super(message);
    }
}
