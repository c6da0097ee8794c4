package dev.seedframe.engine.weights;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types a safetensors header can name, spelled exactly as the format does (the reference
 * implementation's {@code Dtype}), with their sizes in bits. Names are matched exactly: {@code f32} or
 * {@code Float32} is not a safetensors dtype.
 */
public enum StDType {
    F64(64),
    F32(32),
    F16(16),
    BF16(16),
    I64(64),
    U64(64),
    I32(32),
    U32(32),
    I16(16),
    U16(16),
    I8(8),
    U8(8),
    BOOL(8),
    F8_E4M3(8),
    F8_E5M2(8),
    F8_E8M0(8),
    F6_E2M3(6),
    F6_E3M2(6),
    F4(4),
    C64(64);

    private final int bits;

    StDType(int bits) {
        this.bits = bits;
    }

    /** Bits per element. */
    public int bits() {
        return bits;
    }

    /** Bytes per element, for the types of at least one byte. */
    public int bytes() {
        if (bits % 8 != 0) {
            throw new IllegalStateException(this + " packs several elements into a byte");
        }
        return bits / 8;
    }

    /**
     * True for the float types a model weight may be stored in: all are widened to f32 exactly, and the 8-bit
     * floats ({@link Fp8Format}) may also stay one byte a weight on the device ({@link Fp8Weight}).
     */
    public boolean isLoadableFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F8_E4M3 || this == F8_E5M2;
    }

    /** The type of this exact name, or null. */
    static StDType parse(String name) {
        for (StDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Every name, for messages. */
    static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
