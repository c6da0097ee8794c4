package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.ModelIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

    private static ModelIdentity model(String transformerFingerprint) {
        return new ModelIdentity("Qwen-Image", "QwenImagePipeline", List.of(
                new ComponentIdentity("transformer", "QwenImageTransformer2DModel", "c0ffee", transformerFingerprint),
                new ComponentIdentity("vae", "AutoencoderKLQwenImage", "beef", "t2:" + "1".repeat(64))));
    }

    @Test
    void aChangedFingerprintIsNamedWithBothHashes() {
        List<String> d = Provenance.modelDifferences(model("t2:" + "a".repeat(64)), model("t2:" + "b".repeat(64)));
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).startsWith("the transformer weight files changed"), d.get(0));
    }

    @Test
    void aFingerprintFromTheEarlierSchemeIsSaidToBeIncomparableNotChanged() {
        List<String> d = Provenance.modelDifferences(model("a".repeat(64)), model("t2:" + "b".repeat(64)));
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).contains("fingerprinted by an earlier Seedframe") && !d.get(0).contains("changed"),
                d.get(0));
    }

    @Test
    void theSameIdentityHasNoDifferences() {
        assertTrue(Provenance.modelDifferences(model("t2:" + "a".repeat(64)), model("t2:" + "a".repeat(64)))
                .isEmpty());
    }
}
