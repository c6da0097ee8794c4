package dev.seedframe.engine.qwenimage.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.WeightMap;
import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import org.junit.jupiter.api.Test;

/**
 * Audit finding 1 (issue 16): the parameter count {@link ModelSizeCheck} holds a config to is the one the
 * transformer's classes declare, and a list of declared-but-missing tensors is capped with a count of the rest.
 */
class ModelSizeCheckTest {

    @Test
    void theParameterCountFollowsTheDeclaredParameters() throws Exception {
        assertEquals(20_430_401_088L, ModelSizeCheck.transformerParameters(TransformerConfig.qwenImage()),
                "QWEN-IMAGE-SPEC.md A.3");
        try (Checkpoint ck = Checkpoint.open(Golden.tinyModel().resolve("transformer"), "transformer",
                "diffusion_pytorch_model")) {
            WeightMap w = WeightMap.of(ck, TestRuntime.get());
            new QwenImageTransformer(TransformerConfig.tiny(), w, TestRuntime.f32());
            long declared = w.params().stream().mapToLong(p -> {
                long n = 1;
                for (long d : p.shape().getShape()) {
                    n *= d;
                }
                return n;
            }).sum();
            assertEquals(declared, ModelSizeCheck.transformerParameters(TransformerConfig.tiny()));
        }
    }

    @Test
    void everyProblemListIsCappedWithACountOfTheRest() throws Exception {
        try (Checkpoint ck = Checkpoint.open(Golden.tinyModel().resolve("transformer"), "transformer",
                "diffusion_pytorch_model")) {
            WeightMap w = WeightMap.of(ck, TestRuntime.get());
            for (int i = 0; i < 5000; i++) {
                w.param("ghost." + i + ".weight", 4);
            }
            new QwenImageTransformer(TransformerConfig.tiny(), w, TestRuntime.f32());
            WeightsException e = assertThrows(WeightsException.class, w::verify);
            assertTrue(e.getMessage().contains("5000 missing tensors") && e.getMessage().contains("... and 4980 more"),
                    e.getMessage());
            assertTrue(e.getMessage().lines().count() < 30, e.getMessage().lines().count() + " lines");
        }
    }
}
