package dev.seedframe.engine.runtime.torchscript;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Holding bfloat16 tensors safely in an engine built on DJL 0.35.1, which aborts the whole JVM
 * (uncatchable {@code terminate}, exit 134) when certain calls meet bf16.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>bf16 tensors are made and unmade only by the TorchScript helper ({@link #toBf16}, {@link
 *       #fromFloats}, {@link #fromBits}, {@link #toF32}); DJL cannot create one.
 *   <li>DJL reports a bf16 tensor's dtype as {@link DataType#UNKNOWN}; this class treats every
 *       UNKNOWN tensor as bf16 ({@link #isBf16}).
 *   <li>Before a DJL call in {@link DjlOp} (each one measured to abort, in a child JVM) meets a tensor
 *       that may be bf16, {@link #check} throws a {@link Bf16GuardException} naming the safe
 *       replacement; the replacements here ({@link #softmax}, {@link #toDevice}, {@link #zerosLike}...)
 *       route bf16 through the helper and everything else through DJL.
 * </ul>
 *
 * <p>Measured with DJL 0.35.1 / libtorch 2.7.1 on bf16 tensors made by the helper (see {@code
 * DjlBf16ProbeTest}): element-wise arithmetic with tensors and scalars, {@code neg abs exp log sqrt
 * square tanh erf sin cos sigmoid relu gelu round clip}, comparisons, {@code where}, reductions ({@code
 * mean sum max argMax cumSum norm}), shape ops ({@code reshape transpose swapAxes expandDims squeeze
 * flatten broadcast repeat get concat stack split flip pad gather take}), {@code matMul} (bf16 with
 * bf16), {@code Linear.linear}, {@code LayerNorm.layerNorm}, {@code toType(FLOAT32|FLOAT16)}, {@code
 * duplicate}, {@code toByteBuffer} (on the CPU only: on a GPU it first moves the tensor to the CPU with
 * DJL's {@code toDevice}, which aborts on bf16, so read a GPU bf16 tensor through {@link #toFloatArray}) and
 * closing through managers and scopes all work and keep bf16 (shown as UNKNOWN). Failing with an ordinary exception, not an abort: {@code toFloatArray}, {@code
 * toArray}, {@code getFloat}, {@code toString}, {@code toDebugString} (use {@link #toFloatArray}),
 * and matMul with an f32 operand (dtype mismatch).
 */
public final class Bf16 {

    /** DJL 0.35.1 calls that abort the JVM on bf16 (probed one by one in child JVMs). */
    public enum DjlOp {
        SOFTMAX("softmax", "Bf16.softmax (f32 statistics through the TorchScript helper)"),
        LOG_SOFTMAX("logSoftmax", "Bf16.logSoftmax"),
        TO_DEVICE("toDevice (to another device, or with copy=true)", "Bf16.toDevice"),
        ZEROS_LIKE("zerosLike", "Bf16.zerosLike"),
        ONES_LIKE("onesLike", "Bf16.onesLike"),
        TO_TYPE_BF16("toType(BFLOAT16)", "Bf16.toBf16"),
        CREATE_BF16("create/zeros/ones/randomNormal with a BFLOAT16 or UNKNOWN dtype",
                "Bf16.fromFloats or Bf16.fromBits");

        private final String call;
        private final String replacement;

        DjlOp(String call, String replacement) {
            this.call = call;
            this.replacement = replacement;
        }

        public String call() {
            return call;
        }

        public String replacement() {
            return replacement;
        }
    }

    private final SeedframeOps ops;

    public Bf16(SeedframeOps ops) {
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    /** True when DJL cannot name the tensor's dtype, which for Seedframe means bf16. */
    public static boolean isBf16(NDArray x) {
        return x.getDataType() == DataType.UNKNOWN;
    }

    /**
     * Refuses to let {@code op} run when any of {@code arrays} may be bf16.
     *
     * @throws Bf16GuardException naming the operation, the tensor and the safe replacement
     */
    public static void check(DjlOp op, NDArray... arrays) throws Bf16GuardException {
        for (int i = 0; i < arrays.length; i++) {
            NDArray a = arrays[i];
            if (a != null && isBf16(a)) {
                throw new Bf16GuardException("Refused DJL " + op.call() + " on a bfloat16 tensor (argument " + i
                        + ", shape " + a.getShape() + ", which DJL reports as UNKNOWN): DJL 0.35.1 would abort"
                        + " the JVM. Use " + op.replacement() + " instead.");
            }
        }
    }

    /**
     * Refuses to hand {@code arrays} to DJL code written for f32 ({@code where} names it) when any of them
     * is bf16: the general guard in front of engine code that has no bf16 path, so that a bf16 tensor that
     * strays there fails with a message rather than, somewhere deeper, aborting the JVM.
     *
     * @throws Bf16GuardException naming the code, the argument and its shape
     */
    public static void requireNotBf16(String where, NDArray... arrays) throws Bf16GuardException {
        for (int i = 0; i < arrays.length; i++) {
            NDArray a = arrays[i];
            if (a != null && isBf16(a)) {
                throw new Bf16GuardException("Refused to pass a bfloat16 tensor (argument " + i + ", shape "
                        + a.getShape() + ", which DJL reports as UNKNOWN) to " + where + ", which runs DJL f32"
                        + " operators: DJL 0.35.1 aborts the JVM on bfloat16. Convert it with Bf16.toF32 first, or"
                        + " use the bf16 path (Precision.BF16) that routes it through SeedframeOps.");
            }
        }
    }

    /**
     * Refuses a DJL creation or conversion that names {@code dtype} when it is {@code BFLOAT16} or
     * {@code UNKNOWN} (e.g. {@code manager.zeros(shape, x.getDataType())} with a bf16 x).
     */
    public static void checkDtype(String call, DataType dtype) throws Bf16GuardException {
        if (dtype == DataType.BFLOAT16 || dtype == DataType.UNKNOWN) {
            DjlOp op = call.startsWith("toType") ? DjlOp.TO_TYPE_BF16 : DjlOp.CREATE_BF16;
            throw new Bf16GuardException("Refused DJL " + call + " with dtype " + dtype + ": DJL 0.35.1 aborts the"
                    + " JVM on a bfloat16 dtype. Use " + op.replacement() + " instead.");
        }
    }

    public SeedframeOps ops() {
        return ops;
    }

    /** Rounds to bf16 (round to nearest even, as {@code torch.Tensor.to(torch.bfloat16)}). */
    public NDArray toBf16(NDArray x) {
        return ops.toBf16(x);
    }

    /** Widens to f32 (exact from bf16). */
    public NDArray toF32(NDArray x) {
        return ops.toF32(x);
    }

    /** A bf16 tensor holding {@code values} rounded to nearest even. */
    public NDArray fromFloats(NDManager manager, float[] values, Shape shape) {
        try (NDArray f32 = manager.create(values, shape)) {
            return ops.toBf16(f32);
        }
    }

    /**
     * A bf16 tensor from raw bf16 bit patterns (little-endian, 2 bytes per element, e.g. a {@code
     * BF16} safetensors record), with no f32 copy: the bits enter DJL as {@code FLOAT16} (a dtype DJL
     * handles) and the helper re-labels the storage as bf16; the result owns a copy of the bits.
     */
    public NDArray fromBits(NDManager manager, ByteBuffer bits, Shape shape) {
        long expected = shape.size() * 2;
        if (bits.remaining() != expected) {
            throw new IllegalArgumentException("bf16 data for shape " + shape + " needs " + expected
                    + " bytes, got " + bits.remaining());
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("bf16 bit patterns are read on little-endian hosts only");
        }
        ByteBuffer le = bits.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try (NDArray labelled = manager.create(le, shape, DataType.FLOAT16);
                NDArray view = ops.viewAs(labelled, TorchDtype.BFLOAT16)) {
            return ops.copy(view);
        }
    }

    /** The values as f32 (exact), for reading back to Java. */
    public float[] toFloatArray(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) {
            return x.toFloatArray();
        }
        try (NDArray f32 = ops.toF32(x)) {
            return f32.toFloatArray();
        }
    }

    /** Softmax over {@code axis}: DJL's for f32/f16, the helper's f32-statistics softmax for bf16. */
    public NDArray softmax(NDArray x, int axis) {
        return isBf16(x) ? ops.softmaxF32(x, axis) : x.softmax(axis);
    }

    /** Log-softmax over {@code axis}, computed in f32 for bf16 and returned in bf16. */
    public NDArray logSoftmax(NDArray x, int axis) {
        if (!isBf16(x)) {
            return x.logSoftmax(axis);
        }
        try (NDArray f32 = ops.toF32(x);
                NDArray out = f32.logSoftmax(axis)) {
            return ops.toBf16(out);
        }
    }

    /** Moves to {@code device}, keeping the dtype (the helper for bf16, DJL otherwise). */
    public NDArray toDevice(NDArray x, Device device) {
        return isBf16(x) ? ops.toDevice(x, device) : x.toDevice(device, false);
    }

    public NDArray zerosLike(NDArray x) {
        return isBf16(x) ? ops.zerosLike(x) : x.zerosLike();
    }

    public NDArray onesLike(NDArray x) {
        return isBf16(x) ? ops.onesLike(x) : x.onesLike();
    }
}
