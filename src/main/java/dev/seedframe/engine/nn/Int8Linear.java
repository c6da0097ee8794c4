package dev.seedframe.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.seedframe.engine.Precision;

/**
 * A {@link Linear} whose weight is held as weight-only int8: symmetric, one f32 scale per output channel
 * ({@code scale[o] = max|W[o,:]| / 127}, {@code q = round(W / scale)} in [−127, 127]), dequantised to f32
 * just before its matmul and freed right after. The bias stays f32. Activations are never quantised.
 *
 * <p>Error: per weight at most half a quantisation step, {@code |W − q·scale| ≤ scale/2 = max|W[o,:]|/254}
 * ({@link #maxRoundTripError}). Measured against f32: on the tiny Qwen-Image checkpoint (every Linear of
 * every transformer block quantised, 64×64, 3 steps) the image has PSNR 72.3 dB, at most 1/255 per channel
 * ({@code MemoryModesTest} asserts ≥ 45 dB); on one full-width block of the real architecture with random
 * uniform weights, one forward's output has a relative RMS error of 5.5e-5 ({@code bench --full-size
 * --memory-mode int8}). Both use random weights: the real model's outlier channels will do worse, which is
 * not measured yet.
 *
 * <p>Memory: 1 byte per weight plus 4 bytes per output row, against 2 (bf16) or 4 (f32); the
 * dequantised f32 copy of one layer exists only during that layer's matmul.
 */
public final class Int8Linear implements LinearWeights {

    /** Largest magnitude of a quantised weight (symmetric range, −128 unused). */
    public static final int QMAX = 127;

    private final NDArray q;
    private final NDArray scales;

    private Int8Linear(NDArray q, NDArray scales) {
        this.q = q;
        this.scales = scales;
    }

    /**
     * Quantises an f32 {@code [out, in]} weight on {@code manager}. The input is not closed; the result
     * owns an int8 {@code [out, in]} tensor and f32 {@code [out, 1]} scales.
     */
    public static Int8Linear quantize(NDArray weight, NDManager manager) {
        if (weight.getShape().dimension() != 2) {
            throw new IllegalArgumentException("int8 quantisation needs a 2-D [out, in] weight, got " + weight.getShape());
        }
        try (NDManager tmp = manager.newSubManager()) {
            NDArray w = weight.getManager() == manager ? weight : weight.toDevice(manager.getDevice(), false);
            w.tempAttach(tmp);
            NDArray absMax = w.abs().max(new int[] {1}, true); // [out, 1]
            // an all-zero row gets scale 1 (its codes are all 0 either way)
            NDArray scale = absMax.div(QMAX).add(absMax.eq(0).toType(DataType.FLOAT32, false)); // [out, 1]
            NDArray codes = w.div(scale).round().clip(-QMAX, QMAX).toType(DataType.INT8, false); // [out, in]
            codes.attach(manager);
            scale.attach(manager);
            ai.djl.ndarray.NDScope.unregister(codes);
            ai.djl.ndarray.NDScope.unregister(scale);
            return new Int8Linear(codes, scale);
        }
    }

    /** The f32 weight these codes stand for, {@code q·scale} (a new array on {@code q}'s manager). */
    public NDArray dequantize() {
        return q.toType(DataType.FLOAT32, false).muli(scales); // [out, in]
    }

    /**
     * {@code y = x·(q·scale)ᵀ + b}: dequantises this layer's weight, multiplies, frees the f32 copy. Activations stay
     * f32: the int8 memory modes and the bf16 precision cannot be combined.
     */
    @Override
    public NDArray apply(Ops ops, NDArray x, NDArray bias) {
        if (ops.precision() != Precision.F32) {
            throw new IllegalStateException("int8 weights take f32 activations; this layer computes in "
                    + ops.precision().dtypeName() + " (int8 memory modes and the bf16 precision cannot be combined)");
        }
        try (NDArray w = dequantize()) {
            return ops.linear(x, w, bias);
        }
    }

    /** The int8 codes {@code [out, in]}. */
    public NDArray codes() {
        return q;
    }

    /** The per-output-channel scales {@code [out, 1]}, f32. */
    public NDArray scales() {
        return scales;
    }

    /** Bytes held: one per weight plus four per output channel. */
    public long bytes() {
        return q.size() + 4 * scales.size();
    }

    /** The bound on {@code |W − q·scale|} for row {@code o}: half a step, {@code max|W[o,:]| / (2·127)}. */
    public static double maxRoundTripError(double rowAbsMax) {
        return rowAbsMax / (2.0 * QMAX);
    }

    public void close() {
        q.close();
        scales.close();
    }
}
