package dev.seedframe.engine.runtime.torchscript;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs DJL operations on a bf16 tensor made by the helper, one JVM per probe (an abort kills the
 * JVM). Prints {@code OK <name>} after each operation that returned; an aborting operation ends the
 * process with {@code terminate called ...} and exit status 134. Used by {@link DjlBf16ProbeTest}.
 */
public final class Bf16ProbeMain {

    private Bf16ProbeMain() {}

    /** Calls that abort, by {@link Bf16.DjlOp} name. */
    static Map<String, Function<NDArray, Object>> aborting(NDManager m) {
        Map<String, Function<NDArray, Object>> ops = new LinkedHashMap<>();
        ops.put(Bf16.DjlOp.SOFTMAX.name(), x -> x.softmax(-1));
        ops.put(Bf16.DjlOp.LOG_SOFTMAX.name(), x -> x.logSoftmax(-1));
        ops.put(Bf16.DjlOp.TO_DEVICE.name(), x -> x.toDevice(Device.cpu(), true));
        ops.put(Bf16.DjlOp.ZEROS_LIKE.name(), NDArray::zerosLike);
        ops.put(Bf16.DjlOp.ONES_LIKE.name(), NDArray::onesLike);
        ops.put(Bf16.DjlOp.TO_TYPE_BF16.name(), x -> x.toType(DataType.BFLOAT16, false));
        ops.put(Bf16.DjlOp.CREATE_BF16.name(), x -> m.zeros(new Shape(2), x.getDataType()));
        return ops;
    }

    /** Calls the engine may use on bf16: each must return. */
    static Map<String, Function<NDArray, Object>> safe(NDManager m, NDArray other) {
        Map<String, Function<NDArray, Object>> ops = new LinkedHashMap<>();
        ops.put("add", x -> x.add(other));
        ops.put("sub", x -> x.sub(other));
        ops.put("mul", x -> x.mul(other));
        ops.put("div", x -> x.div(other));
        ops.put("addScalar", x -> x.add(1f));
        ops.put("mulScalar", x -> x.mul(0.5f));
        ops.put("powScalar", x -> x.pow(2));
        ops.put("neg", NDArray::neg);
        ops.put("abs", NDArray::abs);
        ops.put("exp", NDArray::exp);
        ops.put("sqrt", x -> x.abs().sqrt());
        ops.put("square", NDArray::square);
        ops.put("tanh", NDArray::tanh);
        ops.put("erf", NDArray::erf);
        ops.put("sin", NDArray::sin);
        ops.put("cos", NDArray::cos);
        ops.put("sigmoid", ai.djl.nn.Activation::sigmoid);
        ops.put("clip", x -> x.clip(-1f, 1f));
        ops.put("gt", x -> x.gt(0f));
        ops.put("where", x -> NDArrays.where(x.gt(0f), x, other));
        ops.put("mean", x -> x.mean(new int[] {-1}, true));
        ops.put("sum", x -> x.sum(new int[] {-1}));
        ops.put("max", x -> x.max(new int[] {-1}));
        ops.put("reshape", x -> x.reshape(2, 4, 8));
        ops.put("transpose", x -> x.transpose(0, 2, 1));
        ops.put("swapAxes", x -> x.swapAxes(-1, -2));
        ops.put("expandDims", x -> x.expandDims(0));
        ops.put("get", x -> x.get(":, 1:, 0"));
        ops.put("concat", x -> x.concat(other, 1));
        ops.put("stack", x -> x.stack(other, 0));
        ops.put("split", x -> x.split(2, 1));
        ops.put("repeat", x -> x.repeat(1, 2));
        ops.put("matMul", x -> x.matMul(other.swapAxes(-1, -2)));
        ops.put("linear", x -> ai.djl.nn.core.Linear.linear(x, other.get(0)).singletonOrThrow());
        ops.put("layerNorm", x -> ai.djl.nn.norm.LayerNorm.layerNorm(
                x, new Shape(8), other.get("0, 0"), other.get("1, 0"), 1e-6f).singletonOrThrow());
        ops.put("toTypeFloat32", x -> x.toType(DataType.FLOAT32, false));
        ops.put("toTypeFloat16", x -> x.toType(DataType.FLOAT16, false));
        ops.put("toDeviceSameDeviceNoCopy", x -> x.toDevice(x.getDevice(), false));
        ops.put("duplicate", NDArray::duplicate);
        ops.put("toByteBuffer", x -> x.toByteBuffer().remaining());
        ops.put("closeInScope", x -> {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                x.add(other);
            }
            return 1;
        });
        ops.put("closeSubManager", x -> {
            try (NDManager sub = m.newSubManager()) {
                x.add(other).attach(sub);
            }
            return 1;
        });
        return ops;
    }

    public static void main(String[] args) throws Exception {
        SeedframeOps helper = SeedframeOps.load(SeedframeOps.cacheDir());
        try (NDManager m = DjlRuntime.newCpuManager()) {
            float[] values = new float[2 * 4 * 8];
            for (int i = 0; i < values.length; i++) {
                values[i] = (i % 13) / 7f - 0.8f;
            }
            NDArray x = helper.toBf16(m.create(values, new Shape(2, 4, 8)));
            NDArray other = helper.toBf16(m.create(values, new Shape(2, 4, 8)).mul(2f));
            Map<String, Function<NDArray, Object>> all = new LinkedHashMap<>(safe(m, other));
            all.putAll(aborting(m));
            for (String name : args) {
                Function<NDArray, Object> op = all.get(name);
                if (op == null) {
                    throw new IllegalArgumentException("no probe named " + name);
                }
                Object r = op.apply(x);
                if (r instanceof NDList list) {
                    r = list.get(0);
                }
                String dtype = r instanceof NDArray a ? " " + a.getDataType() : "";
                System.out.println("OK " + name + dtype);
                System.out.flush();
            }
        }
    }
}
