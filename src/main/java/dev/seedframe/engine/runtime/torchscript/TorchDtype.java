package dev.seedframe.engine.runtime.torchscript;

/**
 * libtorch scalar types by their {@code c10::ScalarType} code (the integer TorchScript uses for a
 * dtype). DJL 0.35.1 has no name for {@link #BFLOAT16} on a native tensor: it reports such a
 * tensor's {@code DataType} as {@code UNKNOWN}.
 */
public enum TorchDtype {
    UINT8(0),
    INT8(1),
    INT16(2),
    INT32(3),
    INT64(4),
    FLOAT16(5),
    FLOAT32(6),
    FLOAT64(7),
    BOOL(11),
    BFLOAT16(15),
    /** {@code torch.float8_e5m2}: DJL has no name for it either (it reports {@code UNKNOWN}). */
    FLOAT8_E5M2(23),
    /** {@code torch.float8_e4m3fn}. */
    FLOAT8_E4M3FN(24);

    private final int code;

    TorchDtype(int code) {
        this.code = code;
    }

    /** The {@code c10::ScalarType} value. */
    public int code() {
        return code;
    }

    /** The dtype with this {@code c10::ScalarType} code, or null for one Seedframe does not name. */
    public static TorchDtype fromCode(long code) {
        for (TorchDtype d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }
}
