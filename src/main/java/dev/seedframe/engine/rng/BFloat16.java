package dev.seedframe.engine.rng;

/**
 * bfloat16 rounding in Java, bit-exact with c10's {@code BFloat16(float)} constructor (round to nearest,
 * ties to even; NaN becomes the canonical quiet NaN). A bf16 value is held in a float whose low 16 bits
 * are zero.
 */
public final class BFloat16 {

    /** c10's canonical bf16 NaN, {@code 0x7FC0}. */
    private static final int NAN_BITS = 0x7FC0;

    private BFloat16() {}

    /** The 16-bit pattern of {@code f} rounded to bf16. */
    public static int bits(float f) {
        if (Float.isNaN(f)) {
            return NAN_BITS;
        }
        int u = Float.floatToRawIntBits(f);
        int bias = ((u >>> 16) & 1) + 0x7FFF;
        return ((u + bias) >>> 16) & 0xFFFF;
    }

    /** {@code f} rounded to the nearest bf16, as a float. */
    public static float round(float f) {
        return Float.intBitsToFloat(bits(f) << 16);
    }

    /**
     * {@code d} rounded to bf16 the way C++ {@code BFloat16(double)} does: first to float (the only
     * constructor takes a float), then to bf16 — two roundings.
     */
    public static float round(double d) {
        return round((float) d);
    }
}
