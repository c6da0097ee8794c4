package dev.seedframe.service;

import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Hashes;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.ModelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Cache keys and the differences between two recorded provenances. */
public final class Provenance {

    private Provenance() {}

    /**
     * The cache key of a request on a model in an environment: SHA-256 over the canonical request JSON,
     * the model's pipeline class and components (not its folder name: a copied model is the same model),
     * and the engine environment.
     *
     * @param requestJson the request's canonical JSON ({@link RequestJson#write(GenerationRequest)})
     */
    public static String cacheKey(String requestJson, ModelIdentity model, EngineEnvironment env) {
        ModelIdentity anonymous = new ModelIdentity("", model.pipelineClass(), model.components());
        return Hashes.sha256Hex(requestJson + "\n" + RequestJson.write(anonymous) + "\n" + RequestJson.write(env));
    }

    /** What differs between a recorded and a current model identity, in words. */
    public static List<String> modelDifferences(ModelIdentity recorded, ModelIdentity now) {
        List<String> out = new ArrayList<>();
        if (!Objects.equals(recorded.pipelineClass(), now.pipelineClass())) {
            out.add("the pipeline was " + recorded.pipelineClass() + ", now " + now.pipelineClass());
        }
        Map<String, ComponentIdentity> current = new LinkedHashMap<>();
        now.components().forEach(c -> current.put(c.name(), c));
        for (ComponentIdentity r : recorded.components()) {
            ComponentIdentity c = current.remove(r.name());
            if (c == null) {
                out.add("the model no longer has a " + r.name());
                continue;
            }
            if (!Objects.equals(r.configSha256(), c.configSha256())) {
                out.add("the " + r.name() + " configuration changed");
            }
            if (olderScheme(r.weightsFingerprint(), c.weightsFingerprint())) {
                out.add("the " + r.name() + " weights were fingerprinted by an earlier Seedframe and cannot be"
                        + " compared by fingerprint; the replayed pixels tell whether they are the same");
            } else if (!Objects.equals(r.weightsFingerprint(), c.weightsFingerprint())) {
                out.add("the " + r.name() + " weight files changed (fingerprint " + shortHash(r.weightsFingerprint())
                        + " → " + shortHash(c.weightsFingerprint()) + ")");
            }
        }
        for (String extra : current.keySet()) {
            out.add("the model now has a " + extra + " it did not have");
        }
        return out;
    }

    /** A recorded fingerprint without the current scheme's prefix, against one with it. */
    private static boolean olderScheme(String recorded, String now) {
        return recorded != null && !recorded.isEmpty() && now != null
                && now.startsWith(ModelInfo.FINGERPRINT_SCHEME) && !recorded.startsWith(ModelInfo.FINGERPRINT_SCHEME);
    }

    /** What differs between a recorded and a current engine environment, in words. */
    public static List<String> environmentDifferences(EngineEnvironment r, EngineEnvironment n) {
        List<String> out = new ArrayList<>();
        diff(out, "Seedframe version", r.seedframeVersion(), n.seedframeVersion());
        diff(out, "DJL version", r.djlVersion(), n.djlVersion());
        diff(out, "libtorch version", r.torchVersion(), n.torchVersion());
        diff(out, "device", r.device(), n.device());
        diff(out, "dtype", r.dtype(), n.dtype());
        diff(out, "noise source", r.noiseSource(), n.noiseSource());
        diff(out, "attention", r.attention(), n.attention());
        diff(out, "platform", r.platform(), n.platform());
        diff(out, "memory mode", r.memoryMode(), n.memoryMode());
        if (!EngineEnvironment.UNRECORDED.equals(r.cfgBatching())) {
            diff(out, "CFG batching", r.cfgBatching(), n.cfgBatching());
        }
        return out;
    }

    private static void diff(List<String> out, String what, String was, String now) {
        if (!Objects.equals(was, now)) {
            out.add(what + " was " + was + ", now " + now);
        }
    }

    private static String shortHash(String h) {
        return h == null || h.length() < 12 ? String.valueOf(h) : h.substring(0, 12);
    }
}
