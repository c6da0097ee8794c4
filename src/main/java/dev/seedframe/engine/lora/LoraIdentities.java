package dev.seedframe.engine.lora;

import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.Hashes;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.LoraInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run with LoRAs names them in its model identity: after the model's own components, one per adapter, in
 * request order, {@code lora:<file name>} (a second use of one name gets {@code #2}), its class name saying the
 * method and the weight ({@code "LoRA runtime, weight 0.7"}), its config hash the SHA-256 of that text (so that a
 * changed weight or method reads as a changed configuration) and its weights fingerprint the SHA-256 of the file.
 */
public final class LoraIdentities {

    /** Component names of adapters start with this. */
    public static final String PREFIX = LoraInfo.IDENTITY_PREFIX;

    private LoraIdentities() {}

    /** {@code base} with the components of {@code loras}, whose files {@code library} reads (hashed once each). */
    public static ModelIdentity of(ModelIdentity base, List<LoraSpec> loras, LoraLibrary library)
            throws InvalidRequestException {
        if (loras.isEmpty()) {
            return base;
        }
        List<String> shas = new ArrayList<>();
        for (LoraSpec l : loras) {
            shas.add(library.open(Path.of(l.path())).sha256());
        }
        return of(base, loras, shas);
    }

    /** {@code base} with the components of {@code loras}, whose files' SHA-256 are {@code sha256s}. */
    public static ModelIdentity of(ModelIdentity base, List<LoraSpec> loras, List<String> sha256s) {
        if (loras.isEmpty()) {
            return base;
        }
        List<ComponentIdentity> all = new ArrayList<>(base.components());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < loras.size(); i++) {
            LoraSpec l = loras.get(i);
            int n = seen.merge(l.fileName(), 1, Integer::sum);
            String how = "LoRA " + l.method().id() + ", weight " + l.weight();
            all.add(new ComponentIdentity(PREFIX + l.fileName() + (n > 1 ? "#" + n : ""), how, Hashes.sha256Hex(how),
                    sha256s.get(i)));
        }
        return new ModelIdentity(base.displayName(), base.pipelineClass(), all);
    }
}
