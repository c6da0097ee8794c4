package dev.seedframe.app.cli;

import dev.seedframe.app.AppPaths;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.DemoModel;
import dev.seedframe.engine.TrainingListener;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.Png;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seedframe train-demo}: trains the demo model from scratch (resuming from the last checkpoint of an
 * interrupted run), then runs its benchmark (README: The demo model; the trained model ships as the embedded
 * default, {@code models/qwen-image-demo}).
 */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = {"Train the demo model from scratch on generated pictures of"
                + " shapes and colours, then benchmark it: the VAE as an autoencoder, a frozen random text encoder,"
                + " the transformer with flow matching. Every stage resumes from its last checkpoint in --work"
                + " (Ctrl-C saves one). README: The demo model.",
                "With --benchmark-only: only the benchmark, on --model (default: models/" + DemoModel.FOLDER
                        + ", the embedded default)."})
public final class TrainDemoCommand implements Callable<Integer> {

    @Option(names = "--work", paramLabel = "DIR",
            description = "Checkpoints and the encoded data set (default: Seedframe's cache folder, demo-training/).")
    Path work;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the trained model folder is written (default: <work>/" + DemoModel.FOLDER + ").")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Training seed (default 1).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "libtorch threads, training and benchmark (default 1: on a CPU shared with other work,"
                    + " more threads wait for each other; README).")
    int threads;

    @Option(names = "--benchmark-only", description = "Skip training; benchmark --model.")
    boolean benchmarkOnly;

    @Option(names = "--snapshot", description = "Skip training; write --out from the latest checkpoints in --work,"
            + " finished or not (to look at a run in progress), then benchmark it.")
    boolean snapshot;

    @Option(names = "--model", paramLabel = "DIR",
            description = "--benchmark-only: the model to benchmark (default: models/" + DemoModel.FOLDER
                    + ", the embedded default).")
    Path model;

