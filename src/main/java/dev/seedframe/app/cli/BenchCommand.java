package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.service.GenerationService;
import dev.seedframe.service.MemoryProbe;
import dev.seedframe.service.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seedframe bench}: seconds per step, total time and peak memory of one generation. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time one text-to-image generation: load, seconds per step, total, peak memory.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the embedded tiny model).")
    Path model;

    @Option(names = "--width", paramLabel = "PX", description = "Width (default: the model's).")
    Integer width;

    @Option(names = "--height", paramLabel = "PX", description = "Height (default: the model's).")
    Integer height;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10", description = "Steps (default 10).")
    int steps;

    @Option(names = "--cfg", paramLabel = "F", defaultValue = "4.0",
            description = "True CFG scale (default 4.0: two transformer passes per step, as the model card runs it).")
    double cfg;

    @Option(names = "--prompt", paramLabel = "TEXT", defaultValue = "A red circle on a blue background")
    String prompt;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", converter = SeedConverter.class)
    long seed;

    @picocli.CommandLine.Mixin
    EngineOptionsMixin engine;

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public BenchCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        engine.apply(ctx, spec.commandLine().getErr());
        Path dir = CliSupport.modelDir(model);
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        ImageModel m = ctx.models().model(dir);
        double loadS = (System.nanoTime() - t0) / 1e9;
        int size = m.capabilities().defaultSize();
        GenerationRequest req = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
                .prompt(prompt).negativePrompt(cfg > 1 ? " " : null).seed(seed).steps(steps).cfg(cfg)
                .size(width != null ? width : size, height != null ? height : size).build();
        List<Long> stepEnds = new ArrayList<>();
        ProgressListener timing = new ProgressListener() {
            @Override
            public void step(int step, int total, long elapsedNanos, Supplier<RgbImage> preview) {
                stepEnds.add(elapsedNanos);
            }
        };
        GenerationService.Result r = ctx.generation().generate(dir, req, timing, new CancellationToken());
        double min = Double.MAX_VALUE;
        double max = 0;
        long prev = 0;
        for (long e : stepEnds) {
            double s = (e - prev) / 1e9;
            min = Math.min(min, s);
            max = Math.max(max, s);
            prev = e;
        }
        double perStep = r.timings().denoiseMs() / 1000.0 / Math.max(1, stepEnds.size());
        out.println("model:        " + r.model().displayName() + " (" + r.model().pipelineClass() + ")");
        out.println("engine:       " + r.environment().device() + ", " + r.environment().dtype() + ", DJL "
                + r.environment().djlVersion() + ", libtorch " + r.environment().torchVersion() + ", attention "
                + r.environment().attention());
        out.println(String.format(Locale.ROOT, "request:      %dx%d, %d steps, cfg %s%s", req.width(), req.height(),
                req.steps(), req.cfg(), req.usesCfg() ? " (2 transformer passes per step)" : " (no CFG)"));
        out.println(String.format(Locale.ROOT, "load:         %.2f s", loadS));
        out.println(String.format(Locale.ROOT, "text encode:  %.3f s", r.timings().textEncodeMs() / 1000.0));
        out.println(String.format(Locale.ROOT, "denoise:      %.3f s/step (min %.3f, max %.3f) over %d steps",
                perStep, min, max, stepEnds.size()));
        out.println(String.format(Locale.ROOT, "decode:       %.3f s", r.timings().decodeMs() / 1000.0));
        out.println(String.format(Locale.ROOT, "total:        %.2f s (generation), %.2f s with load",
                r.timings().totalMs() / 1000.0, loadS + r.timings().totalMs() / 1000.0));
        long peak = MemoryProbe.peakRssBytes();
        out.println(String.format(Locale.ROOT, "peak memory:  %s RSS (process), %.2f GiB JVM heap now",
                peak < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f GiB", peak / 1073741824.0),
                MemoryProbe.heapUsedBytes() / 1073741824.0));
        return 0;
    }
}
