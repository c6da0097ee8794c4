package dev.seedframe.engine.weights;

import dev.seedframe.engine.runtime.torchscript.TorchDtype;

/**
 * The two 8-bit float formats safetensors names ({@code F8_E4M3}, {@code F8_E5M2}), as torch defines them
 * ({@code torch.float8_e4m3fn}, {@code torch.float8_e5m2}; the OCP 8-bit float specification). Every one of the 256
 * codes of each format is an exact f32 (and bf16) value, so widening is exact.
 *
 * <ul>
 *   <li>{@link #E4M3FN}: sign, 4 exponent bits (bias 7), 3 mantissa bits; "fn": finite, no infinities, and only
 *       {@code S.1111.111} ({@code 0x7F}, {@code 0xFF}) is NaN, so {@code S.1111.110} = ±448 is the largest value.
 *       Exponent 0 is subnormal: {@code m · 2⁻⁹}.
 *   <li>{@link #E5M2}: sign, 5 exponent bits (bias 15), 2 mantissa bits, IEEE-like: exponent 31 is ±∞ (mantissa 0)
 *       or NaN; the largest finite value is 57,344; subnormals {@code m · 2⁻¹⁶}. It is the top byte of an IEEE
 *       binary16.
 * </ul>
 */
public enum Fp8Format {
    E4M3FN(StDType.F8_E4M3, TorchDtype.FLOAT8_E4M3FN, "float8_e4m3fn", 4, 7, false),
    E5M2(StDType.F8_E5M2, TorchDtype.FLOAT8_E5M2, "float8_e5m2", 5, 15, true);

    private final StDType stDType;
    private final TorchDtype torchDtype;
    private final String torchName;
    private final int exponentBits;
    private final int bias;
    /** IEEE-like: the top exponent is infinity or NaN; otherwise ("fn") only the all-ones code is NaN. */
    private final boolean ieee;
    private final float[] table;

    Fp8Format(StDType stDType, TorchDtype torchDtype, String torchName, int exponentBits, int bias, boolean ieee) {
        this.stDType = stDType;
        this.torchDtype = torchDtype;
        this.torchName = torchName;
        this.exponentBits = exponentBits;
        this.bias = bias;
        this.ieee = ieee;
        this.table = new float[256];
        for (int code = 0; code < 256; code++) {
            table[code] = decodeBits(code);
        }
    }

    /** The format a safetensors dtype names, or null when it is not an 8-bit float. */
    public static Fp8Format of(StDType dtype) {
        for (Fp8Format f : values()) {
            if (f.stDType == dtype) {
                return f;
            }
        }
        return null;
    }

    /** The format of torch's name ({@code float8_e4m3fn}, {@code float8_e5m2}), or null. */
    public static Fp8Format ofTorchName(String name) {
        for (Fp8Format f : values()) {
            if (f.torchName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    public StDType stDType() {
        return stDType;
    }

    /** libtorch's dtype of this format (the TorchScript helper re-labels 1-byte codes with it). */
    public TorchDtype torchDtype() {
        return torchDtype;
    }

    /** {@code float8_e4m3fn} or {@code float8_e5m2}, as torch and ComfyUI name it. */
    public String torchName() {
        return torchName;
    }

    /** The exact value of one code (its low 8 bits). */
    public float decode(int code) {
        return table[code & 0xff];
    }

    /** The largest finite positive code ({@code 0x7E} = 448 for e4m3fn, {@code 0x7B} = 57,344 for e5m2). */
    public int maxFiniteCode() {
        return ieee ? 0x7B : 0x7E;
    }

    /**
     * The code nearest to {@code v}, ties to the even code (round to nearest even, as torch converts), saturating at
     * the largest finite value instead of overflowing (as ComfyUI's converters clamp before they cast); NaN stays NaN.
     */
    public int encode(float v) {
        if (Float.isNaN(v)) {
            return 0x7F;
        }
        int sign = (Float.floatToRawIntBits(v) >>> 31) << 7;
        float a = Math.abs(v);
        int max = maxFiniteCode();
        if (a >= table[max]) {
            return sign | max;
        }
        int lo = 0; // table[lo] <= a < table[lo + 1]: positive codes increase with their value
        int hi = max;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (table[mid] <= a) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        float below = a - table[lo];
        float above = table[hi] - a;
        int code = below < above ? lo : above < below ? hi : (lo & 1) == 0 ? lo : hi;
        return sign | code;
    }

    private float decodeBits(int code) {
        int mantissaBits = 7 - exponentBits;
        boolean negative = (code & 0x80) != 0;
        int exponent = (code >>> mantissaBits) & ((1 << exponentBits) - 1);
        int mantissa = code & ((1 << mantissaBits) - 1);
        int maxExponent = (1 << exponentBits) - 1;
        float magnitude;
        if (ieee && exponent == maxExponent) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else if (!ieee && exponent == maxExponent && mantissa == (1 << mantissaBits) - 1) {
            magnitude = Float.NaN;
        } else if (exponent == 0) {
            // subnormal: 0.m × 2^(1 − bias) = m × 2^(1 − bias − mantissaBits)
            magnitude = Math.scalb((float) mantissa, 1 - bias - mantissaBits);
        } else {
            // normal: 1.m × 2^(exponent − bias)
            magnitude = Math.scalb((float) ((1 << mantissaBits) | mantissa), exponent - bias - mantissaBits);
        }
        return negative ? -magnitude : magnitude;
    }
}
