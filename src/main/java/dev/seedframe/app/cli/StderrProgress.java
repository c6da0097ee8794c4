package dev.seedframe.app.cli;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/** Progress on stderr: one line per stage and per step, with seconds per step and time left. */
final class StderrProgress implements ProgressListener {

    private final PrintWriter err;

    StderrProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void stage(Stage stage, String detail) {
        err.println(switch (stage) {
            case LOADING_MODEL -> "Loading model " + detail + "...";
            case GENERATING -> "Generating...";
        });
    }

    @Override
    public void step(int step, int total, long elapsedNanos, Supplier<RgbImage> preview) {
        double elapsed = elapsedNanos / 1e9;
        double perStep = elapsed / step;
        double left = perStep * (total - step);
        err.println(String.format(Locale.ROOT, "step %d/%d  %.2f s/step  %.1f s left", step, total, perStep, left));
    }
}
