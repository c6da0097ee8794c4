package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.CfgBatching;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.qwenimage.pipeline.PipelineTrace;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TinyModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * True CFG as one batch-2 transformer call (prompt and negative prompt of different lengths, the shorter
 * padded and masked) against two batch-1 calls, on the t2i_cfg case: every traced tensor within 1e-5 (f32;
 * the batched call only reorders float work), and the batched run still within the fixture's tolerances.
 */
@Tag("parity")
class BatchedCfgParityTest {

    static final double BATCHED_VS_SEPARATE_ATOL = 1e-5;

    static final class Recording implements PipelineTrace {
        final Map<String, float[]> values = new LinkedHashMap<>();

        @Override
        public void record(String name, NDArray value) {
            values.put(name, value.toFloatArray());
        }
    }

    static Recording run(QwenImageModel model, CfgBatching mode, PipelineTrace extra) throws Exception {
        CaseArgs args = CaseArgs.of("t2i_cfg");
        Recording rec = new Recording();
        CfgBatching before = model.cfgBatching();
        model.setCfgBatching(mode);
        try {
            GenerationOutput out = model.generate(args.request(PipelineKind.TEXT_TO_IMAGE).build(), StepListener.NONE,
                    new CancellationToken(), (name, value) -> {
                        rec.record(name, value);
                        extra.record(name, value);
                    });
            assertTrue(out.image().width() > 0);
        } finally {
            model.setCfgBatching(before);
        }
        return rec;
    }

    @Test
    void batchedCfgEqualsTwoCallsWithin1e5AndStillMatchesTheReference() throws Exception {
        QwenImageModel model = TinyModel.get();
        Recording separate = run(model, CfgBatching.SEPARATE, PipelineTrace.NONE);
        try (SafetensorsFile ref = Golden.caseReference("t2i_cfg")) {
            TextToImageParityTest.Comparing golden = new TextToImageParityTest.Comparing(ref);
            Recording batched = run(model, CfgBatching.BATCHED, golden);
            assertTrue(golden.compared.contains("step0.transformer.uncond.out"), "compared: " + golden.compared);
            assertTrue(golden.compared.contains("vae_decode.output"), "compared: " + golden.compared);
            assertEquals(separate.values.keySet(), batched.values.keySet());
            double worst = 0;
            for (Map.Entry<String, float[]> e : separate.values.entrySet()) {
                double d = TensorAssert.maxAbsDiff(e.getValue(), batched.values.get(e.getKey()));
                worst = Math.max(worst, d);
                assertTrue(d <= BATCHED_VS_SEPARATE_ATOL, e.getKey() + ": batched vs separate max |diff| " + d);
            }
            System.out.printf("batched vs separate CFG, worst traced max |diff| = %.3g over %d tensors%n", worst,
                    separate.values.size());
        }
    }

    @Test
    void autoBatchesWhenTheActivationsFitAndTheSwitchOverridesIt() {
        QwenImageModel model = TinyModel.get();
        assertEquals(CfgBatching.SEPARATE, model.cfgBatching(), "recorded generations run as diffusers does");
        CfgBatching before = model.cfgBatching();
        try {
            assertFalse(model.probe().wouldBatchCfg(16 + 12), "the default never batches");
            model.setCfgBatching(CfgBatching.AUTO);
            assertTrue(model.probe().wouldBatchCfg(16 + 12), "the tiny model's 28 tokens fit");
            assertFalse(model.probe().wouldBatchCfg(1L << 40), "a trillion tokens do not");
            model.setCfgBatching(CfgBatching.SEPARATE);
            assertFalse(model.probe().wouldBatchCfg(16 + 12));
            model.setCfgBatching(CfgBatching.BATCHED);
            assertTrue(model.probe().wouldBatchCfg(1L << 40));
        } finally {
            model.setCfgBatching(before);
        }
    }
}
