package dev.seedframe.engine.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.runtime.torchscript.TorchDtype;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A view of a checkpoint under a key prefix, in the manner of candle's {@code VarBuilder}: a
 * component takes {@code w.prefix("transformer_blocks.7")} and declares its parameters by their
 * checkpoint names. Declaring reads nothing; {@link #load} first checks every declared name, shape
 * and dtype against the headers (listing every problem at once), then materialises all of them.
 *
 * <p>Loading: F32 tensors are wrapped around the memory-mapped file without a copy; F16 and BF16 are
 * wrapped as they lie and widened by libtorch in one native pass (BF16 through the TorchScript helper, as
 * DJL cannot hold a bf16 tensor), so the f32 tensor is the only copy. On a GPU each tensor goes from the
 * mapping to the device one at a time: no host copy of the checkpoint is ever held.
 */
public final class WeightMap {

    private static final class Registry {
        final Checkpoint checkpoint;
        final UnaryOperator<String> keyMap;
        final EngineRuntime runtime;
        final Map<String, Param> params = new LinkedHashMap<>();
        final List<String> ignoredPrefixes = new ArrayList<>();
        String configLabel = "its config.json";

        Registry(Checkpoint checkpoint, UnaryOperator<String> keyMap, EngineRuntime runtime) {
            this.checkpoint = checkpoint;
            this.keyMap = keyMap;
            this.runtime = runtime;
        }
    }

    private final Registry reg;
    private final String prefix;

    private WeightMap(Registry reg, String prefix) {
        this.reg = reg;
        this.prefix = prefix;
    }

    /**
     * A root view with checkpoint keys used as they are, without an engine runtime: BF16 tensors and bf16 loading
     * then load Seedframe's TorchScript helper for each load and free it after (tools and tests; models load through
     * their runtime's helper, {@link #of(Checkpoint, EngineRuntime)}).
     */
    public static WeightMap of(Checkpoint checkpoint) {
        return of(checkpoint, UnaryOperator.identity(), null);
    }

    /** A root view with checkpoint keys used as they are; BF16 tensors are read through {@code runtime}'s helper. */
    public static WeightMap of(Checkpoint checkpoint, EngineRuntime runtime) {
        return of(checkpoint, UnaryOperator.identity(), runtime);
    }

    /**
     * A root view whose canonical keys (the names the model classes use) are turned into the
     * checkpoint's stored keys by {@code keyMap} (e.g. transformers' newer {@code model.language_model.}
     * prefix).
     */
    public static WeightMap of(Checkpoint checkpoint, UnaryOperator<String> keyMap, EngineRuntime runtime) {
        return new WeightMap(new Registry(checkpoint, keyMap, runtime), "");
    }

    public Checkpoint checkpoint() {
        return reg.checkpoint;
    }

    /** A child view: {@code prefix("attn").param("to_q.weight")} declares {@code attn.to_q.weight}. */
    public WeightMap prefix(String p) {
        return new WeightMap(reg, join(prefix, p));
    }

    /** Declares a parameter that must exist with exactly this shape. */
    public Param param(String name, long... shape) {
        String key = reg.keyMap.apply(join(prefix, name));
        Param existing = reg.params.get(key);
        if (existing != null) {
            if (!Arrays.equals(existing.expectedShape(), shape)) {
                throw new IllegalArgumentException("Parameter " + key + " declared twice with different shapes");
            }
            return existing;
        }
        Param p = new Param(key, join(prefix, name), shape);
        reg.params.put(key, p);
        return p;
    }

    /** Whether the checkpoint holds this key (under this view's prefix). */
    public boolean has(String name) {
        return reg.checkpoint.info(reg.keyMap.apply(join(prefix, name))) != null;
    }

    /**
     * Names the config the declared parameters come from in messages ({@code Qwen-Image's bundled transformer config});
     * by default "its config.json".
     */
    public WeightMap describedBy(String configLabel) {
        reg.configLabel = configLabel;
        return this;
    }

    /** Declares checkpoint keys under this prefix that the pipeline legitimately does not use. */
    public WeightMap ignore(String namePrefix) {
        reg.ignoredPrefixes.add(reg.keyMap.apply(join(prefix, namePrefix)));
        return this;
    }

    /** Every parameter declared so far, in declaration order. */
    public List<Param> params() {
        return List.copyOf(reg.params.values());
    }

    /** The element types a weight may be stored in, for messages. */
    static final String SUPPORTED_DTYPES = "F32, F16, BF16, F8_E4M3, F8_E5M2";

    /**
     * Checks every declared parameter against the checkpoint and throws listing every problem. The scale tensors of
     * ComfyUI's scaled fp8 files ({@link Fp8Scales}) count as part of their weight; a scale that cannot be applied is
     * listed with the unsupported dtypes.
     */
    public void verify() throws WeightsException {
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        List<String> wrongDtype = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Param p : reg.params.values()) {
            TensorInfo t = reg.checkpoint.info(p.key());
            if (t == null) {
                missing.add(p.key());
                continue;
            }
            used.add(p.key());
            used.addAll(Fp8Scales.companions(reg.checkpoint, p.key()));
            if (!Arrays.equals(t.shape(), p.expectedShape())) {
                wrongShape.add(p.key() + ": checkpoint has " + t.shapeString() + ", config expects "
                        + Arrays.toString(p.expectedShape()));
            }
            if (!t.dtype().isLoadableFloat()) {
                wrongDtype.add(p.key() + ": " + t.dtype() + " (supported: " + SUPPORTED_DTYPES + ")");
            } else {
                String scaleProblem = Fp8Scales.problem(reg.checkpoint, t);
                if (scaleProblem != null) {
                    wrongDtype.add(scaleProblem);
                }
            }
        }
        String marker = reg.keyMap.apply(Fp8Scales.MARKER);
        List<String> unexpected = new ArrayList<>();
        for (String name : new TreeSet<>(reg.checkpoint.names())) {
            if (!used.contains(name) && !isIgnored(name) && !name.equals(marker)) {
                unexpected.add(name);
            }
        }
        if (missing.isEmpty() && wrongShape.isEmpty() && unexpected.isEmpty() && wrongDtype.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("The ")
                .append(reg.checkpoint.component())
                .append(" weights in ")
                .append(reg.checkpoint.dir())
                .append(" do not match ")
                .append(reg.configLabel)
                .append(" (")
                .append(summary(missing.size(), "missing", wrongShape.size(), "with the wrong shape", wrongDtype.size(),
                        "with an unsupported dtype", unexpected.size(), "unexpected"))
                .append("; each is listed below):");
        section(sb, "missing tensors", missing);
        section(sb, "tensors with the wrong shape", wrongShape);
        section(sb, "tensors with an unsupported dtype", wrongDtype);
        section(sb, "unexpected tensors", unexpected);
        throw new CheckpointMismatchException(sb.toString(), missing, wrongShape, unexpected, wrongDtype);
    }

    /** "1219 missing, 2 unexpected": the counts that are not zero, so the cause shows before the lists. */
    private static String summary(Object... countsAndLabels) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < countsAndLabels.length; i += 2) {
            int n = (Integer) countsAndLabels[i];
            if (n > 0) {
                parts.add(n + " " + countsAndLabels[i + 1]);
            }
        }
        return String.join(", ", parts);
    }

    private static void section(StringBuilder sb, String title, List<String> items) {
        if (!items.isEmpty()) {
            sb.append("\n").append(items.size()).append(' ').append(title).append(':');
            for (String s : dev.seedframe.domain.ProblemList.shown(items)) {
                sb.append("\n  ").append(s);
            }
        }
    }

    private boolean isIgnored(String name) {
        for (String p : reg.ignoredPrefixes) {
            if (name.equals(p) || name.startsWith(p.endsWith(".") ? p : p + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Verifies, then materialises every declared parameter as f32 on {@code manager}'s device. Weights
     * belong to the manager alone: they are taken out of any {@link ai.djl.ndarray.NDScope} the caller
     * has open, so closing that scope does not free them.
     */
    public void load(NDManager manager) throws WeightsException {
        verify();
        for (Param p : reg.params.values()) {
            if (!p.isLoaded()) {
                place(p, manager);
            }
        }
    }

    /**
     * Verifies, then materialises every declared parameter in {@code precision} on {@code manager}. For
     * {@link Precision#BF16} every parameter becomes a bf16 tensor made by the TorchScript helper, converted
     * once here: BF16 checkpoint tensors are taken as raw bits (no f32 copy), F32/F16 ones rounded to
     * nearest even (as {@code model.to(torch.bfloat16)}). DJL never sees a bf16 dtype on the way.
     */
    public void load(NDManager manager, Precision precision) throws WeightsException {
        loadExcept(p -> false, manager, precision);
    }

    /** {@link #loadExcept(java.util.function.Predicate, NDManager)} in {@code precision}. */
    public void loadExcept(java.util.function.Predicate<Param> skip, NDManager manager, Precision precision)
            throws WeightsException {
        if (precision == Precision.F32) {
            loadExcept(skip, manager);
            return;
        }
        verify();
        List<Param> todo = new ArrayList<>();
        for (Param p : reg.params.values()) {
            if (!skip.test(p)) {
                todo.add(p);
            }
        }
        loadParams(todo, manager, precision);
    }

    /** {@link #loadParams(List, NDManager)} in {@code precision} (bf16: see {@link #load(NDManager, Precision)}). */
    public void loadParams(List<Param> params, NDManager manager, Precision precision) throws WeightsException {
        if (precision == Precision.F32) {
            loadParams(params, manager);
            return;
        }
        try (HelperLease lease = HelperLease.of(reg.runtime, "bf16 weights")) {
            Bf16 bf16 = new Bf16(lease.helper());
            for (Param p : params) {
                if (!p.isLoaded() && !placeFp8(p, manager)) {
                    NDArray a = materializeBf16(reg.checkpoint, p, manager, bf16);
                    ai.djl.ndarray.NDScope.unregister(a);
                    p.set(a);
                }
            }
        }
    }

    /** The TorchScript helper for one load: the runtime's, or (without a runtime) one loaded now and freed after. */
    private record HelperLease(SeedframeOps helper, boolean owned) implements AutoCloseable {

        static HelperLease of(EngineRuntime runtime, String what) throws WeightsException {
            try {
                return runtime != null ? new HelperLease(runtime.helper(), false)
                        : new HelperLease(SeedframeOps.load(SeedframeOps.cacheDir()), true);
            } catch (EngineException e) {
                throw new WeightsException(what + " need Seedframe's TorchScript helper, which could not be loaded: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (owned) {
                helper.close();
            }
        }
    }

    /** One parameter as bf16: raw bits for a BF16 tensor without a layout transform, else rounded from f32. */
    static NDArray materializeBf16(Checkpoint checkpoint, Param p, NDManager manager, Bf16 bf16)
            throws WeightsException {
        TensorInfo t = checkpoint.info(p.key());
        if (t == null) {
            throw new WeightsException(checkpoint.component() + " has no tensor " + p.key());
        }
        if (t.dtype() == StDType.BF16 && p.transformOrNull() == null) {
            return bf16.fromBits(manager, checkpoint.map(t), new Shape(t.shape()));
        }
        try (NDArray f32 = materialize(checkpoint, p, manager, bf16.ops())) {
            return bf16.toBf16(f32);
        }
    }

    /** The parameters declared under this view's prefix (all of them for a root view), in declaration order. */
    public List<Param> declared() {
        if (prefix.isEmpty()) {
            return params();
        }
        String k = reg.keyMap.apply(prefix);
        List<Param> out = new ArrayList<>();
        for (Param p : reg.params.values()) {
            if (p.key().equals(k) || p.key().startsWith(k + ".")) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Verifies every declared parameter, then materialises all but those {@code skip} accepts (they are
     * loaded later, e.g. block by block with {@link #loadParams}).
     */
    public void loadExcept(java.util.function.Predicate<Param> skip, NDManager manager) throws WeightsException {
        verify();
        for (Param p : reg.params.values()) {
            if (!p.isLoaded() && !skip.test(p)) {
                place(p, manager);
            }
        }
    }

    /**
     * Materialises {@code params} (declared on this map and already verified) on {@code manager}, one
     * tensor at a time from the memory-mapped checkpoint: F32 on the CPU wraps the mapping without a copy;
     * on a GPU each tensor is copied from the mapping straight to the device. Release them with {@link
     * Param#release()}.
     */
    public void loadParams(List<Param> params, NDManager manager) throws WeightsException {
        for (Param p : params) {
            if (!p.isLoaded()) {
                place(p, manager);
            }
        }
    }

    /** Loads one parameter for f32 compute: fp8 codes where it may keep them ({@link #placeFp8}), else f32. */
    private void place(Param p, NDManager manager) throws WeightsException {
        if (placeFp8(p, manager)) {
            return;
        }
        NDArray a = materialize(p, manager);
        ai.djl.ndarray.NDScope.unregister(a);
        p.set(a);
    }

    /**
     * Keeps {@code p} as its fp8 codes (one byte a weight, {@link Fp8Weight}) when the checkpoint stores it as an 8-bit
     * float, it is a matrix whose layer allows it ({@link Param#allowFp8()}), it has no load-time transform (a merged
     * LoRA needs the widened weight) and this map has a runtime whose helper can widen it later.
     *
     * @return whether it did
     */
    private boolean placeFp8(Param p, NDManager manager) throws WeightsException {
        TensorInfo t = reg.checkpoint.info(p.key());
        if (t == null || Fp8Format.of(t.dtype()) == null || !p.fp8Allowed() || p.transformOrNull() != null
                || reg.runtime == null || t.shape().length != 2) {
            return false;
        }
        try {
            p.setFp8(readFp8(reg.checkpoint, t, manager, reg.runtime.helper()));
        } catch (EngineException e) {
            throw new WeightsException("fp8 weights need Seedframe's TorchScript helper, which could not be loaded: "
                    + e.getMessage(), e);
        }
        return true;
    }

    /**
     * An F8_E4M3 / F8_E5M2 tensor as its codes on {@code manager} (a {@code UINT8} tensor: on the CPU it wraps the
     * memory-mapped file, on a GPU the bytes are copied to the device as they are), with its scale when the file has
     * one ({@link Fp8Scales}); {@code helper} widens it when used.
     */
    static Fp8Weight readFp8(Checkpoint checkpoint, TensorInfo t, NDManager manager, SeedframeOps helper)
            throws WeightsException {
        Fp8Format format = Fp8Format.of(t.dtype());
        if (format == null) {
            throw new IllegalArgumentException(t.name() + " is " + t.dtype() + ", not an 8-bit float");
        }
        NDArray codes = manager.create(checkpoint.map(t), new Shape(t.shape()), DataType.UINT8);
        ai.djl.ndarray.NDScope.unregister(codes);
        NDArray scale = null;
        TensorInfo s = Fp8Scales.scaleOf(checkpoint, t.name());
        if (s != null) {
            float[] v = Fp8Scales.values(checkpoint, s);
            scale = manager.create(v, v.length == 1 ? new Shape() : new Shape(v.length, 1));
            ai.djl.ndarray.NDScope.unregister(scale);
        }
        return new Fp8Weight(codes, format, scale, helper);
    }

    /** Loads one parameter as f32; {@code helper} widens BF16 and F8 tensors (null: none, they are refused). */
    static NDArray materialize(Checkpoint checkpoint, Param p, NDManager manager, SeedframeOps helper)
            throws WeightsException {
        TensorInfo t = checkpoint.info(p.key());
        if (t == null) {
            throw new WeightsException(checkpoint.component() + " has no tensor " + p.key());
        }
        NDArray a = readF32(checkpoint, t, manager, helper);
        UnaryOperator<NDArray> fn = p.transformOrNull();
        if (fn != null) {
            NDArray b = fn.apply(a);
            if (b != a) {
                a.close();
            }
            a = b;
        }
        return a;
    }

    private NDArray materialize(Param p, NDManager manager) throws WeightsException {
        TensorInfo t = reg.checkpoint.info(p.key());
        if (t == null || !needsHelper(t.dtype())) {
            return materialize(reg.checkpoint, p, manager, null);
        }
        try (HelperLease lease = HelperLease.of(reg.runtime, "BF16 weights")) {
            return materialize(reg.checkpoint, p, manager, lease.helper());
        }
    }

    /** Whether widening {@code dtype} takes the TorchScript helper (BF16 and the 8-bit floats: DJL has neither). */
    private static boolean needsHelper(StDType dtype) {
        return dtype == StDType.BF16 || Fp8Format.of(dtype) != null;
    }

    /** Reads a tensor as f32 (a BF16 or fp8 one through a TorchScript helper loaded for it and freed after). */
    public static NDArray readF32(Checkpoint checkpoint, TensorInfo t, NDManager manager) throws WeightsException {
        if (!needsHelper(t.dtype())) {
            return readF32(checkpoint, t, manager, null);
        }
        try (HelperLease lease = HelperLease.of(null, "BF16 weights")) {
            return readF32(checkpoint, t, manager, lease.helper());
        }
    }

    /**
     * Reads a tensor as f32: zero-copy for F32, widened exactly for F16/BF16/F8 (BF16 and F8 through {@code helper}); an
     * fp8 tensor with a scale ({@link Fp8Scales}) is multiplied by it in f32.
     */
    public static NDArray readF32(Checkpoint checkpoint, TensorInfo t, NDManager manager, SeedframeOps helper)
            throws WeightsException {
        ByteBuffer src = checkpoint.map(t);
        Shape shape = new Shape(t.shape());
        switch (t.dtype()) {
            case F32:
                return manager.create(src, shape, DataType.FLOAT32);
            case F16: {
                try (NDArray half = manager.create(src, shape, DataType.FLOAT16)) {
                    return half.toType(DataType.FLOAT32, true);
                }
            }
            case BF16: {
                // The 2-byte patterns are wrapped as they lie in the mapping (on a GPU: copied to the device
                // as they are), read as bf16 and widened by libtorch in one native pass: the f32 tensor is the
                // only copy made. DJL itself cannot hold a bf16 tensor (docs/STACK.md), the TorchScript
                // helper can.
                if (helper == null) {
                    throw new WeightsException(checkpoint.component() + " tensor " + t.name()
                            + " is BF16 and no TorchScript helper was given to widen it");
                }
                NDArray bits = manager.create(src, shape, DataType.FLOAT16);
                try (NDArray bf16 = helper.viewAs(bits, TorchDtype.BFLOAT16)) {
                    return helper.toF32(bf16);
                } finally {
                    bits.close();
                }
            }
            case F8_E4M3:
            case F8_E5M2: {
                if (helper == null) {
                    throw new WeightsException(checkpoint.component() + " tensor " + t.name() + " is " + t.dtype()
                            + " and no TorchScript helper was given to widen it");
                }
                try (Fp8Weight w = readFp8(checkpoint, t, manager, helper)) {
                    return w.widen(TorchDtype.FLOAT32);
                }
            }
            default:
                throw new WeightsException(
                        checkpoint.component() + " tensor " + t.name() + " is " + t.dtype()
                                + "; only " + SUPPORTED_DTYPES + " weights can be loaded");
        }
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a + "." + b;
    }
}
