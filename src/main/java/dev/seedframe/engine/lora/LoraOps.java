package dev.seedframe.engine.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.nn.ForwardingOps;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.runtime.Constants;
import dev.seedframe.engine.weights.WeightMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * LoRA adapters on a model's Linears, through the operations seam (ADR 0004): a decorator of the model's {@link Ops}
 * that knows every Linear made through it by its checkpoint name, and applies the adapters of the current {@link
 * AdapterSet} in two ways, as diffusers (PEFT) does:
 *
 * <ul>
 *   <li><b>at run time</b>: a Linear's forward is {@code W·x + b} from the inner operations plus, per adapter in
 *       order, {@code B(A·x)·scaling} ({@code result = result + lora_B(lora_A(x)) * scaling}), computed with the inner
 *       operations' {@code linear}, {@code mul} and {@code add}, so in the model's dtype;
 *   <li><b>merged</b>: a Linear's weight gets a load-time adjustment ({@code Param#adjust}) that adds {@code (B·A)·
 *       scaling} per adapter in order ({@code fuse_lora}: {@code weight.data += (lora_B @ lora_A) * scaling}), in
 *       f32, before a bf16 rounding or an int8 quantisation; the owner re-materialises the changed Linears' weights
 *       when the merged set changes ({@link #use}).
 * </ul>
 *
 * With no adapters it hands every call through unchanged: the model computes bit for bit as without it.
 */
public final class LoraOps extends ForwardingOps {

    private final Constants constants;
    private final Map<String, Linear> linears = new LinkedHashMap<>();
    private volatile AdapterSet adapters = AdapterSet.EMPTY;

    /**
     * @param inner the operations the model computes with
     * @param constants where the adapters' scaling factors are kept as CPU scalars
     */
    public LoraOps(Ops inner, Constants constants) {
        super(inner);
        this.constants = constants;
    }

    /** Declares the Linear, bound to this decorator, and registers it as an adapter target by its checkpoint name. */
    @Override
    public Linear newLinear(WeightMap w, long in, long out, boolean bias) {
        Linear layer = new Linear(this, w, in, out, bias);
        String name = layer.name();
        linears.put(name, layer);
        layer.weight().adjust(() -> adapters.mergeInto(name, constants));
        return layer;
    }

    /** The base output, plus {@code B(A·x)·scaling} for each run-time adapter of this Linear, in order. */
    @Override
    public NDArray forward(Linear layer, NDArray x) {
        NDArray y = inner().forward(layer, x);
        List<AdapterSet.RuntimeAdapter> list = adapters.runtime(layer.name());
        if (list == null) {
            return y;
        }
        Ops ops = inner();
        for (AdapterSet.RuntimeAdapter a : list) {
            NDArray[] ab = a.matrices(x, ops);
            NDArray down = ops.linear(x, ab[0], null); // [..., rank]
            NDArray up = ops.linear(down, ab[1], null); // [..., out]
            y = ops.add(y, ops.mul(up, constants.scalar(x, a.scaling())));
        }
        return y;
    }

    /** Every Linear made through this decorator, by checkpoint name (the modules an adapter may target). */
    public Map<String, Linear> linears() {
        return Collections.unmodifiableMap(linears);
    }

    /** Binds {@code file} at {@code weight} to this model's Linears, refusing it with every misfit listed. */
    public LoraBinding bind(LoraFile file, double weight) throws InvalidRequestException {
        return LoraBinding.bind(file, weight, linears);
    }

    /**
     * Makes {@code runtime} and {@code merged} the adapters from now on: the run-time ones' projections are placed
     * on {@code manager} in the model's dtype, except those of Linears {@code streamed} accepts, which are read from
     * their files for each forward (a streamed block gets its adapters with its weights). The previous set is freed.
     *
     * @return the Linears whose merged adapters changed (their weights must be materialised again)
     */
    public Set<String> use(List<LoraBinding> runtime, List<LoraBinding> merged, NDManager manager,
            Predicate<String> streamed) throws EngineException {
        AdapterSet next = AdapterSet.of(runtime, merged, manager, inner(), streamed);
        AdapterSet previous = adapters;
        Set<String> changed = new HashSet<>();
        Set<String> names = new HashSet<>(previous.mergedNames());
        names.addAll(next.mergedNames());
        for (String n : names) {
            if (!previous.sameMerge(n, next)) {
                changed.add(n);
            }
        }
        adapters = next;
        previous.close();
        return changed;
    }

    /** Frees the adapters' tensors and closes their files (when the model closes). */
    public void clear() {
        AdapterSet previous = adapters;
        adapters = AdapterSet.EMPTY;
        previous.close();
    }
}
