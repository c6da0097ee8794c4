package dev.seedframe.domain;

import java.util.List;

/**
 * Which model produced an image: the pipeline class and, per component, a config hash and a weights
 * fingerprint. Two identities are equal exactly when every component is.
 *
 * @param displayName the model folder's name, for people
 * @param pipelineClass {@code model_index.json}'s {@code _class_name}
 * @param components every component, in a fixed order
 */
public record ModelIdentity(String displayName, String pipelineClass, List<ComponentIdentity> components) {

    public ModelIdentity {
        components = List.copyOf(components);
    }

    /** A short digest of all components, for logs and PNG text. */
    public String shortId() {
        StringBuilder sb = new StringBuilder();
        for (ComponentIdentity c : components) {
            sb.append(c.name()).append(c.configSha256()).append(c.weightsFingerprint());
        }
        return Hashes.sha256Hex(sb.toString()).substring(0, 12);
    }
}
