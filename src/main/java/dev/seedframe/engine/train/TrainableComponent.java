package dev.seedframe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The parameters of one loaded engine component (its {@link WeightMap}) as trainable arrays: each
 * parameter's value in the checkpoint's own layout and shape, recorded by autograd, bound to the
 * component through the parameter's load-time transform ({@link Param#bind}), with its Adam moments.
 * The component's own forward code is what trains.
 *
 * <p>Usage, per step: {@link #rebind()} inside the gradient collector (so the transforms are recorded), the
 * forward pass and {@code backward}, then {@link #update} outside it.
 */
final class TrainableComponent implements AutoCloseable {

    /** Name of the optimiser state file beside a component's weights. */
    static final String OPTIMIZER_FILE = "optimizer.safetensors";

    private final List<Param> params;
    private final NDArray[] leaves;
    private final NDArray[] bound;
    private final Adam adam;

    private TrainableComponent(List<Param> params, NDArray[] leaves, NDManager manager) {
        this.params = params;
        this.leaves = leaves;
        this.bound = new NDArray[leaves.length];
        boolean[] decay = new boolean[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            decay[i] = decays(params.get(i).key(), leaves[i].getShape().dimension());
        }
        this.adam = new Adam(leaves, decay, manager);
    }

    /**
     * Whether weight decay applies: to the weights of linear layers and convolutions, not to biases and norm
     * scales (a VAE norm's {@code gamma} has four dimensions but is a scale).
     */
    static boolean decays(String key, int rank) {
        return rank >= 2 && key.endsWith(".weight");
    }

    /**
     * Takes over the parameters declared on {@code weights}: their values are copied out of the checkpoint
     * (which may then be closed and replaced) into arrays of {@code manager} that autograd records; the
     * component's loaded arrays are released.
     */
    static TrainableComponent attach(WeightMap weights, NDManager manager) throws WeightsException {
        List<Param> params = weights.params();
        Checkpoint checkpoint = weights.checkpoint();
        NDArray[] leaves = new NDArray[params.size()];
        for (int i = 0; i < leaves.length; i++) {
            Param p = params.get(i);
            try (NDArray mapped = WeightMap.readF32(checkpoint, checkpoint.info(p.key()), manager)) {
                leaves[i] = mapped.duplicate();
            }
            NDScope.unregister(leaves[i]);
            leaves[i].setRequiresGradient(true);
            p.release();
            p.bind(leaves[i]);
        }
        return new TrainableComponent(params, leaves, manager);
    }

    /** Binds every parameter again, through its transform (call inside the gradient collector). */
    void rebind() {
        for (int i = 0; i < leaves.length; i++) {
            if (bound[i] != null) {
                bound[i].close();
                bound[i] = null;
            }
            NDArray b = params.get(i).bind(leaves[i]);
            if (b != leaves[i]) {
                NDScope.unregister(b);
                bound[i] = b;
            }
        }
    }

    /**
     * One Adam step at learning rate {@code lr} after a backward pass, clipping the gradients' global norm
     * to {@code maxNorm}; the gradients are zeroed afterwards. Returns the norm before clipping, or NaN when
     * a gradient was not finite: then the step is skipped (nothing is updated).
     */
    double update(double lr, double maxNorm) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray[] grads = new NDArray[leaves.length];
            NDList squares = new NDList(leaves.length);
            for (int i = 0; i < leaves.length; i++) {
                grads[i] = leaves[i].getGradient();
                squares.add(grads[i].square().sum());
            }
            double norm = Math.sqrt(NDArrays.stack(squares).sum().getFloat());
            if (!Double.isFinite(norm)) {
                // skipped: nothing is updated (the Adam state neither), the gradients are cleared
                for (NDArray leaf : leaves) {
                    JniUtils.zeroGrad((PtNDArray) leaf);
                }
                return Double.NaN;
            }
            double scale = norm > maxNorm ? maxNorm / norm : 1.0;
            adam.update(leaves, grads, lr, scale);
            for (NDArray leaf : leaves) {
                JniUtils.zeroGrad((PtNDArray) leaf);
            }
            return norm;
        }
    }

    /** The trainable arrays, in the order of the weight map's parameters (tests). */
    NDArray[] leaves() {
        return leaves.clone();
    }

    /** Their gradients after a backward pass (new arrays sharing the gradients' memory). */
    NDArray[] gradients() {
        NDArray[] g = new NDArray[leaves.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = leaves[i].getGradient();
        }
        return g;
    }

    /** Parameter count. */
    long parameterCount() {
        long n = 0;
        for (NDArray a : leaves) {
            n += a.size();
        }
        return n;
    }

    /** Adam steps taken. */
    long steps() {
        return adam.step();
    }

    /** Writes the weights (F32, checkpoint names) to {@code weightsFile} and the Adam state beside it. */
    void save(Path weightsFile, Path optimizerFile) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        SafetensorsWriter o = new SafetensorsWriter();
        o.metadata("step", Long.toString(adam.step()));
        for (int i = 0; i < leaves.length; i++) {
            String key = params.get(i).key();
            long[] shape = leaves[i].getShape().getShape();
            w.addF32(key, leaves[i].toFloatArray(), shape);
            o.addF32("m." + key, adam.firstMoments()[i].toFloatArray(), shape);
            o.addF32("v." + key, adam.secondMoments()[i].toFloatArray(), shape);
        }
        w.write(weightsFile);
        o.write(optimizerFile);
    }

    /** Restores the Adam state written by {@link #save}. */
    void restoreOptimizer(Path optimizerFile, NDManager manager) throws WeightsException {
        if (!Files.isRegularFile(optimizerFile)) {
            throw new WeightsException("The training checkpoint has no optimiser state: " + optimizerFile);
        }
        try (SafetensorsFile f = SafetensorsFile.open(optimizerFile)) {
            NDArray[] m = new NDArray[leaves.length];
            NDArray[] v = new NDArray[leaves.length];
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                for (int i = 0; i < leaves.length; i++) {
                    String key = params.get(i).key();
                    m[i] = manager.create(f.floats("m." + key), leaves[i].getShape());
                    v[i] = manager.create(f.floats("v." + key), leaves[i].getShape());
                }
                String step = f.metadata().get("step");
                if (step == null) {
                    throw new WeightsException(optimizerFile + " does not say how many steps were taken");
                }
                adam.restore(Long.parseLong(step), m, v);
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < leaves.length; i++) {
            if (bound[i] != null) {
                bound[i].close();
            }
            leaves[i].close();
        }
        adam.close();
    }
}
