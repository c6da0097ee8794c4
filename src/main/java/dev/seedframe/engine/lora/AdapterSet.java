package dev.seedframe.engine.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.runtime.Constants;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.WeightsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The adapters a model applies now, per Linear name, in request order: the run-time ones with their projections
 * (on the device in the model's dtype, or read from their file per forward for a streamed block) and the merged
 * ones, whose projections are read from their files each time a weight is materialised. It keeps the adapter files
 * open (memory-mapped) while it is in use.
 */
final class AdapterSet implements AutoCloseable {

    static final AdapterSet EMPTY = new AdapterSet(Map.of(), Map.of(), List.of(), List.of());

    /** One run-time adapter of one Linear. */
    static final class RuntimeAdapter {
        private final LoraBinding.Bound bound;
        private final SafetensorsFile reader;
        private final NDArray a;
        private final NDArray b;

        RuntimeAdapter(LoraBinding.Bound bound, SafetensorsFile reader, NDArray a, NDArray b) {
            this.bound = bound;
            this.reader = reader;
            this.a = a;
            this.b = b;
        }

        float scaling() {
            return (float) bound.scaling(); // torch multiplies an f32 or bf16 tensor by a Python float as f32
        }

        /**
         * {@code {A, B}} in the model's dtype: the resident ones, or (a streamed block) read now onto {@code x}'s
         * device, joining the caller's scope.
         */
        NDArray[] matrices(NDArray x, Ops ops) {
            if (a != null) {
                return new NDArray[] {a, b};
            }
            try {
                return projections(reader, bound, x.getManager(), ops);
            } catch (WeightsException e) {
                throw new IllegalStateException("Reading the LoRA file " + bound.module().a().file()
                        + " failed (was it changed while in use?): " + e.getMessage(), e);
            }
        }
    }

    /** One merged adapter of one Linear. */
    record MergedAdapter(LoraBinding.Bound bound, SafetensorsFile reader, String sha256) {

        /** What decides the merged weight: the same file, module and scaling merge the same delta. */
        boolean sameAs(MergedAdapter o) {
            return sha256.equals(o.sha256) && bound.module().module().equals(o.bound.module().module())
                    && bound.scaling() == o.bound.scaling();
        }
    }

    private final Map<String, List<RuntimeAdapter>> runtime;
    private final Map<String, List<MergedAdapter>> merged;
    private final List<NDArray> resident;
    private final List<SafetensorsFile> readers;

    private AdapterSet(Map<String, List<RuntimeAdapter>> runtime, Map<String, List<MergedAdapter>> merged,
            List<NDArray> resident, List<SafetensorsFile> readers) {
        this.runtime = runtime;
        this.merged = merged;
        this.resident = resident;
        this.readers = readers;
    }

    /**
     * Opens the files of {@code runtime} and {@code merged} and places the resident run-time projections on
     * {@code manager} in {@code ops}' dtype.
     */
    static AdapterSet of(List<LoraBinding> runtime, List<LoraBinding> merged, NDManager manager, Ops ops,
            Predicate<String> streamed) throws EngineException {
        Map<LoraFile, SafetensorsFile> readers = new IdentityHashMap<>();
        List<NDArray> resident = new ArrayList<>();
        Map<String, List<RuntimeAdapter>> rt = new HashMap<>();
        Map<String, List<MergedAdapter>> mg = new HashMap<>();
        try {
            for (LoraBinding binding : runtime) {
                SafetensorsFile reader = reader(binding.file(), readers);
                for (LoraBinding.Bound b : binding.modules()) {
                    String name = b.target().name();
                    RuntimeAdapter adapter;
                    if (streamed.test(name)) {
                        adapter = new RuntimeAdapter(b, reader, null, null);
                    } else {
                        NDArray[] ab;
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            ab = projections(reader, b, manager, ops);
                            NDScope.unregister(ab);
                        }
                        resident.add(ab[0]);
                        resident.add(ab[1]);
                        adapter = new RuntimeAdapter(b, reader, ab[0], ab[1]);
                    }
                    rt.computeIfAbsent(name, n -> new ArrayList<>()).add(adapter);
                }
            }
            for (LoraBinding binding : merged) {
                SafetensorsFile reader = reader(binding.file(), readers);
                for (LoraBinding.Bound b : binding.modules()) {
                    mg.computeIfAbsent(b.target().name(), n -> new ArrayList<>())
                            .add(new MergedAdapter(b, reader, binding.file().sha256()));
                }
            }
        } catch (WeightsException | RuntimeException e) {
            resident.forEach(NDArray::close);
            readers.values().forEach(SafetensorsFile::close);
            if (e instanceof WeightsException w) {
                throw new EngineException("Reading a LoRA file failed: " + w.getMessage(), w);
            }
            throw (RuntimeException) e;
        }
        return new AdapterSet(Map.copyOf(rt), Map.copyOf(mg), List.copyOf(resident),
                List.copyOf(readers.values()));
    }

    /** The file's reader, opened once per set; a file changed since it was read is refused. */
    private static SafetensorsFile reader(LoraFile file, Map<LoraFile, SafetensorsFile> readers)
            throws WeightsException {
        SafetensorsFile r = readers.get(file);
        if (r == null) {
            if (!file.unchangedOnDisk()) {
                throw new WeightsException(file.path() + " changed since it was read; choose it again");
            }
            r = SafetensorsFile.open(file.path());
            readers.put(file, r);
        }
        return r;
    }

    /** A module's {@code {A [rank, in], B [out, rank]}} on {@code manager}, in {@code ops}' dtype. */
    static NDArray[] projections(SafetensorsFile reader, LoraBinding.Bound b, NDManager manager, Ops ops)
            throws WeightsException {
        LoraModule m = b.module();
        float[][] ab = LoraFile.matrices(reader, m);
        NDArray a = manager.create(ab[0], new Shape(m.rank(), m.in()));
        NDArray up = manager.create(ab[1], new Shape(m.out(), m.rank()));
        return new NDArray[] {ops.toCompute(a), ops.toCompute(up)};
    }

    /** The run-time adapters of the Linear {@code name}, or null. */
    List<RuntimeAdapter> runtime(String name) {
        return runtime.get(name);
    }

    Set<String> mergedNames() {
        return merged.keySet();
    }

    /** Whether {@code other} merges the same deltas into {@code name} as this set. */
    boolean sameMerge(String name, AdapterSet other) {
        List<MergedAdapter> mine = merged.getOrDefault(name, List.of());
        List<MergedAdapter> theirs = other.merged.getOrDefault(name, List.of());
        if (mine.size() != theirs.size()) {
            return false;
        }
        for (int i = 0; i < mine.size(); i++) {
            if (!mine.get(i).sameAs(theirs.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The load-time adjustment of the Linear {@code name}'s f32 weight, or null when no adapter is merged into it:
     * {@code W + (B₁·A₁)·s₁ + (B₂·A₂)·s₂ ...}, each delta added in turn as PEFT merges ({@code weight.data +=
     * delta}), every product in f32.
     */
    UnaryOperator<NDArray> mergeInto(String name, Constants constants) {
        List<MergedAdapter> list = merged.get(name);
        if (list == null) {
            return null;
        }
        return w -> {
            NDArray out = w;
            for (MergedAdapter m : list) {
                NDArray[] ab;
                try {
                    ab = toArrays(m, w.getManager());
                } catch (WeightsException e) {
                    throw new IllegalStateException("Reading the LoRA file " + m.bound().module().a().file()
                            + " failed (was it changed while in use?): " + e.getMessage(), e);
                }
                NDArray next;
                try (NDArray a = ab[0]; NDArray b = ab[1]; NDArray product = b.matMul(a);
                        NDArray delta = product.mul(constants.scalar(w, (float) m.bound().scaling()))) {
                    next = out.add(delta);
                }
                if (out != w) {
                    out.close();
                }
                out = next;
            }
            return out;
        };
    }

    private static NDArray[] toArrays(MergedAdapter m, NDManager manager) throws WeightsException {
        LoraModule mod = m.bound().module();
        float[][] ab = LoraFile.matrices(m.reader(), mod);
        return new NDArray[] {manager.create(ab[0], new Shape(mod.rank(), mod.in())),
                manager.create(ab[1], new Shape(mod.out(), mod.rank()))};
    }

    /** Frees the resident projections and closes the files. */
    @Override
    public void close() {
        resident.forEach(NDArray::close);
        readers.forEach(SafetensorsFile::close);
    }
}
