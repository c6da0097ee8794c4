package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.FullSizeBenchmark;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.engine.ModelCatalog;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.SamplingPreset;
import dev.seedframe.service.Generation;
import dev.seedframe.service.MemoryProbe;
import dev.seedframe.service.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seedframe bench}: seconds per step, total time and peak memory of one generation. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time one text-to-image generation: load, seconds per step, total, peak memory.",
                "With --full-size: the real 20B Qwen-Image transformer architecture with random weights (no download),"
                        + " optionally with fewer blocks (--layers) to fit a CPU."})
public final class BenchCommand extends CliCommand {

    @picocli.CommandLine.Mixin
    ModelOption model;

    @Option(names = "--width", paramLabel = "PX", description = "Width (default: the model's).")
    Integer width;

    @Option(names = "--height", paramLabel = "PX", description = "Height (default: the model's).")
    Integer height;

    @Option(names = "--steps", paramLabel = "N", description = "Steps (default 10; 3 with --full-size).")
    Integer steps;

    @Option(names = "--cfg", paramLabel = "F", defaultValue = "4.0",
            description = "True CFG scale (default 4.0: two transformer passes per step, as the model card runs it;"
                    + " 1 for one pass).")
    double cfg;

    @Option(names = "--full-size", description = "Benchmark the full-size Qwen-Image transformer with random weights.")
    boolean fullSize;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "60",
            description = "--full-size: transformer blocks to build, 1 to 60 (default 60; fewer to fit a CPU, the"
                    + " per-step time is then also extrapolated to 60).")
    int layers;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "1024",
            description = "--full-size: image side, e.g. 1024 or 1328 (default 1024).")
    int size;

    @Option(names = "--text-tokens", paramLabel = "N", defaultValue = "" + FullSizeBenchmark.DEFAULT_TEXT_TOKENS,
            description = "--full-size: prompt tokens (default ${DEFAULT-VALUE}).")
    int textTokens;

    @Option(names = "--weights-dtype", paramLabel = "bf16|f32|fp8", defaultValue = "bf16",
            description = "--full-size: dtype of the random checkpoint written (default bf16, as released; fp8: e4m3fn"
                    + " matrices, as ComfyUI's fp8 file, kept 1 byte a weight).")
    String weightsDtype;

    @Option(names = "--weights-dir", paramLabel = "DIR",
            description = "--full-size: where the random checkpoint is written once and reused"
                    + " (default: Seedframe's cache folder, bench/).")
    Path weightsDir;

    @Option(names = "--peak-tflops", paramLabel = "F",
            description = "--full-size: the device's peak TFLOP/s for the utilisation ratio (default: known for a few"
                    + " NVIDIA cards, dense BF16 datasheet figures; none for CPUs).")
    Double peakTflops;

    @Option(names = "--prompt", paramLabel = "TEXT", defaultValue = "A red circle on a blue background",
            description = "Prompt (default: ${DEFAULT-VALUE}).")
    String prompt;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", converter = SeedConverter.class,
            description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--lightning", paramLabel = "N",
            description = "Also time the Lightning preset at N steps (4 or 8: CFG 1, one transformer pass per step,"
                    + " the Lightning scheduler) at the same size, and print both rows with the speed-up.")
    Integer lightning;

    @Option(names = "--lightning-lora", paramLabel = "FILE[:WEIGHT]", converter = LoraArgument.Converter.class,
            description = "With --lightning: the Lightning LoRA to apply in that row (runtime; without it the row"
                    + " times the preset's sampling on the base weights, which costs the same per step).")
    LoraArgument lightningLora;

    @picocli.CommandLine.Mixin
    EngineOptionsMixin engine;

    public BenchCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() throws Exception {
        DeviceInfo device = engine.apply(ctx, spec.commandLine().getErr());
        if (fullSize) {
            return fullSize(device.fellBack() ? ctx.models().device(DeviceChoice.cpu()) : device);
        }
        int steps = this.steps != null ? this.steps : 10;
        ModelFiles files = model.files();
        if (lightning != null && lightning < 1) {
            throw new UsageException("--lightning must be a step count of 1 or more (the published LoRAs: 4 or 8)");
        }
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        ImageModel m = ctx.models().model(files);
        double loadS = (System.nanoTime() - t0) / 1e9;
        int size = m.capabilities().defaultSize();
        GenerationRequest req = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
                .prompt(prompt).negativePrompt(cfg > 1 ? " " : null).seed(seed).steps(steps).cfg(cfg)
                .size(width != null ? width : size, height != null ? height : size).build();
        Timed main = timed(files, req);
        Generation r = main.generation();
        out.println("model:        " + r.model().displayName() + " (" + r.model().pipelineClass() + ")");
        for (Path single : new Path[] {files.transformer(), files.textEncoder(), files.vae()}) {
            if (single != null) {
                out.println("single file:  " + singleFileSummary(single));
            }
        }
        out.println("engine:       " + r.environment().device() + ", " + r.environment().dtype() + ", DJL "
                + r.environment().djlVersion() + ", libtorch " + r.environment().torchVersion() + ", attention "
                + r.environment().attention());
        out.println(String.format(Locale.ROOT, "request:      %dx%d, %d steps, cfg %s%s", req.width(), req.height(),
                req.steps(), req.cfg(), req.usesCfg() ? " (2 transformer passes per step)" : " (no CFG)"));
        out.println(String.format(Locale.ROOT, "load:         %.2f s", loadS));
        out.println(String.format(Locale.ROOT, "text encode:  %.3f s", r.timings().textEncodeMs() / 1000.0));
        out.println(String.format(Locale.ROOT, "denoise:      %.3f s/step (min %.3f, max %.3f) over %d steps",
                main.perStep(), main.minStep(), main.maxStep(), main.steps()));
        out.println(String.format(Locale.ROOT, "decode:       %.3f s", r.timings().decodeMs() / 1000.0));
        out.println(String.format(Locale.ROOT, "total:        %.2f s (generation), %.2f s with load",
                r.timings().totalMs() / 1000.0, loadS + r.timings().totalMs() / 1000.0));
        if (lightning != null) {
            lightningRows(out, files, req, main);
        }
        long peak = MemoryProbe.peakRssBytes();
        out.println(String.format(Locale.ROOT, "peak memory:  %s RSS (process), %.2f GiB JVM heap now",
                peak < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f GiB", peak / 1073741824.0),
                MemoryProbe.heapUsedBytes() / 1073741824.0));
        return 0;
    }

    /** One timed generation: the result and its per-step times. */
    private record Timed(Generation generation, int steps, double perStep, double minStep, double maxStep) {

        double denoiseSeconds() {
            return generation.timings().denoiseMs() / 1000.0;
        }

        double totalSeconds() {
            return generation.timings().totalMs() / 1000.0;
        }
    }

    private Timed timed(ModelFiles files, GenerationRequest req) throws Exception {
        List<Long> stepEnds = new ArrayList<>();
        ProgressListener timing = new ProgressListener() {
            @Override
            public void step(int step, int total, long elapsedNanos, Supplier<RgbImage> preview) {
                stepEnds.add(elapsedNanos);
            }
        };
        Generation r = ctx.useCases().runner().generate(files, req, timing, new CancellationToken());
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
        return new Timed(r, stepEnds.size(), perStep, stepEnds.isEmpty() ? 0 : min, max);
    }

    /**
     * The Lightning row beside the run above: the preset at {@code --lightning} steps (CFG 1, its scheduler), with
     * {@code --lightning-lora} applied if given, and what it buys against the run above (the 50-step row when the
     * run above was at 50 steps; its per-step figures otherwise scale it to 50).
     */
    private void lightningRows(PrintWriter out, ModelFiles files, GenerationRequest base, Timed main)
            throws Exception {
        GenerationRequest light = SamplingPreset.lightning(lightning).applyTo(base.toBuilder().negativePrompt(null)
                .build());
        if (lightningLora != null) {
            if (!Files.isRegularFile(lightningLora.file())) {
                throw new UsageException("--lightning-lora " + lightningLora.file() + " does not exist");
            }
            ctx.useCases().inspectLora(lightningLora.file()); // a damaged file is refused before it runs
            light = light.toBuilder().loras(List.of(LoraSpec.runtime(lightningLora.file().toAbsolutePath()
                    .normalize().toString(), lightningLora.weight()))).build();
        }
        Timed l = timed(files, light);
        int passes = base.usesCfg() ? 2 : 1;
        double fiftyDenoise = main.perStep() * GenerationRequest.DEFAULT_STEPS;
        double fiftyTotal = main.totalSeconds() - main.denoiseSeconds() + fiftyDenoise;
        out.println("lightning:    same size, same model" + (lightningLora != null ? ", LoRA "
                + lightningLora.file().getFileName() + " (runtime)" : ", preset only (no LoRA file)"));
        out.println(String.format(Locale.ROOT, "  %-28s %4s %7s %12s %12s", "row", "steps", "passes", "denoise s",
                "total s"));
        out.println(String.format(Locale.ROOT, "  %-28s %4d %7d %12.2f %12.2f%s", "50 steps, cfg " + base.cfg(),
                GenerationRequest.DEFAULT_STEPS, GenerationRequest.DEFAULT_STEPS * passes, fiftyDenoise, fiftyTotal,
                main.steps() == GenerationRequest.DEFAULT_STEPS ? "" : " (from the " + main.steps()
                        + "-step run's s/step)"));
        out.println(String.format(Locale.ROOT, "  %-28s %4d %7d %12.2f %12.2f", "Lightning " + lightning
                + " steps, cfg 1", l.steps(), l.steps(), l.denoiseSeconds(), l.totalSeconds()));
        out.println(String.format(Locale.ROOT, "  speed-up: %.1fx denoising, %.1fx in total",
                fiftyDenoise / Math.max(1e-9, l.denoiseSeconds()), fiftyTotal / Math.max(1e-9, l.totalSeconds())));
    }

    /** A single file's summary: what it holds, how it is stored, and its size on disk. */
    private static String singleFileSummary(Path file) {
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (java.io.IOException e) {
            bytes = -1;
        }
        String what = ModelCatalog.describeFile(file).map(d -> d.component().label() + ", " + d.precision() + ", "
                + d.detail()).orElse("not recognised");
        return String.format(Locale.ROOT, "%s (%s), %s on disk", file, what, bytes < 0 ? "size unknown"
                : bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.2f GiB", bytes / GIB)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0));
    }

    /** Dense BF16 tensor peaks from NVIDIA datasheets (FP32 accumulate), by a substring of the GPU name. */
    static final Map<String, Double> KNOWN_PEAK_TFLOPS = knownPeaks();

    private static Map<String, Double> knownPeaks() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("H200", 989.4);
        m.put("H100 PCIe", 756.5);
        m.put("H100", 989.4);
        m.put("A100", 312.0);
        m.put("L40S", 362.1);
        m.put("RTX 4090", 165.2);
        m.put("RTX 3090", 71.0);
        return m;
    }

    static Double knownPeak(String description) {
        for (Map.Entry<String, Double> e : KNOWN_PEAK_TFLOPS.entrySet()) {
            if (description.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private int fullSize(DeviceInfo device) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FullSizeBenchmark.WeightsDtype dtype = switch (weightsDtype.toLowerCase(Locale.ROOT)) {
            case "bf16" -> FullSizeBenchmark.WeightsDtype.BF16;
            case "f32" -> FullSizeBenchmark.WeightsDtype.F32;
            case "fp8" -> FullSizeBenchmark.WeightsDtype.FP8_E4M3;
            default -> throw new UsageException("--weights-dtype must be bf16, f32 or fp8, got " + weightsDtype);
        };
        Path work = weightsDir != null ? weightsDir : FullSizeBenchmark.defaultWorkDir();
        FullSizeBenchmark.Settings settings = new FullSizeBenchmark.Settings(layers, size, steps != null ? steps : 3,
                textTokens, cfg > 1, engine.memoryMode, dtype, seed, work, engine.precision);
        long[] peakAnon = {-1};
        MemoryProbe.resetPeakRss();
        PrintWriter progress = spec.commandLine().getErr();
        FullSizeBenchmark.Result r = FullSizeBenchmark.run(settings, device,
                () -> peakAnon[0] = Math.max(peakAnon[0], MemoryProbe.anonRssBytes()), progress::println);
        long peakRss = MemoryProbe.peakRssBytes();
        boolean partial = r.layers() < r.fullLayers();
        out.println("model:        Qwen-Image transformer, released config (bundled), random weights, "
                + r.layers() + " of " + r.fullLayers() + " blocks, inner width " + r.innerDim());
        out.println("engine:       " + device.description() + ", " + device.runtime() + ", "
                + settings.computePrecision(device).dtypeName() + " compute, memory mode " + engine.memoryMode.id());
        out.println(String.format(Locale.ROOT, "request:      %dx%d = %d image tokens + %d text tokens, %d steps, %s",
                size, size, r.imageTokens(), textTokens, settings.steps(),
                settings.cfg() ? "true CFG (2 transformer passes per step)" : "no CFG (1 pass per step)"));
        out.println(String.format(Locale.ROOT, "checkpoint:   %s, %.2f GiB %s%s", r.checkpointDir(),
                r.checkpointBytes() / GIB, dtype.name(), r.writeSeconds() > 0
                        ? String.format(Locale.ROOT, " (written in this run in %.1f s)", r.writeSeconds())
                        : " (reused)"));
        out.println(String.format(Locale.ROOT, "load:         %.2f s (%.2f GiB/s over the checkpoint's bytes)",
                r.loadSeconds(), r.checkpointBytes() / GIB / Math.max(1e-9, r.loadSeconds())));
        StringBuilder each = new StringBuilder();
        for (double t : r.stepSeconds()) {
            each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", t));
        }
        out.println(String.format(Locale.ROOT, "step:         %.2f s/step measured%s, best %.2f (each: %s)",
                r.secondsPerStep(), r.stepSeconds().size() > 1 ? ", first step excluded" : "", r.bestStepSeconds(),
                each));
        out.println(String.format(Locale.ROOT, "block:        %.3f s per block forward (best step); %.3f s outside the blocks",
                r.blockSeconds(), r.outsideSeconds()));
        if (partial) {
            out.println(String.format(Locale.ROOT,
                    "extrapolated: %.1f s/step for all %d blocks (EXTRAPOLATED from %d: + %d × block time)",
                    r.secondsPerStepAt60(), r.fullLayers(), r.layers(), r.fullLayers() - r.layers()));
        }
        FullSizeBenchmark.Flops f60 = r.flopsPerForwardAt60();
        double tflopsAchieved = r.flopsPerStep() / r.bestStepSeconds() / 1e12;
        out.println(String.format(Locale.ROOT,
                "flops:        %.2f TFLOP per step as built; full model %.1f TFLOP per forward (%.1f linear + %.1f"
                        + " attention + %.2f other), %.1f per step",
                r.flopsPerStep() / 1e12, f60.total() / 1e12, f60.blockLinear() / 1e12, f60.attention() / 1e12,
                f60.other() / 1e12, f60.total() * r.forwardsPerStep() / 1e12));
        Double peak = peakTflops != null ? peakTflops : device.isGpu() ? knownPeak(device.description()) : null;
        out.println(String.format(Locale.ROOT, "throughput:   %.3f TFLOP/s achieved in the best step%s", tflopsAchieved,
                peak == null ? " (no peak known: pass --peak-tflops for a utilisation ratio)"
                        : String.format(Locale.ROOT, ", %.1f %% of %.1f TFLOP/s peak%s", 100 * tflopsAchieved / peak,
                                peak, peakTflops != null ? " (given)" : " (datasheet, dense BF16)")));
        out.println(String.format(Locale.ROOT, "memory:       peak RSS %s (process, from model load on, includes mapped weight pages),"
                        + " anonymous RSS up to %s when sampled after load and after each step (excludes"
                        + " memory-mapped weights)%s",
                gib(peakRss), gib(peakAnon[0]),
                device.isGpu() ? ", peak device memory in use " + gib(r.peakDeviceBytes()) + " (cudaMemGetInfo)" : ""));
        out.println(String.format(Locale.ROOT, "host:         %d CPUs, 1-minute load average %.1f at the end"
                        + " (other processes competing for the CPUs slow every figure above)",
                Runtime.getRuntime().availableProcessors(), MemoryProbe.loadAverage()));
        if (r.int8Error() != null) {
            double[] e = r.int8Error();
            out.println(String.format(Locale.ROOT, "int8 effect:  one forward's velocity vs the same weights in f32:"
                    + " relative RMS error %.2e, max abs diff %.3g (largest f32 value %.3g)", e[0], e[1], e[2]));
        } else if (r.settings().mode() == dev.seedframe.engine.MemoryMode.INT8) {
            out.println("int8 effect:  not measured: no room on the device for one f32 block beside the int8 model");
        }
        out.println("output:       " + (r.finite() ? "finite" : "NOT FINITE (random weights overflowed)"));
        return 0;
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    private static String gib(long bytes) {
        return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f GiB", bytes / GIB);
    }
}
