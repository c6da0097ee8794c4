package dev.seedframe.engine;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.qwenimage.QwenImageModel;
import dev.seedframe.engine.train.DemoEvaluation;
import dev.seedframe.engine.train.DemoSpec;
import dev.seedframe.engine.train.DemoTraining;
import dev.seedframe.engine.train.TrainingRuntime;
import dev.seedframe.engine.train.scenes.HeldOutPrompts;
import dev.seedframe.engine.train.scenes.Scene;
import dev.seedframe.engine.train.scenes.SceneCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The demo model ({@code models/qwen-image-demo}, the embedded default) seen from
 * outside the engine: its training from scratch and its benchmark (held-out prompts, in English and Chinese,
 * checked for colour, region and shape).
 */
public final class DemoModel {

    /** The folder's name under {@code models/}. */
    public static final String FOLDER = "qwen-image-demo";

    /** Held-out prompts the full benchmark uses. */
    public static final int BENCHMARK_PROMPTS = HeldOutPrompts.COUNT;

    /** Seeds per prompt in the full benchmark. */
    public static final int BENCHMARK_SEEDS = DemoEvaluation.SEED_COUNT;

    private DemoModel() {}

    /**
     * A training run.
     *
     * @param work the folder of its checkpoints (resumed when it holds some)
     * @param tokenizer a Qwen tokenizer folder, copied into the model
     * @param out where the finished model folder is written
     * @param seed the seed everything random is drawn from
     * @param threads libtorch's intra-op threads
     */
    public record TrainingRun(Path work, Path tokenizer, Path out, long seed, int threads) {}

    /** Trains (or resumes) every stage and writes the model folder; returns it. */
    public static Path train(TrainingRun run, TrainingListener listener, CancellationToken cancel)
            throws IOException, EngineException {
        TrainingRuntime.prepare(run.threads());
        return new DemoTraining(DemoSpec.standard(), run.seed(), run.work(), run.tokenizer(), listener)
                .run(run.out(), cancel);
    }

    /**
     * Writes a model folder from a run's latest transformer checkpoint, finished or not; returns null when
     * there is none yet.
     */
    public static Path snapshot(TrainingRun run) throws IOException, EngineException {
        return new DemoTraining(DemoSpec.standard(), run.seed(), run.work(), run.tokenizer(), TrainingListener.silent())
                .snapshot(run.out());
    }

    /**
     * One benchmark picture.
     *
     * @param language "en" or "zh"
     * @param prompt the prompt
     * @param seed the seed
     * @param image the picture generated
     * @param colour the colour asked for
     * @param shape the shape asked for
     * @param dominant the dominant non-background colour found in the region (empty if none)
     * @param shapeSeen the shape recognised (empty if none)
     * @param fillRatio the recognised patch's bounding-box fill ratio (NaN if none)
     * @param colourCorrect whether the colour is as asked
     * @param shapeCorrect whether the shape is as asked
     * @param background the background asked for
     * @param backgroundSeen the most common colour away from the object
     * @param backgroundCorrect whether the background is as asked
     * @param coloursAnywhere whether the background and the object's colour are as asked, wherever the object
     *     is and whatever its shape (the looser check)
     */
    public record BenchmarkEntry(String language, String prompt, long seed, RgbImage image, String colour, String shape,
            String dominant, String shapeSeen, double fillRatio, boolean colourCorrect, boolean shapeCorrect,
            String background, String backgroundSeen, boolean backgroundCorrect, boolean coloursAnywhere) {

        /** The benchmark's verdict: colour in the named region, shape and background all as asked. */
        public boolean correct() {
            return colourCorrect && shapeCorrect && backgroundCorrect;
        }
    }

    /** A benchmark's pictures. */
    public record Benchmark(List<BenchmarkEntry> entries) {

        /** Pictures in {@code language} ("en", "zh"). */
        public long count(String language) {
            return entries.stream().filter(e -> e.language().equals(language)).count();
        }

        /** Correct pictures in {@code language}. */
        public long correct(String language) {
            return entries.stream().filter(e -> e.language().equals(language) && e.correct()).count();
        }

        /** Pictures in {@code language} whose colours are as asked, wherever the object is. */
        public long coloursAnywhere(String language) {
            return entries.stream().filter(e -> e.language().equals(language) && e.coloursAnywhere()).count();
        }
    }

    /**
     * Sets libtorch's intra-op threads for this process (one on a CPU shared with other busy work: README,
     * The demo model).
     */
    public static void useThreads(int threads) throws EngineException {
        TrainingRuntime.threads(threads);
    }

    /**
     * Generates the first {@code prompts} held-out prompts with the first {@code seeds} benchmark seeds in
     * both languages on the model in {@code modelDir} (at 128 × 128, {@value DemoEvaluation#DEFAULT_STEPS}
     * steps, true CFG {@value DemoEvaluation#DEFAULT_CFG} against {@code " "}), checking each picture.
     */
    public static Benchmark benchmark(Path modelDir, int prompts, int seeds, Consumer<BenchmarkEntry> progress,
            CancellationToken cancel) throws EngineException {
        return benchmark(modelDir, prompts, seeds, BENCHMARK_STEPS, BENCHMARK_CFG, progress, cancel);
    }

    /** Denoising steps of the standard benchmark. */
    public static final int BENCHMARK_STEPS = DemoEvaluation.DEFAULT_STEPS;

    /** True-CFG scale of the standard benchmark. */
    public static final double BENCHMARK_CFG = DemoEvaluation.DEFAULT_CFG;

    /** The benchmark as {@link #benchmark(Path, int, int, Consumer, CancellationToken)} with other steps and CFG. */
    public static Benchmark benchmark(Path modelDir, int prompts, int seeds, int steps, double cfg,
            Consumer<BenchmarkEntry> progress, CancellationToken cancel) throws EngineException {
        List<Scene> scenes = HeldOutPrompts.standard().scenes();
        if (prompts < 1 || prompts > scenes.size() || seeds < 1 || seeds > DemoEvaluation.SEEDS.size()) {
            throw new InvalidRequestException("The benchmark has " + scenes.size() + " prompts and "
                    + DemoEvaluation.SEEDS.size() + " seeds; asked for " + prompts + " and " + seeds);
        }
        List<BenchmarkEntry> out = new ArrayList<>();
        try (QwenImageModel model = QwenImageModel.open(modelDir)) {
            DemoEvaluation.run(model, scenes.subList(0, prompts), DemoEvaluation.SEEDS.subList(0, seeds),
                    DemoSpec.standard().imageSize(),
                    new DemoEvaluation.Settings(steps, cfg, DemoEvaluation.Settings.standard().negativePrompt()), r -> {
                        BenchmarkEntry e = entry(r);
                        out.add(e);
                        progress.accept(e);
                    }, cancel);
        }
        return new Benchmark(List.copyOf(out));
    }

    private static BenchmarkEntry entry(DemoEvaluation.Result r) {
        var o = r.scene().objects().get(0);
        var v = r.verdict();
        return new BenchmarkEntry(r.language() == DemoEvaluation.Language.ENGLISH ? "en" : "zh", r.prompt(), r.seed(),
                r.image(), o.colour().english(), o.shape().english(),
                v.dominant() == null ? "" : v.dominant().english(),
                v.shapeSeen() == null ? "" : v.shapeSeen().english().toLowerCase(Locale.ROOT),
                v.measure() == null ? Double.NaN : v.measure().fill(), v.colourCorrect(), v.shapeCorrect(),
                r.scene().background().english(), v.backgroundSeen().english(), v.backgroundCorrect(),
                SceneCheck.coloursAnywhere(r.scene(), r.image()));
    }
}
