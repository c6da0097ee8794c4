package dev.seedframe.engine.runtime.torchscript;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.runtime.DjlRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TorchScript module loaded through DJL's PyTorch engine, with its methods callable on NDArrays.
 *
 * <p>Calls go through DJL's NDList entry point in "training" mode, not {@link IValueUtils#runMethod}:
 * DJL 0.35.1 runs inference calls under {@code c10::InferenceMode}, and the tensors they return are
 * inference tensors that refuse every later in-place update ({@code addi}, {@code muli}, {@code set})
 * outside that mode. The training entry point adds no guard; DJL keeps autograd globally off, so
 * nothing is recorded. The method name travels as a marker array named {@code module_method:<name>},
 * which is how DJL selects a method on that path; every argument is therefore a tensor, and scalar
 * arguments become 0-dimensional CPU tensors read back with {@code float()}/{@code int()} in the
 * script.
 *
 * <p>Results belong to the first argument's manager, like any DJL operator's. DJL also reads the
 * names of argument arrays as list/dict markers, so a call clears them and restores them afterwards:
 * an array must not be an argument of two calls running at the same time on different threads (the
 * engine runs its models on one thread).
 */
public final class ScriptModule implements AutoCloseable {

    /** DJL's marker-name prefix that selects a method in {@code IValueUtils.forward}. */
    private static final String METHOD_MARKER = "module_method:";

    /**
     * Scalar arguments are read-only in the scripts, so their 0-dim tensors are kept and reused (an
     * attention scale or a norm epsilon repeats on every call); beyond this many distinct values
     * they are made per call.
     */
    private static final int MAX_CACHED_SCALARS = 256;

    private final Model model;
    private final PtSymbolBlock block;
    private final Set<String> methods;
    private final Map<String, NDArray> markers = new ConcurrentHashMap<>();
    private final Map<Object, NDArray> scalarCache = new ConcurrentHashMap<>();

    private ScriptModule(Model model, PtSymbolBlock block, Set<String> methods) {
        this.model = model;
        this.block = block;
        this.methods = methods;
    }

    /** Loads the archive file {@code <dir>/<name>.pt} on the CPU. */
    public static ScriptModule load(Path archive) throws EngineException {
        DjlRuntime.engine();
        String file = archive.getFileName().toString();
        if (!file.endsWith(".pt")) {
            throw new TorchScriptException("A TorchScript archive file must end in .pt: " + archive);
        }
        String name = file.substring(0, file.length() - ".pt".length());
        Model model = Model.newInstance(name, Device.cpu(), DjlRuntime.ENGINE_NAME);
        try {
            model.load(archive.getParent(), name);
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            Set<String> methods = new LinkedHashSet<>(Arrays.asList(JniUtils.getMethodNames(block)));
            return new ScriptModule(model, block, Collections.unmodifiableSet(methods));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new TorchScriptException("libtorch could not load the TorchScript archive " + archive + ": "
                    + e.getMessage(), e);
        }
    }

    /** The compiled methods, {@code forward} included. */
    public Set<String> methodNames() {
        return methods;
    }

    /**
     * Calls {@code method} with tensor arguments and returns its single tensor result.
     *
     * @param args PyTorch NDArrays, Float/Double (passed as a 0-dim f64 CPU tensor), Integer/Long (a
     *     0-dim int64 CPU tensor) or long[] (a 1-dim int64 CPU tensor); the first must be an NDArray
     */
    public NDArray call(String method, Object... args) {
        NDList out = callList(method, args);
        if (out.size() != 1) {
            out.close();
            throw new IllegalStateException("TorchScript method " + method + " returned " + out.size()
                    + " tensors, expected one");
        }
        return out.get(0);
    }

    /** Like {@link #call} for methods that return a tuple or list of tensors. */
    public NDList callList(String method, Object... args) {
        if (!methods.contains(method)) {
            throw new IllegalArgumentException("The TorchScript module has no method '" + method + "'; it has "
                    + methods);
        }
        if (args.length == 0 || !(args[0] instanceof NDArray)) {
            throw new IllegalArgumentException("TorchScript method " + method
                    + " needs a tensor as its first argument (results join its manager)");
        }
        List<NDArray> temporaries = new ArrayList<>();
        NDList in = new NDList(args.length + 1);
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                in.add(argument(method, i, args[i], temporaries));
            }
            // DJL reads array names as list/dict/method markers: clear them for the call.
            for (NDArray a : in) {
                names.add(a.getName());
                a.setName(null);
            }
            in.add(marker(method));
            // No graph optimisation: libtorch's profiling executor would, after a method's first calls, fuse its
            // element-wise chains into kernels that compute in f32 and round once (on CUDA even in bf16), so the
            // same call would give other bits the third time than the first, and bf16 would no longer round
            // after each op as diffusers does. The switch is per thread in libtorch: set it on every call.
            JniUtils.setGraphExecutorOptimize(false);
            return IValueUtils.forward(block, in, true);
        } finally {
            for (int i = 0; i < names.size(); i++) {
                in.get(i).setName(names.get(i));
            }
            for (NDArray s : temporaries) {
                s.close();
            }
        }
    }

    private NDArray argument(String method, int index, Object arg, List<NDArray> temporaries) {
        if (arg instanceof PtNDArray a) {
            if (a.isReleased()) {
                throw new IllegalArgumentException("Argument " + index + " of TorchScript method " + method
                        + " is a closed NDArray");
            }
            return a;
        }
        Object key;
        if (arg instanceof Float || arg instanceof Double) {
            key = ((Number) arg).doubleValue();
        } else if (arg instanceof Integer || arg instanceof Long) {
            key = ((Number) arg).longValue();
        } else if (arg instanceof long[] values) {
            NDArray list = cpuManager().create(values);
            NDScope.unregister(list);
            temporaries.add(list);
            return list;
        } else {
            throw new IllegalArgumentException("Argument " + index + " of TorchScript method " + method
                    + " must be a PyTorch NDArray, a number or a long[], not "
                    + (arg == null ? "null" : arg.getClass().getSimpleName()));
        }
        NDArray cached = scalarCache.get(key);
        if (cached != null) {
            return cached;
        }
        NDArray scalar = key instanceof Double d ? cpuManager().create(d.doubleValue())
                : cpuManager().create(((Long) key).longValue());
        NDScope.unregister(scalar);
        if (scalarCache.size() < MAX_CACHED_SCALARS && scalarCache.putIfAbsent(key, scalar) == null) {
            return scalar;
        }
        temporaries.add(scalar);
        return scalar;
    }

    private NDArray marker(String method) {
        return markers.computeIfAbsent(method, m -> {
            NDArray a = cpuManager().create(0f);
            NDScope.unregister(a);
            a.setName(METHOD_MARKER + m);
            return a;
        });
    }

    private NDManager cpuManager() {
        return model.getNDManager();
    }

    @Override
    public void close() {
        markers.clear();
        scalarCache.clear();
        model.close();
    }
}
