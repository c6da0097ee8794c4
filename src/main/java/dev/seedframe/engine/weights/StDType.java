package dev.seedframe.engine.weights;

import java.util.Locale;

/** The element types a safetensors header can name, with their sizes in bytes. */
public enum StDType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U8(1),
    BOOL(1),
    F8_E4M3(1),
    F8_E5M2(1);

    private final int bytes;

    StDType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /**
     * True for the float types a model weight may be stored in: all are widened to f32 exactly, and the 8-bit
     * floats ({@link Fp8Format}) may also stay one byte a weight on the device ({@link Fp8Weight}).
     */
    public boolean isLoadableFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F8_E4M3 || this == F8_E5M2;
    }

    static StDType parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
