package dev.seedframe.hub;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A response body written to a file as it arrives (appended to what the file holds, or over it), fed to a hash on
 * the way, with the time of the last byte kept so that a stalled server can be noticed. Completes with the bytes
 * written.
 */
final class FileSink implements HttpResponse.BodySubscriber<Long> {

    /** A failure to write the file (not the network's): told apart so that it is not retried as a cut connection. */
    static final class WriteFailure extends IOException {
        WriteFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Path file;
    private final boolean overwrite;
    private final ContentHash hash;
    private final LongConsumer onBytes;
    private final AtomicLong lastActivity;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private FileChannel channel;
    private long written;

    FileSink(Path file, boolean overwrite, ContentHash hash, LongConsumer onBytes, AtomicLong lastActivity) {
        this.file = file;
        this.overwrite = overwrite;
        this.hash = hash;
        this.onBytes = onBytes;
        this.lastActivity = lastActivity;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    overwrite ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        } catch (IOException e) {
            s.cancel();
            result.completeExceptionally(new WriteFailure(e));
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        try {
            for (ByteBuffer b : items) {
                int n = b.remaining();
                hash.update(b.duplicate());
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                written += n;
                onBytes.accept(n);
            }
            lastActivity.set(System.nanoTime());
            subscription.request(1);
        } catch (IOException e) {
            subscription.cancel();
            close();
            result.completeExceptionally(new WriteFailure(e));
        }
    }

    @Override
    public void onError(Throwable t) {
        close();
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        try {
            if (channel != null) {
                channel.force(false);
            }
        } catch (IOException e) {
            close();
            result.completeExceptionally(new WriteFailure(e));
            return;
        }
        close();
        result.complete(written);
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }

    /** Stops the transfer (a cancel or a stall): what was written stays in the file. */
    void abort() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        result.completeExceptionally(new CancellationException("aborted"));
        close();
    }

    private synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the bytes written are what the next attempt measures
            }
        }
    }
}
