package dev.seedframe.hub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Counts a download's bytes and says how far it is, how fast it goes (over the last few seconds) and how long is
 * left; for the command line's progress lines and the studio's progress bar. Thread-safe.
 */
public final class TransferMeter implements TransferListener {

    /**
     * Where a download stands.
     *
     * @param done bytes here, those of an earlier interrupted run included
     * @param total bytes when finished
     * @param bytesPerSecond recent rate, 0 before it is known
     * @param secondsLeft at the recent rate, or -1 when not known
     * @param file the file being fetched, or null
     * @param filesDone files finished
     * @param files files to fetch
     */
    public record Progress(long done, long total, double bytesPerSecond, long secondsLeft, String file, int filesDone,
            int files) {

        public double fraction() {
            return total <= 0 ? 1 : Math.min(1, (double) done / total);
        }
    }

    /** The window the rate is measured over. */
    static final long WINDOW_NANOS = 5_000_000_000L;

    private record Sample(long nanos, long done) {}

    private final LongSupplier clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long done;
    private long total;
    private String file;
    private int filesDone;
    private int files;

    public TransferMeter() {
        this(System::nanoTime);
    }

    TransferMeter(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void planned(int files, long bytesToFetch, long bytesAlreadyHere) {
        this.files = files;
        this.total = bytesToFetch + bytesAlreadyHere;
        this.done = bytesAlreadyHere;
        samples.clear();
        samples.add(new Sample(clock.getAsLong(), done));
    }

    @Override
    public synchronized void fileStarted(String name, long size, long offset) {
        file = name;
    }

    @Override
    public synchronized void bytes(long delta) {
        done += delta;
        long now = clock.getAsLong();
        samples.add(new Sample(now, done));
        while (samples.size() > 2 && now - samples.peekFirst().nanos() > WINDOW_NANOS) {
            samples.removeFirst();
        }
    }

    @Override
    public synchronized void fileDone(String name) {
        filesDone++;
    }

    public synchronized Progress progress() {
        double rate = 0;
        if (samples.size() >= 2) {
            Sample first = samples.peekFirst();
            Sample last = samples.peekLast();
            long dt = last.nanos() - first.nanos();
            if (dt > 0) {
                rate = Math.max(0, (last.done() - first.done()) * 1e9 / dt);
            }
        }
        long left = rate > 0 ? (long) Math.ceil((total - done) / rate) : -1;
        return new Progress(done, total, rate, left, file, filesDone, files);
    }
}
