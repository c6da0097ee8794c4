package dev.seedframe.engine.weights;

/** Exact conversions from 16-bit float formats to f32, done in Java so DJL never sees BF16. */
public final class HalfFloats {

    private HalfFloats() {}

    /** bfloat16 is the top half of an f32: widening is a shift, and exact. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** IEEE binary16 to f32, exact for every value including subnormals, infinities and NaN. */
    public static float f16ToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: value = mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** f32 to bfloat16 bits with round-to-nearest-even, as torch's {@code .to(bfloat16)} does. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** Rounds an f32 to the nearest bfloat16 value and widens it back. */
    public static float roundToBf16(float f) {
        return bf16ToFloat(floatToBf16(f));
    }
}
