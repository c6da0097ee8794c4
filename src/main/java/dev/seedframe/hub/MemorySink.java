package dev.seedframe.hub;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response body kept in memory up to a limit, with the time of the last byte kept so that a stalled server can be
 * noticed. Past the limit it stops reading and completes with the first {@code limit + 1} bytes, so that the caller
 * can refuse the answer as too large without holding all of it.
 */
final class MemorySink implements HttpResponse.BodySubscriber<byte[]> {

    private final long limit;
    private final AtomicLong lastActivity;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    MemorySink(long limit, AtomicLong lastActivity) {
        this.limit = limit;
        this.lastActivity = lastActivity;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        lastActivity.set(System.nanoTime());
        for (ByteBuffer b : items) {
            int take = (int) Math.min(b.remaining(), limit + 1 - buffer.size());
            byte[] chunk = new byte[take];
            b.get(chunk);
            buffer.write(chunk, 0, take);
            if (buffer.size() > limit) {
                subscription.cancel();
                result.complete(buffer.toByteArray());
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