    @Option(names = "--prompts", paramLabel = "N", defaultValue = "" + DemoModel.BENCHMARK_PROMPTS,
            description = "Held-out prompts to benchmark (default ${DEFAULT-VALUE}; 0 skips the benchmark).")
    int prompts;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "" + DemoModel.BENCHMARK_SEEDS,
            description = "Seeds per prompt (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "" + DemoModel.BENCHMARK_STEPS,
            description = "Benchmark: denoising steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--cfg", paramLabel = "F", defaultValue = "" + DemoModel.BENCHMARK_CFG,
            description = "Benchmark: true CFG scale against \" \" (default ${DEFAULT-VALUE}).")
    double cfg;

    @Option(names = "--sheet", paramLabel = "FILE.png",
            description = "Also write every benchmark picture into one contact sheet (a green frame: correct;"
                    + " red: not).")
    Path sheet;

    @Spec
    CommandSpec spec;

    /** How long a signal waits for the current step to end and its checkpoint to be written. */
    static final long SIGNAL_WAIT_SECONDS = 120;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1, got " + threads);
        }
        if (prompts < 0 || seeds < 1) {
            throw new UsageException("--prompts must be 0 or more and --seeds at least 1");
        }
        if (steps < 1 || !(cfg >= 1)) {
            throw new UsageException("--steps must be at least 1 and --cfg at least 1");
        }
        Path target = model;
        // Ctrl-C or TERM: the run stops after its current step, saves a checkpoint and says so; the hook waits
        CancellationToken token = new CancellationToken();
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            token.cancel();
            try {
                stopped.await(SIGNAL_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "seedframe-train-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (!benchmarkOnly) {
                Path w = work != null ? work : AppPaths.cacheDir().resolve("demo-training");
                Path o = out != null ? out : w.resolve(DemoModel.FOLDER);
                Path tokenizer = AppPaths.tinyModel().resolve("tokenizer");
                DemoModel.TrainingRun run = new DemoModel.TrainingRun(w, tokenizer, o, seed, threads);
                if (snapshot) {
                    target = DemoModel.snapshot(run);
                    if (target == null) {
                        throw new UsageException("No transformer checkpoint in " + w + " yet: nothing to snapshot");
                    }
                    err.println("Snapshot of " + w + " written to " + target);
                } else {
                    err.println("Training the demo model in " + w + " (resumes from its checkpoints)");
                    target = DemoModel.train(run, new Progress(err), token);
                }
            } else if (target == null) {
                target = AppPaths.home().resolve("models").resolve(DemoModel.FOLDER);
            }
            if (prompts > 0) {
                benchmark(target, outWriter, token);
            }
            return 0;
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private void benchmark(Path dir, PrintWriter out, CancellationToken token) throws Exception {
        DemoModel.useThreads(threads);
        out.println("Benchmark of " + dir + ": " + prompts + " held-out prompts × " + seeds
                + " seeds, in English and Chinese, " + steps + " steps, CFG " + cfg);
        DemoModel.Benchmark b = DemoModel.benchmark(dir, prompts, seeds, steps, cfg, e -> {
            out.println(String.format(Locale.ROOT,
                    "%s %s seed %d  %s  colour %s (found %s), shape %s (found %s, fill %.2f), background %s (found %s)%s",
                    e.correct() ? "ok  " : "FAIL", e.language(), e.seed(), e.prompt(), e.colour(),
                    e.dominant().isEmpty() ? "nothing" : e.dominant(), e.shape(),
                    e.shapeSeen().isEmpty() ? "nothing" : e.shapeSeen(), e.fillRatio(), e.background(),
                    e.backgroundSeen(), e.coloursAnywhere() ? "; colours as asked" : ""));
            out.flush();
        }, token);
        for (String lang : List.of("en", "zh")) {
            out.println(String.format(Locale.ROOT, "%s: %d of %d correct (%.1f%%); colours as asked, wherever the"
                    + " object is: %d (%.1f%%)", lang.equals("en") ? "English" : "Chinese", b.correct(lang),
                    b.count(lang), 100.0 * b.correct(lang) / Math.max(1, b.count(lang)), b.coloursAnywhere(lang),
                    100.0 * b.coloursAnywhere(lang) / Math.max(1, b.count(lang))));
        }
        if (sheet != null) {
            ImageFiles.writeAtomically(sheet, Png.encode(contactSheet(b.entries()), Map.of()));
            out.println("contact sheet: " + sheet);
        }
    }

    /** Every picture in a grid, 2 px frames, green for correct and red for not, one row per prompt and language. */
    static RgbImage contactSheet(List<DemoModel.BenchmarkEntry> entries) {
        int side = entries.get(0).image().width();
        int cell = side + 4;
        int perRow = (int) entries.stream().map(e -> e.language() + e.prompt()).distinct().count() == 0 ? 1
                : (int) entries.stream().filter(e -> e.language().equals(entries.get(0).language())
                        && e.prompt().equals(entries.get(0).prompt())).count();
        int rows = (entries.size() + perRow - 1) / perRow;
        byte[] px = new byte[perRow * cell * rows * cell * 3];
        int width = perRow * cell;
        for (int i = 0; i < entries.size(); i++) {
            DemoModel.BenchmarkEntry e = entries.get(i);
            int ox = (i % perRow) * cell;
            int oy = (i / perRow) * cell;
            int fr = e.correct() ? 40 : 220;
            int fg = e.correct() ? 200 : 40;
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < cell; x++) {
                    int at = ((oy + y) * width + ox + x) * 3;
                    boolean frame = x < 2 || y < 2 || x >= cell - 2 || y >= cell - 2;
                    if (frame) {
                        px[at] = (byte) fr;
                        px[at + 1] = (byte) fg;
                        px[at + 2] = 40;
                    } else {
                        for (int c = 0; c < 3; c++) {
                            px[at + c] = (byte) e.image().channel(x - 2, y - 2, c);
                        }
                    }
                }
            }
        }
        return new RgbImage(width, rows * cell, px);
    }

    /** A progress line per stage on stderr: redrawn in place on a terminal, every few seconds otherwise. */
    static final class Progress implements TrainingListener {

        private static final int BAR = 24;
        private static final long LINE_EVERY_NANOS = 30_000_000_000L;

        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private long lastLine;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void step(String stage, int step, int totalSteps, double loss, double averageLoss,
                double secondsPerStep) {
            long now = System.nanoTime();
            boolean last = step == totalSteps;
            if (!terminal && !last && now - lastLine < LINE_EVERY_NANOS) {
                return;
            }
            lastLine = now;
            int filled = (int) Math.round(BAR * step / (double) totalSteps);
            double left = secondsPerStep * (totalSteps - step);
            String line = String.format(Locale.ROOT, "%-11s [%s%s] %3d%%  %d/%d  loss %.4f (mean %.4f)  %.2f s/step  %s left",
                    stage, "#".repeat(filled), ".".repeat(BAR - filled), 100 * step / totalSteps, step, totalSteps,
                    loss, averageLoss, secondsPerStep, duration(left));
            if (terminal) {
                err.print("\r" + line + (last ? "\n" : ""));
            } else {
                err.println(line);
            }
            err.flush();
        }

        @Override
        public void note(String message) {
            err.println((terminal ? "\r" : "") + message);
            err.flush();
        }

        private static String duration(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                    : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
    }
}
