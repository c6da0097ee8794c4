package dev.seedframe.engine.weights;

import ai.djl.ndarray.NDArray;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.runtime.torchscript.TorchDtype;

/**
 * A weight held on the device as its 8-bit float codes, one byte a weight, as the checkpoint stores it ({@code
 * F8_E4M3} or {@code F8_E5M2}), with the optional scale of ComfyUI's scaled fp8 files (the stored value times {@code
 * scale} is the weight). It is widened when used ({@link #widen}): libtorch re-labels the codes with its own float8
 * dtype through Seedframe's TorchScript helper and converts them exactly (DJL has no fp8 dtype: the codes live in a
 * {@code UINT8} tensor, DJL sees nothing else); a scaled weight is multiplied in f32, then rounded once to the compute
 * dtype.
 */
public final class Fp8Weight implements AutoCloseable {

    private final NDArray codes;
    private final Fp8Format format;
    private final NDArray scale;
    private final SeedframeOps helper;

    /**
     * @param codes the 8-bit codes as a {@code UINT8} tensor of the weight's shape, on the device
     * @param format how to read them
     * @param scale null, or an f32 per-tensor scale ({@code []}) or per-row scale ({@code [out, 1]}) on the device
     * @param helper the TorchScript helper that widens them (it outlives this weight)
     */
    Fp8Weight(NDArray codes, Fp8Format format, NDArray scale, SeedframeOps helper) {
        this.codes = codes;
        this.format = format;
        this.scale = scale;
        this.helper = helper;
    }

    /**
     * The weight in {@code dtype} ({@link TorchDtype#FLOAT32} or {@link TorchDtype#BFLOAT16}), a new tensor on the
     * codes' device that the caller closes: exactly the code values for an unscaled weight; {@code code · scale}
     * computed in f32 and then rounded to {@code dtype} for a scaled one.
     */
    public NDArray widen(TorchDtype dtype) {
        try (NDArray typed = helper.viewAs(codes, format.torchDtype())) {
            if (scale == null) {
                return helper.to(typed, dtype);
            }
            NDArray scaled;
            try (NDArray f32 = helper.toF32(typed)) {
                scaled = helper.mul(f32, scale);
            }
            if (dtype == TorchDtype.FLOAT32) {
                return scaled;
            }
            try (scaled) {
                return helper.to(scaled, dtype);
            }
        }
    }

    /** The codes, {@code UINT8}. */
    public NDArray codes() {
        return codes;
    }

    public Fp8Format format() {
        return format;
    }

    /** The scale, or null for a plain fp8 weight. */
    public NDArray scale() {
        return scale;
    }

    /** Bytes held on the device: one per weight, plus four per scale value. */
    public long bytes() {
        return codes.size() + (scale == null ? 0 : 4 * scale.size());
    }

    @Override
    public void close() {
        codes.close();
        if (scale != null) {
            scale.close();
        }
    }
}
