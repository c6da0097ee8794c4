package dev.seedframe.app.cli;

import dev.seedframe.hub.SnapshotDownloader;
import dev.seedframe.hub.TransferListener;
import dev.seedframe.hub.TransferMeter;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A download's progress on stderr: one line when a file starts, then at most one a second: bytes, percent, rate,
 * time left.
 */
final class DownloadProgress implements TransferListener {

    private static final long EVERY_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final TransferMeter meter = new TransferMeter();
    private long lastLine;

    DownloadProgress(PrintWriter err) {
        this.err = err;
    }

    TransferMeter meter() {
        return meter;
    }

    @Override
    public void planned(int files, long bytesToFetch, long bytesAlreadyHere) {
        meter.planned(files, bytesToFetch, bytesAlreadyHere);
        lastLine = System.nanoTime(); // the first rate line after a second of data, not after the first bytes
        if (files == 0) {
            return;
        }
        err.println(files + " file(s) to fetch, " + SnapshotDownloader.bytes(bytesToFetch)
                + (bytesAlreadyHere > 0 ? " (" + SnapshotDownloader.bytes(bytesAlreadyHere)
                        + " already here from an earlier run)" : ""));
    }

    @Override
    public void fileStarted(String name, long size, long offset) {
        meter.fileStarted(name, size, offset);
        err.println((offset > 0 ? "resuming " + name + " at " + SnapshotDownloader.bytes(offset) + " of "
                : "fetching " + name + " (") + SnapshotDownloader.bytes(size) + (offset > 0 ? "" : ")"));
    }

    @Override
    public void bytes(long delta) {
        meter.bytes(delta);
        long now = System.nanoTime();
        if (now - lastLine >= EVERY_NANOS) {
            lastLine = now;
            err.println(line(meter.progress()));
        }
    }

    @Override
    public void fileDone(String name) {
        meter.fileDone(name);
    }

    @Override
    public void note(String message) {
        err.println("note: " + message);
    }

    static String line(TransferMeter.Progress p) {
        String left = p.secondsLeft() < 0 ? "time left unknown" : duration(p.secondsLeft()) + " left";
        return String.format(Locale.ROOT, "  %s of %s (%.0f%%), %s/s, %s", SnapshotDownloader.bytes(p.done()),
                SnapshotDownloader.bytes(p.total()), p.fraction() * 100, SnapshotDownloader.bytes((long) p.bytesPerSecond()),
                left);
    }

    static String duration(long s) {
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
