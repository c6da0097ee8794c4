package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.ByteSizes;
import dev.seedframe.service.TransferProgress;

/** A download's progress in the window's language: bytes, percent, rate, time left, the file. */
final class TransferText {

    private TransferText() {}

    /** E.g. {@code 12.3 MB of 57.7 GB (21%) · 8.1 MB/s · 1 min 30 s left · file 3 of 18}. */
    static String progress(Feedback f, TransferProgress p) {
        if (p.total() <= 0 && p.files() == 0) {
            return f.t("transfer.planning");
        }
        String left = p.secondsLeft() < 0 ? f.t("transfer.timeUnknown")
                : f.f("transfer.timeLeft", duration(f, p.secondsLeft()));
        String s = f.f("transfer.progress", ByteSizes.format(p.done()), ByteSizes.format(p.total()),
                Math.round(p.fraction() * 100), ByteSizes.format((long) p.bytesPerSecond()), left,
                Math.min(p.filesDone() + 1, p.files()), p.files());
        return p.file() == null ? s : s + "\n" + p.file();
    }

    /** {@code 45 s}, {@code 3 min 05 s}, {@code 2 h 01 min}. */
    static String duration(Feedback f, long s) {
        if (s < 60) {
            return f.f("time.seconds", s);
        }
        if (s < 3600) {
            return f.f("time.minutes", s / 60, s % 60);
        }
        return f.f("time.hours", s / 3600, (s % 3600) / 60);
    }
}
