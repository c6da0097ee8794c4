package dev.seedframe.domain;

import java.util.Objects;

/**
 * One pipeline component as loaded: what it is (class, config hash, weights fingerprint) and where it came from.
 *
 * <p>Equality is identity: two components are equal when name, class, config hash and weights fingerprint are; {@code
 * source} is where this copy was found, so the same component loaded from a copied folder or a renamed file equals
 * itself.
 *
 * @param name folder name ("transformer")
 * @param className the class its config names ("QwenImageTransformer2DModel")
 * @param configSha256 SHA-256 of its config file(s)
 * @param weightsFingerprint cheap fingerprint of its weight files (empty for weightless parts)
 * @param source where it was loaded from: the component folder or the single file (absolute path), {@code
 *     bundled:...} for the small files that ship inside Seedframe, or empty when not known (records made before)
 */
public record ComponentIdentity(String name, String className, String configSha256, String weightsFingerprint,
        String source) {

    public ComponentIdentity {
        source = source == null ? "" : source;
    }

    /** A component whose source is not known (read from an older record). */
    public ComponentIdentity(String name, String className, String configSha256, String weightsFingerprint) {
        this(name, className, configSha256, weightsFingerprint, "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentIdentity c && Objects.equals(name, c.name) && Objects.equals(className, c.className)
                && Objects.equals(configSha256, c.configSha256) && Objects.equals(weightsFingerprint, c.weightsFingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, className, configSha256, weightsFingerprint);
    }
}
