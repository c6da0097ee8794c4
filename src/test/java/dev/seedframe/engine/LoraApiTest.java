package dev.seedframe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.SchedulerOverride;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.LoraFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's LoRA front door: what a front end reads about a LoRA file, the presets, a run's identity. */
class LoraApiTest {

    @Test
    void lightningIsRecognisedByNameOrMetadataWithItsStepCount() {
        SamplingPreset eight = SamplingPreset.forLora("Qwen-Image-Lightning-8steps-V1.1.safetensors", Map.of())
                .orElseThrow();
        assertEquals(8, eight.steps());
        assertEquals(1.0, eight.cfg());
        SchedulerOverride s = eight.scheduler();
        assertEquals(Math.log(3), s.baseShift());
        assertEquals(Math.log(3), s.maxShift());
        assertNull(s.shiftTerminal());
        assertEquals("exponential", s.timeShiftType());
        assertTrue(s.useDynamicShifting());
        assertEquals(4, SamplingPreset.forLora("qwen-image-edit-2509-LIGHTNING-4steps-v1.0-bf16.safetensors",
                Map.of()).orElseThrow().steps());
        assertEquals(SamplingPreset.LIGHTNING_DEFAULT_STEPS,
                SamplingPreset.forLora("my_lightning.safetensors", Map.of()).orElseThrow().steps());
        assertEquals(4, SamplingPreset.forLora("distilled.safetensors",
                Map.of("modelspec.title", "Qwen-Image Lightning 4-step")).orElseThrow().steps());
        assertTrue(SamplingPreset.forLora("style_peft.safetensors", Map.of("format", "pt")).isEmpty());
    }

    @Test
    void aPresetSetsStepsCfgAndSchedulerAndTheUserCanChangeThemAfter() {
        GenerationRequest r = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("x").build();
        GenerationRequest applied = SamplingPreset.lightning(8).applyTo(r);
        assertEquals(8, applied.steps());
        assertEquals(1.0, applied.cfg());
        assertEquals(SamplingPreset.lightningScheduler(), applied.scheduler());
        assertEquals(6, applied.toBuilder().steps(6).build().steps());
        assertThrows(IllegalArgumentException.class, () -> SamplingPreset.lightning(0));
    }

    @Test
    void theProviderDescribesALoraFileAndNamesTheAdaptersInARunsIdentity() throws Exception {
        ModelProvider provider = Engines.qwenImage();
        LoraInfo info = provider.inspectLora(LoraFixtures.lora("lightning_4step.safetensors"));
        assertEquals("3ba550d34268e2b813c85962ca9d30664532364b812416a7410a80768ad2f20b", info.sha256());
        assertEquals(28, info.modules());
        assertEquals(8, info.maxRank());
        assertEquals("F32", info.dtypes());
        assertTrue(info.layout().contains("without a prefix"), info.layout());
        assertEquals(SamplingPreset.lightning(4), info.preset());
        assertNull(provider.inspectLora(LoraFixtures.lora("style_kohya.safetensors")).preset());

        ModelIdentity base = provider.inspect(Golden.tinyModel()).identity();
        assertSame(base, provider.identityWith(base, List.of()));
        ModelIdentity run = provider.identityWith(base, List.of(
                new LoraSpec(LoraFixtures.lora("style_peft.safetensors").toString(), 0.8, LoraMethod.MERGED),
                new LoraSpec(LoraFixtures.lora("style_peft.safetensors").toString(), -0.2, LoraMethod.RUNTIME)));
        assertEquals(base.components().size() + 2, run.components().size());
        ComponentIdentity first = run.components().get(base.components().size());
        ComponentIdentity second = run.components().get(base.components().size() + 1);
        assertEquals("lora:style_peft.safetensors", first.name());
        assertEquals("lora:style_peft.safetensors#2", second.name());
        assertEquals("LoRA merged, weight 0.8", first.className());
        assertEquals("aeb500397936f6d12b48abbac2e7df43e7081dd349aef547e7a99e0b1a94f04e", first.weightsFingerprint());
        assertTrue(!first.configSha256().equals(second.configSha256()), "weight and method are part of the identity");
        assertTrue(!base.shortId().equals(run.shortId()));

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> provider.inspectLora(
                LoraFixtures.dir().resolve("no-such.safetensors")));
        assertTrue(e.getMessage().contains("no-such.safetensors") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }
}
