package dev.seedframe.app.cli;

import dev.seedframe.domain.CancellationToken;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or a TERM signal during a long command (a download): cancels its token and holds the process until the
 * command has stopped cleanly and said what it kept, at most {@link #WAIT_SECONDS}.
 */
final class CancelOnSignal implements AutoCloseable {

    static final long WAIT_SECONDS = 30;

    private final CancellationToken token = new CancellationToken();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;

    CancelOnSignal(PrintWriter err) {
        hook = new Thread(() -> {
            token.cancel();
            try {
                stopped.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.flush();
        }, "seedframe-cancel-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    CancellationToken token() {
        return token;
    }

    @Override
    public void close() {
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs: it waited for this
        }
    }
}
