package dev.seedframe.engine;

/** The generation was cancelled between steps; nothing was produced. */
public final class CancelledException extends EngineException {

    public CancelledException(int stepsDone, int total) {
        super("Cancelled after " + stepsDone + " of " + total + " steps");
    }
}
