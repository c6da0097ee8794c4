package dev.seedframe.domain;

/** Cooperative cancellation, checked by the engine between denoising steps. */
public final class CancellationToken {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
