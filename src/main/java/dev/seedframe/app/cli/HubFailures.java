package dev.seedframe.app.cli;

import dev.seedframe.app.Cli;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.hub.HubException;
import java.io.PrintWriter;

/** A download's failure as the command line says it: the message, and an exit status by its kind. */
final class HubFailures {

    private HubFailures() {}

    /** A download to run. */
    @FunctionalInterface
    interface Download<T> {
        T run(CancellationToken cancel) throws HubException;
    }

    /**
     * Its result, or its failure's exit status (the failure said on stderr).
     *
     * @param value the result, or null after a failure
     * @param status the exit status of the failure, 0 on success
     */
    record Ran<T>(T value, int status) {}

    /**
     * Runs {@code download} with Ctrl-C or TERM cancelling it; a failure (a cancel too) is said before the signal's
     * hook lets the process end, and its exit status returned.
     */
    static <T> Ran<T> run(PrintWriter err, Download<T> download) {
        CancelOnSignal signal = new CancelOnSignal(err);
        try {
            return new Ran<>(download.run(signal.token()), 0);
        } catch (HubException e) {
            return new Ran<>(null, report(e, err));
        } finally {
            signal.close();
        }
    }

    static int report(HubException e, PrintWriter err) {
        switch (e.kind()) {
            case CANCELLED -> {
                err.println("cancelled: " + e.getMessage());
                return Cli.EXIT_CANCELLED;
            }
            case INVALID, NOT_FOUND -> {
                err.println("error: " + e.getMessage());
                return Cli.EXIT_USAGE;
            }
            default -> {
                err.println("error: " + e.getMessage());
                return Cli.EXIT_FAILURE;
            }
        }
    }
}
