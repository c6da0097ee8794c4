package dev.seedframe.engine.qwenimage;

import ai.djl.ndarray.NDManager;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.lora.LoraBinding;
import dev.seedframe.engine.lora.LoraFile;
import dev.seedframe.engine.lora.LoraIdentities;
import dev.seedframe.engine.lora.LoraLibrary;
import dev.seedframe.engine.lora.LoraOps;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.weights.Param;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The LoRA adapters of a model's runs: each request's list is read (once per file, {@link LoraLibrary}), bound to the
 * transformer's Linears (every misfit refused before anything changes), and made the transformer's adapters ({@link
 * LoraOps}) unless the previous run had the same ones; Linears whose merged adapters changed get their weights
 * materialised again, as the memory mode holds them. A run's model identity names its adapters ({@link
 * LoraIdentities}).
 */
final class ModelLoras {

    private final LoraLibrary library;
    private final LoraOps ops;
    private final QwenImageTransformer transformer;
    private final NDManager manager;
    /** What the adapters in place were made from: the specs and their files' SHA-256. */
    private record Applied(List<LoraSpec> specs, List<String> sha256s) {}

    private Applied current = new Applied(List.of(), List.of());
    /** Linears whose merged weights are still to be materialised again (a reload that failed is retried). */
    private final Set<String> pending = new HashSet<>();

    ModelLoras(LoraLibrary library, LoraOps ops, QwenImageTransformer transformer, NDManager manager) {
        this.library = library;
        this.ops = ops;
        this.transformer = transformer;
        this.manager = manager;
    }

    /**
     * Puts {@code specs} in place for the next run and returns the run's model identity: {@code base} with one
     * component per adapter.
     *
     * @throws dev.seedframe.engine.InvalidRequestException when a file cannot be used on this model, naming it and
     *     every problem; the adapters in place are then unchanged
     */
    ModelIdentity apply(List<LoraSpec> specs, ModelIdentity base) throws EngineException {
        List<LoraFile> files = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        for (LoraSpec s : specs) {
            LoraFile f = library.open(Path.of(s.path()));
            files.add(f);
            shas.add(f.sha256());
        }
        Applied wanted = new Applied(List.copyOf(specs), List.copyOf(shas));
        if (!current.equals(wanted)) {
            List<LoraBinding> runtime = new ArrayList<>();
            List<LoraBinding> merged = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                LoraBinding b = ops.bind(files.get(i), specs.get(i).weight());
                (specs.get(i).method() == LoraMethod.MERGED ? merged : runtime).add(b);
            }
            pending.addAll(ops.use(runtime, merged, manager, transformer::streams));
            current = wanted;
        }
        if (!pending.isEmpty()) {
            List<Param> weights = new ArrayList<>();
            for (String name : pending) {
                Linear l = ops.linears().get(name);
                weights.add(l.weight());
            }
            transformer.reloadWeights(weights); // on failure (out of memory) pending stays, for the next run
            pending.clear();
        }
        return LoraIdentities.of(base, specs, shas);
    }
}
