package dev.seedframe.engine;

import dev.seedframe.engine.qwenimage.bench.FullSizeBench;
import dev.seedframe.engine.runtime.DjlRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code bench --full-size}: the real Qwen-Image transformer architecture (the released config, bundled) with
 * deterministic random weights, written once as safetensors shards (one per block, like the real checkpoint's
 * layout) and loaded through the same path as a real model: memory-mapped, verified, materialised per memory mode.
 * No download is needed. With fewer than 60 {@code layers} the model is shallower but of full width, to fit a CPU;
 * the per-step time is then also given extrapolated to 60 blocks, labelled as such.
 */
public final class FullSizeBenchmark {

    /** Text tokens of a typical prompt after the template is dropped (the Qwen-Image specification uses 14 and 100). */
    public static final int DEFAULT_TEXT_TOKENS = 100;

    private FullSizeBenchmark() {}

    /** The dtype the random shards are written in. */
    public enum WeightsDtype {
        F32,
        /** As the checkpoint is released. */
        BF16,
        /**
         * As ComfyUI's {@code qwen_image_fp8_e4m3fn.safetensors}: every matrix as float8 e4m3fn (no scale), the rest
         * bf16; the matrices stay one byte a weight on the device.
         */
        FP8_E4M3
    }

    /**
     * What the transformer's weights hold on the device right after loading, against the same weights in bf16.
     *
     * @param residentBytes measured: every loaded weight's bytes (fp8 and int8 codes 1 a weight, bf16 2, f32 4;
     *     streamed blocks are not loaded yet)
     * @param bf16Bytes the same parameters in bf16, 2 bytes each
     * @param residentBytesAt60 {@code residentBytes} with the per-block bytes counted for all 60 blocks (measured
     *     per block, EXTRAPOLATED when fewer were built)
     * @param bf16BytesAt60 the released 60-block model in bf16
     */
    public record WeightBytes(long residentBytes, long bf16Bytes, long residentBytesAt60, long bf16BytesAt60) {}

    /**
     * @param layers transformer blocks to build (1..60)
     * @param size image side in pixels (multiple of 16)
     * @param steps timed denoising steps (one transformer forward each, two with {@code cfg})
     * @param textTokens prompt tokens
     * @param cfg two forwards per step (true CFG), as the model card runs it
     * @param mode weight placement
     * @param weightsDtype the dtype of the written shards
     * @param seed weights and inputs
     * @param workDir where the random checkpoint is written (reused when complete)
     * @param precision compute dtype asked for (honoured on a GPU; the CPU computes in f32)
     */
    public record Settings(int layers, int size, int steps, int textTokens, boolean cfg, MemoryMode mode,
            WeightsDtype weightsDtype, long seed, Path workDir, Precision precision) {

        /** The dtype the transformer computes in on {@code device}: the CPU always computes in f32. */
        public Precision computePrecision(DeviceInfo device) {
            return device.isGpu() ? precision : Precision.F32;
        }
    }

    /**
     * Floating-point operations of one transformer forward (a multiply-add counts 2).
     *
     * @param blockLinear the blocks' projections and MLPs
     * @param attention scores and weighted sums
     * @param other modulation, embedders and output projection
     */
    public record Flops(double blockLinear, double attention, double other) {
        public double total() {
            return blockLinear + attention + other;
        }
    }

    /**
     * @param layers blocks as built
     * @param fullLayers blocks of the released model (60)
     * @param innerDim the model's width
     * @param imageTokens image tokens of one forward
     * @param checkpointDir the random checkpoint
     * @param writeSeconds time to write it in this run (0 when reused)
     * @param checkpointBytes its size on disk
     * @param loadSeconds open + verify + materialise (int8: including quantisation)
     * @param stepSeconds each timed step
     * @param outsideSeconds one forward's time outside the blocks (a zero-block model of the same width)
     * @param peakDeviceBytes highest device memory in use sampled after load and each step (GPU), else -1
     * @param finite whether the final latents are all finite
     * @param int8Error for {@link MemoryMode#INT8}: one forward's velocity against the same weights in f32,
     *     {relative RMS error, largest absolute difference, largest absolute f32 value}; otherwise null
     * @param flopsPerForward one forward of the model as built
     * @param flopsPerForwardAt60 one forward of the released 60-block model
     * @param weights the weights' resident size after loading, against bf16
     */
    public record Result(Settings settings, DeviceInfo device, int layers, int fullLayers, int innerDim,
            int imageTokens, Path checkpointDir, double writeSeconds, long checkpointBytes, double loadSeconds,
            List<Double> stepSeconds, double outsideSeconds, long peakDeviceBytes, boolean finite, double[] int8Error,
            Flops flopsPerForward, Flops flopsPerForwardAt60, WeightBytes weights) {

        /** One block's forward: (best step's seconds per forward − outside) / layers. */
        public double blockSeconds() {
            return Math.max(0, bestStepSeconds() / forwardsPerStep() - outsideSeconds) / layers;
        }

        /** Forwards per step. */
        public int forwardsPerStep() {
            return settings.cfg() ? 2 : 1;
        }

        /** Mean seconds per step over the timed steps, skipping the first (warm-up) when there are more. */
        public double secondsPerStep() {
            List<Double> s = stepSeconds.size() > 1 ? stepSeconds.subList(1, stepSeconds.size()) : stepSeconds;
            return s.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /**
         * The fastest timed step: on a machine shared with other work the least disturbed measurement, so block time
         * and extrapolation use it.
         */
        public double bestStepSeconds() {
            return stepSeconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        /** Seconds per step extrapolated to the released 60 blocks: best step + (60 − layers) × block time. */
        public double secondsPerStepAt60() {
            return bestStepSeconds() + (fullLayers - layers) * blockSeconds() * forwardsPerStep();
        }

        /** FLOPs of one step of the model as built. */
        public double flopsPerStep() {
            return flopsPerForward.total() * forwardsPerStep();
        }
    }

    /**
     * Builds, loads and times the transformer on {@code device}, telling {@code progress} each figure as soon as it
     * is measured (written, loaded, each step), so that a run cut short still leaves what it measured.
     *
     * @param sampler called after loading and after each step (callers sample host memory there)
     */
    public static Result run(Settings s, DeviceInfo device, Runnable sampler, Consumer<String> progress)
            throws EngineException {
        return FullSizeBench.run(s, device, sampler, progress);
    }

    /** Where the random checkpoints go unless the caller names a folder: Seedframe's cache folder. */
    public static Path defaultWorkDir() {
        return DjlRuntime.defaultCacheDir().resolve("bench");
    }
}
