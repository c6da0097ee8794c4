package dev.seedframe.service;

import dev.seedframe.hub.TransferListener;
import dev.seedframe.hub.TransferMeter;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A download's events counted by a {@link TransferMeter} and handed on as {@link TransferProgress}: at each file's
 * start and end and at most every {@link #EVERY_NANOS} while bytes arrive, so a window is not flooded. Runs on the
 * downloading thread; the receiver hands the value to its own thread.
 */
final class TransferWatch implements TransferListener {

    static final long EVERY_NANOS = 200_000_000L;

    private final TransferMeter meter = new TransferMeter();
    private final Consumer<TransferProgress> out;
    private final LongSupplier clock;
    private long last = Long.MIN_VALUE;

    TransferWatch(Consumer<TransferProgress> out) {
        this(out, System::nanoTime);
    }

    TransferWatch(Consumer<TransferProgress> out, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void planned(int files, long bytesToFetch, long bytesAlreadyHere) {
        meter.planned(files, bytesToFetch, bytesAlreadyHere);
        publish(null);
    }

    @Override
    public void fileStarted(String name, long size, long offset) {
        meter.fileStarted(name, size, offset);
        publish(null);
    }

    @Override
    public void bytes(long delta) {
        meter.bytes(delta);
        long now = clock.getAsLong();
        if (last == Long.MIN_VALUE || now - last >= EVERY_NANOS) {
            last = now;
            publish(null);
        }
    }

    @Override
    public void fileDone(String name) {
        meter.fileDone(name);
        publish(null);
    }

    @Override
    public void note(String message) {
        publish(message);
    }

    private void publish(String note) {
        TransferMeter.Progress p = meter.progress();
        out.accept(new TransferProgress(p.done(), p.total(), p.bytesPerSecond(), p.secondsLeft(), p.file(),
                p.filesDone(), p.files(), note));
    }
}
