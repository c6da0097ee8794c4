package dev.seedframe.engine.qwenimage.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.AttentionChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.FullSizeBenchmark;
import dev.seedframe.engine.FullSizeBenchmark.Result;
import dev.seedframe.engine.FullSizeBenchmark.Settings;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.transformer.FlopCount;
import dev.seedframe.engine.qwenimage.transformer.ImageShape;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.engine.runtime.Devices;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.runtime.NativeMemory;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.Fp8Format;
import dev.seedframe.engine.weights.HalfFloats;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How {@link FullSizeBenchmark} runs. {@code bench --full-size}: the real Qwen-Image transformer architecture (the released config, bundled as
 * {@link #CONFIG_RESOURCE}) with deterministic random weights, written once as safetensors shards (one per
 * block, like the real checkpoint's layout) and loaded through the same path as a real model: memory-mapped,
 * verified, materialised per memory mode. No download is needed.
 *
 * <p>{@code layers} below 60 builds a shallower model of full width, to fit a CPU; per-step time is then
 * also given extrapolated to 60 blocks (block time × 60 + the rest), labelled as such.
 *
 * <p>Random weights: uniform in ±1/√in for matrices, 0 for biases, 1 for norm scales; seeded per tensor
 * name, so the same layer count and seed always give the same files.
 */
public final class FullSizeBench {

    /** The released transformer's config.json (Hub {@code Qwen/Qwen-Image}), bundled with the app. */
    public static final String CONFIG_RESOURCE = "/dev/seedframe/engine/qwenimage/qwen-image/transformer/config.json";

    /** Marker written last, so that an interrupted write is redone. */
    private static final String COMPLETE = "complete";

    private FullSizeBench() {}

    /** The released transformer config, read from the bundled resource. */
    public static TransformerConfig releasedConfig() throws WeightsException {
        try {
            Path tmp = Files.createTempFile("qwen-image-config", ".json");
            try (InputStream in = FullSizeBench.class.getResourceAsStream(CONFIG_RESOURCE)) {
                if (in == null) {
                    throw new WeightsException("The bundled config " + CONFIG_RESOURCE + " is missing from the app");
                }
                Files.write(tmp, in.readAllBytes());
                return TransformerConfig.fromJson(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new WeightsException("Cannot read the bundled config: " + e.getMessage(), e);
        }
    }

    private static FullSizeBenchmark.Flops flops(TransformerConfig c, long imageTokens, long textTokens) {
        FlopCount f = FlopCount.forward(c, imageTokens, textTokens);
        return new FullSizeBenchmark.Flops(f.blockLinear(), f.attention(), f.other());
    }

    /** The released config with {@code layers} blocks. */
    static TransformerConfig withLayers(TransformerConfig c, int layers) {
        return new TransformerConfig(c.patchSize(), c.inChannels(), c.outChannels(), layers, c.attentionHeadDim(),
                c.numAttentionHeads(), c.jointAttentionDim(), c.axesDimsRope());
    }

    /**
     * Builds, loads and times the transformer on {@code device}.
     *
     * @param sampler called after loading and after each step (callers sample host memory there)
     */
    public static Result run(Settings s, DeviceInfo device, Runnable sampler) throws EngineException {
        return run(s, device, sampler, line -> { });
    }

    /** {@link FullSizeBenchmark#run}. */
    public static Result run(Settings s, DeviceInfo device, Runnable sampler,
            java.util.function.Consumer<String> progress) throws EngineException {
        try {
            return measure(s, device, sampler, progress);
        } catch (RuntimeException e) {
            NativeMemory.throwIfOutOfMemory(e, device, "benchmarking (memory mode " + s.mode().id() + ", "
                    + s.size() + "², " + s.layers() + " blocks)");
            throw e;
        }
    }

    private static Result measure(Settings s, DeviceInfo device, Runnable sampler,
            java.util.function.Consumer<String> progress) throws EngineException {
        TransformerConfig full = releasedConfig();
        if (s.layers() < 1 || s.layers() > full.numLayers()) {
            throw new InvalidRequestException("--layers must be between 1 and " + full.numLayers() + ", got " + s.layers());
        }
        int multiple = VaeConfig.qwenImage().scaleFactor() * full.patchSize();
        if (s.size() < multiple || s.size() % multiple != 0) {
            throw new InvalidRequestException("--size must be a positive multiple of " + multiple + ", got " + s.size());
        }
        if (s.steps() < 1 || s.textTokens() < 1) {
            throw new InvalidRequestException("--steps and the text tokens must be at least 1");
        }
        Precision precision = s.computePrecision(device);
        String refusal = s.mode().refusal(precision);
        if (refusal != null) {
            // the command line refuses this first, in its option names (EngineOptionsMixin)
            throw new InvalidRequestException(refusal);
        }
        TransformerConfig config = withLayers(full, s.layers());
        Path dir = s.workDir().resolve(String.format(Locale.ROOT, "qwen-image-%dL-%s-seed%d", s.layers(),
                s.weightsDtype().name().toLowerCase(Locale.ROOT), s.seed()));
        long t0 = System.nanoTime();
        StDType dtype = switch (s.weightsDtype()) {
            case F32 -> StDType.F32;
            case BF16 -> StDType.BF16;
            case FP8_E4M3 -> StDType.F8_E4M3;
        };
        boolean wrote = ensureCheckpoint(config, dir, dtype, s.seed());
        double writeS = wrote ? (System.nanoTime() - t0) / 1e9 : 0;
        progress.accept(String.format(Locale.ROOT, "checkpoint %s %s", dir,
                wrote ? String.format(Locale.ROOT, "written in %.1f s", writeS) : "reused"));
        long bytes = folderBytes(dir);

        long peakDevice = -1;
        int latentSide = s.size() / 16;
        int imageTokens = latentSide * latentSide;
        List<ImageShape> shapes = List.of(new ImageShape(1, latentSide, latentSide));
        Engine engine = DjlRuntime.engine();
        try (EngineRuntime runtime = EngineRuntime.open();
                NDManager manager = engine.newBaseManager(Devices.djlDevice(device))) {
            long l0 = System.nanoTime();
            Checkpoint ck = Checkpoint.open(dir, "transformer", "diffusion_pytorch_model");
            Ops f32 = Ops.of(runtime, Precision.F32, AttentionChoice.FUSED);
            Ops ops = precision == Precision.F32 ? f32 : Ops.of(runtime, precision, AttentionChoice.FUSED);
            QwenImageTransformer transformer;
            try {
                transformer = new QwenImageTransformer(config, WeightMap.of(ck, runtime), ops);
                transformer.load(manager, s.mode());
            } catch (EngineException | RuntimeException e) {
                ck.close();
                throw e;
            }
            double loadS = (System.nanoTime() - l0) / 1e9;
            progress.accept(String.format(Locale.ROOT, "loaded in %.2f s (memory mode %s)", loadS, s.mode().id()));
            FullSizeBenchmark.WeightBytes weightBytes = weightBytes(transformer, config, full.numLayers());
            progress.accept(describe(weightBytes, s, config.numLayers(), full.numLayers()));
            try {
                peakDevice = sample(device, sampler, peakDevice);
                engine.setRandomSeed((int) s.seed());
                NDArray x = manager.randomNormal(new Shape(1, imageTokens, config.inChannels()));
                NDArray emb = manager.randomNormal(new Shape(1, s.textTokens(), config.jointAttentionDim()));
                NDArray neg = s.cfg() ? manager.randomNormal(new Shape(1, s.textTokens(), config.jointAttentionDim())) : null;
                List<Double> steps = new ArrayList<>();
                double dt = -1.0 / s.steps();
                for (int i = 0; i < s.steps(); i++) {
                    float sigma = 1f - (float) i / s.steps();
                    long st = System.nanoTime();
                    try (NDManager step = manager.newSubManager()) {
                        NDArray t = step.create(new float[] {sigma});
                        NDArray v = f32(ops, transformer.forward(x, emb, null, t, shapes));
                        v.attach(step);
                        if (neg != null) {
                            NDArray u = f32(ops, transformer.forward(x, neg, null, t, shapes));
                            u.attach(step);
                            v = u.add(v.sub(u).mul(4f));
                        }
                        NDArray next = x.add(v.mul((float) dt));
                        next.attach(manager);
                        ai.djl.ndarray.NDScope.unregister(next);
                        x.close();
                        x = next;
                        x.toFloatArray(); // waits for the device: the step is done
                    }
                    transformer.clearCaches();
                    steps.add((System.nanoTime() - st) / 1e9);
                    progress.accept(String.format(Locale.ROOT, "step %d/%d  %.3f s", i + 1, s.steps(),
                            steps.get(steps.size() - 1)));
                    peakDevice = sample(device, sampler, peakDevice);
                }
                boolean finite = allFinite(x.toFloatArray());
                double outside = outsideSeconds(ck, config, x, emb, shapes, manager, runtime, f32);
                double[] int8Error = null;
                if (s.mode() == MemoryMode.INT8) {
                    try {
                        int8Error = int8AgainstF32(ck, config, transformer, x, emb, shapes, manager, runtime, f32);
                    } catch (RuntimeException e) {
                        if (!NativeMemory.isOutOfMemory(e)) {
                            throw e;
                        }
                        // the timings stand; the comparison needs room for one f32 block beside the int8 model
                    }
                }
                return new Result(s, device, config.numLayers(), full.numLayers(), config.innerDim(), imageTokens, dir,
                        writeS, bytes, loadS, steps, outside, peakDevice, finite, int8Error,
                        flops(config, imageTokens, s.textTokens()), flops(full, imageTokens, s.textTokens()), weightBytes);
            } finally {
                ck.close();
            }
        }
    }

    /**
     * The loaded weights' bytes, measured, and with the blocks' share counted for {@code fullLayers} blocks (every block
     * of the same architecture holds the same bytes); against the same parameters in bf16.
     */
    static FullSizeBenchmark.WeightBytes weightBytes(QwenImageTransformer t, TransformerConfig config, int fullLayers) {
        long resident = t.residentWeightBytes();
        long blockResident = 0;
        long params = 0;
        long blockParams = 0;
        for (Param p : t.weights().params()) {
            long n = p.shape().size();
            params += n;
            if (p.key().startsWith("transformer_blocks.")) {
                blockParams += n;
                blockResident += p.bytesHeld();
            }
        }
        for (var l : t.blockLinears()) {
            if (l.int8() != null) {
                blockResident += l.int8().bytes();
            }
        }
        int layers = Math.max(1, config.numLayers());
        long restResident = resident - blockResident;
        long restParams = params - blockParams;
        return new FullSizeBenchmark.WeightBytes(resident, 2 * params,
                restResident + blockResident / layers * fullLayers, 2 * (restParams + blockParams / layers * fullLayers));
    }

    private static String describe(FullSizeBenchmark.WeightBytes w, Settings s, int layers, int fullLayers) {
        String held = switch (s.weightsDtype()) {
            case FP8_E4M3 -> "fp8 e4m3fn matrices, 1 byte a weight";
            case BF16 -> "widened to the compute dtype";
            case F32 -> "f32";
        };
        return String.format(Locale.ROOT, "weights resident after load: %.2f GiB (%s%s), the same in bf16: %.2f GiB;"
                + " all %d blocks: %.2f GiB against %.2f GiB in bf16%s", w.residentBytes() / GIB, held,
                s.mode() == MemoryMode.STREAM_BLOCKS ? ", blocks streamed: not loaded yet" : "",
                w.bf16Bytes() / GIB, fullLayers, w.residentBytesAt60() / GIB, w.bf16BytesAt60() / GIB,
                layers < fullLayers ? " (EXTRAPOLATED from " + layers + ")" : "");
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** One forward of the int8 model against the same checkpoint loaded resident in f32, same inputs. */
    private static double[] int8AgainstF32(Checkpoint ck, TransformerConfig config, QwenImageTransformer int8,
            NDArray x, NDArray emb, List<ImageShape> shapes, NDManager manager, EngineRuntime runtime, Ops f32Ops)
            throws EngineException {
        try (NDManager sub = manager.newSubManager()) {
            float[] b = velocity(int8, x, emb, shapes, sub);
            // the f32 reference streams its blocks (bit-identical to resident, MemoryModesTest): one f32 block at a
            // time beside the int8 ones, where all of them (82 GB) would fit no card this mode is for
            QwenImageTransformer f32 = new QwenImageTransformer(config, WeightMap.of(ck, runtime), f32Ops);
            f32.load(sub, MemoryMode.STREAM_BLOCKS);
            float[] a = velocity(f32, x, emb, shapes, sub);
            double num = 0;
            double den = 0;
            double maxDiff = 0;
            double maxAbs = 0;
            for (int i = 0; i < a.length; i++) {
                double d = b[i] - a[i];
                num += d * d;
                den += (double) a[i] * a[i];
                maxDiff = Math.max(maxDiff, Math.abs(d));
                maxAbs = Math.max(maxAbs, Math.abs(a[i]));
            }
            f32.clearCaches();
            return new double[] {Math.sqrt(num / Math.max(den, Double.MIN_VALUE)), maxDiff, maxAbs};
        }
    }

    private static float[] velocity(QwenImageTransformer t, NDArray x, NDArray emb, List<ImageShape> shapes,
            NDManager m) throws EngineException {
        try (NDManager step = m.newSubManager()) {
            NDArray v = t.forward(x, emb, null, step.create(new float[] {0.5f}), shapes);
            v.attach(step);
            return v.toFloatArray();
        }
    }

    /**
     * Seconds of one forward outside the blocks (embedders, norm_out, proj_out, RoPE): the same checkpoint
     * loaded as a zero-block model and timed (one warm-up, then the mean of two), so that one block's time is
     * {@code (forward − outside) / layers} with every measurement ending in a device sync. It runs in f32;
     * in a bf16 run on a GPU it somewhat overstates the outside share (a small term either way).
     */
    private static double outsideSeconds(Checkpoint ck, TransformerConfig config, NDArray x, NDArray emb,
            List<ImageShape> shapes, NDManager manager, EngineRuntime runtime, Ops f32) throws EngineException {
        WeightMap w = WeightMap.of(ck, runtime);
        w.ignore("transformer_blocks");
        QwenImageTransformer none = new QwenImageTransformer(withLayers(config, 0), w, f32);
        try (NDManager sub = manager.newSubManager()) {
            none.load(sub);
            double total = 0;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                try (NDManager step = sub.newSubManager()) {
                    NDArray v = none.forward(x, emb, null, step.create(new float[] {0.5f}), shapes);
                    v.attach(step);
                    v.toFloatArray();
                }
                if (i > 0) {
                    total += (System.nanoTime() - t0) / 1e9;
                }
            }
            none.clearCaches();
            return total / 2;
        }
    }

    /** The velocity in f32 (a bf16 model returns bf16, which DJL's own operators must not touch). */
    private static NDArray f32(Ops ops, NDArray v) {
        NDArray out = ops.toF32(v);
        if (out != v) {
            v.close();
        }
        return out;
    }

    private static long sample(DeviceInfo device, Runnable sampler, long peak) {
        sampler.run();
        long used = Devices.gpuMemoryUsedBytes(device);
        return used >= 0 ? Math.max(peak, used) : peak;
    }

    private static boolean allFinite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    private static long folderBytes(Path dir) throws WeightsException {
        try (var s = Files.list(dir)) {
            long n = 0;
            for (Path p : (Iterable<Path>) s::iterator) {
                n += Files.size(p);
            }
            return n;
        } catch (IOException e) {
            throw new WeightsException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the random checkpoint unless a complete one is there; returns whether it wrote. */
    static boolean ensureCheckpoint(TransformerConfig config, Path dir, StDType dtype, long seed)
            throws WeightsException {
        if (Files.exists(dir.resolve(COMPLETE))) {
            return false;
        }
        if (dtype != StDType.F32 && dtype != StDType.BF16 && dtype != StDType.F8_E4M3) {
            throw new IllegalArgumentException("random weights are written as F32, BF16 or F8_E4M3, not " + dtype);
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), configJson(config), StandardCharsets.UTF_8);
            // declare the architecture to learn every tensor's name and shape (nothing is read)
            QwenImageTransformer declared = new QwenImageTransformer(config, WeightMap.of(null), Ops.declaringOnly());
            Map<String, List<Param>> shards = new LinkedHashMap<>();
            for (Param p : declared.weights().params()) {
                String k = p.key();
                String shard = k.startsWith("transformer_blocks.") ? k.substring(0, k.indexOf('.', 19)) : "rest";
                shards.computeIfAbsent(shard, x -> new ArrayList<>()).add(p);
            }
            int total = shards.size();
            int i = 0;
            StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
            boolean first = true;
            for (List<Param> ps : shards.values()) {
                i++;
                String file = String.format(Locale.ROOT, "diffusion_pytorch_model-%05d-of-%05d.safetensors", i, total);
                SafetensorsWriter w = new SafetensorsWriter();
                // each tensor is drawn from its own seed, so drawing them in parallel changes no value
                List<ByteBuffer> data = ps.parallelStream()
                        .map(p -> randomTensor(p.key(), p.shape().getShape(), dtype, seed)).toList();
                for (int t = 0; t < ps.size(); t++) {
                    Param p = ps.get(t);
                    long[] shape = p.shape().getShape();
                    w.add(p.key(), storedAs(dtype, shape), shape, data.get(t));
                    index.append(first ? "" : ", ").append('"').append(p.key()).append("\": \"").append(file).append('"');
                    first = false;
                }
                w.write(dir.resolve(file));
            }
            index.append("}}");
            Files.writeString(dir.resolve("diffusion_pytorch_model.safetensors.index.json"), index.toString(),
                    StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(COMPLETE), "", StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new WeightsException("Cannot write the random checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The dtype a tensor of {@code shape} is written in: an fp8 checkpoint keeps its matrices fp8, the rest bf16. */
    static StDType storedAs(StDType dtype, long[] shape) {
        return dtype == StDType.F8_E4M3 && shape.length != 2 ? StDType.BF16 : dtype;
    }

    /** Uniform ±1/√in for a matrix, ones for a norm scale, zeros for a bias; little-endian bytes. */
    static ByteBuffer randomTensor(String key, long[] shape, StDType checkpointDtype, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        StDType dtype = storedAs(checkpointDtype, shape);
        int width = dtype.bytes();
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * width)).order(ByteOrder.LITTLE_ENDIAN);
        boolean matrix = shape.length >= 2;
        float constant = matrix ? 0f : key.contains("norm") ? 1f : 0f;
        float bound = matrix ? (float) (1.0 / Math.sqrt(shape[shape.length - 1])) : 0f;
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + key.hashCode());
        for (long i = 0; i < n; i++) {
            float v = matrix ? (float) ((r.nextInt() >> 8) * 0x1p-23 * bound) : constant;
            if (width == 4) {
                b.putFloat(v);
            } else if (width == 2) {
                b.putShort(HalfFloats.floatToBf16(v));
            } else {
                b.put((byte) Fp8Format.E4M3FN.encode(v));
            }
        }
        b.flip();
        return b;
    }

    private static String configJson(TransformerConfig c) {
        int[] a = c.axesDimsRope();
        return String.format(Locale.ROOT, "{\n  \"_class_name\": \"QwenImageTransformer2DModel\",\n"
                + "  \"attention_head_dim\": %d,\n  \"axes_dims_rope\": [%d, %d, %d],\n  \"guidance_embeds\": false,\n"
                + "  \"in_channels\": %d,\n  \"joint_attention_dim\": %d,\n  \"num_attention_heads\": %d,\n"
                + "  \"num_layers\": %d,\n  \"out_channels\": %d,\n  \"patch_size\": %d\n}\n", c.attentionHeadDim(),
                a[0], a[1], a[2], c.inChannels(), c.jointAttentionDim(), c.numAttentionHeads(), c.numLayers(),
                c.outChannels(), c.patchSize());
    }
}
