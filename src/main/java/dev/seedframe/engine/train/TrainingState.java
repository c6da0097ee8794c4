package dev.seedframe.engine.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.seedframe.engine.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The progress of one training stage, kept as {@code training.json} in its checkpoint folder: the steps
 * done, the seed it ran from, the wall time spent (summed over resumed runs), the loss averaged over
 * each checkpoint interval, and whether the stage is complete.
 */
final class TrainingState {

    static final String FILE = "training.json";

    String stage;
    long seed;
    int step;
    int totalSteps;
    double seconds;
    boolean done;
    int skipped;
    List<double[]> lossCurve = new ArrayList<>();

    /** Skipped steps tolerated before a run is declared broken (beyond a share of the steps done). */
    static final int SKIPS_TOLERATED = 10;

    /** Share of the steps that may be skipped. */
    static final double SKIPPED_SHARE = 0.02;

    /**
     * Counts a step skipped because a gradient was not finite (which a VAE norm's backward can produce on a
     * rare batch: it divides by a feature vector's length) and says so.
     *
     * @throws EngineException when skips are no longer rare: the run is broken, not unlucky
     */
    void skip(String stage, TrainingListener listener) throws dev.seedframe.engine.EngineException {
        skipped++;
        listener.note(stage + " step " + step + " skipped: a gradient was not finite (" + skipped + " so far)");
        if (skipped > SKIPS_TOLERATED && skipped > step * SKIPPED_SHARE) {
            throw new dev.seedframe.engine.EngineException("The " + stage + " training skipped " + skipped + " of "
                    + step + " steps for gradients that were not finite; it is diverging. Stopped.");
        }
    }

    static TrainingState fresh(String stage, long seed, int totalSteps) {
        TrainingState s = new TrainingState();
        s.stage = stage;
        s.seed = seed;
        s.totalSteps = totalSteps;
        return s;
    }

    static TrainingState read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        try {
            TrainingState s = new Gson().fromJson(Files.readString(f, StandardCharsets.UTF_8), TrainingState.class);
            if (s == null || s.stage == null) {
                throw new IOException(f + " is not a training state");
            }
            return s;
        } catch (JsonParseException e) {
            throw new IOException(f + " is damaged: " + e.getMessage(), e);
        }
    }

    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), new GsonBuilder().setPrettyPrinting().create().toJson(this) + "\n",
                StandardCharsets.UTF_8);
    }
}
