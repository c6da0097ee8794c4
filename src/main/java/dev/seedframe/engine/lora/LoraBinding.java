package dev.seedframe.engine.lora;

import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.nn.Linear;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A LoRA file bound to a model's Linears: each of its modules matched to the Linear of that checkpoint name (kohya's
 * flattened names to the Linear whose name flattens to them, as ComfyUI's key map does), its projections checked
 * against the Linear's shape, and its PEFT scaling at the adapter weight computed. A module that matches no Linear,
 * or whose shapes do not fit, is listed in one refusal with every other.
 */
public final class LoraBinding {

    /**
     * One module bound to one Linear.
     *
     * @param target the adapted Linear
     * @param module the module's projections in the file
     * @param scaling PEFT's {@code scaling}: the adapter weight times lora_alpha / r of the adapter's config (alpha =
     *     rank for files without one, whose kohya alphas are folded into the projections instead)
     */
    record Bound(Linear target, LoraModule module, double scaling) {}

    private final LoraFile file;
    private final double weight;
    private final List<Bound> modules;

    private LoraBinding(LoraFile file, double weight, List<Bound> modules) {
        this.file = file;
        this.weight = weight;
        this.modules = modules;
    }

    public LoraFile file() {
        return file;
    }

    /** The adapter weight. */
    public double weight() {
        return weight;
    }

    /** How many Linears it adapts. */
    public int moduleCount() {
        return modules.size();
    }

    /** Each module with its Linear. */
    List<Bound> modules() {
        return modules;
    }

    /** Binds {@code file} at {@code weight} to {@code linears} (checkpoint name → layer). */
    static LoraBinding bind(LoraFile file, double weight, Map<String, Linear> linears) throws InvalidRequestException {
        Map<String, Linear> byFlatName = new HashMap<>();
        linears.forEach((name, l) -> byFlatName.put(name.replace('.', '_'), l));
        Problems problems = new Problems();
        List<Bound> out = new ArrayList<>();
        AdapterConfig config = file.config();
        for (LoraModule m : file.modules()) {
            Linear target = m.flattened() ? byFlatName.get(m.module()) : linears.get(m.module());
            if (target == null) {
                problems.add("modules that match no Linear of this model's transformer", m.module());
                continue;
            }
            if (m.in() != target.in() || m.out() != target.out()) {
                problems.add("modules whose shapes do not fit their Linear", target.name() + ": the LoRA maps "
                        + m.in() + " → " + m.out() + " features (down " + m.a().shapeString() + ", up "
                        + m.b().shapeString() + "), the Linear " + target.in() + " → " + target.out());
                continue;
            }
            if (config.present() && config.rank(target.name()) != m.rank()) {
                problems.add("modules whose rank differs from the rank their config names", target.name()
                        + ": rank " + m.rank() + ", config r = " + config.rank(target.name()));
                continue;
            }
            out.add(new Bound(target, m, config.scaling(target.name(), m.rank(), weight)));
        }
        try {
            problems.throwIfAny("does not fit this model");
        } catch (LoraFileException e) {
            throw new InvalidRequestException("The LoRA file " + file.fileName() + " (" + file.path() + ") "
                    + e.getMessage());
        }
        return new LoraBinding(file, weight, List.copyOf(out));
    }
}
