package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.SamplingPreset;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.qwenimage.pipeline.PipelineTrace;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.LoraFixtures;
import dev.seedframe.testing.TensorAssert;
import dev.seedframe.testing.TinyModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The LoRA and Lightning cases of {@code qwen-image-lora} (diffusers with PEFT) through the engine, applied at run
 * time and merged into the weights: every traced tensor the reference recorded within 1e-4 (per-step transformer
 * outputs, velocities and latents, the decode), every output pixel within one level. All runs share the embedded
 * tiny model, so the adapters also change from run to run (merged weights materialised again) as they would in the
 * studio.
 */
@Tag("parity")
class LoraParityTest {

    /** The fixture README: intermediate tensors as the other golden cases. */
    static final double ATOL = 1e-4;

    /** Compares the traced tensors the reference holds and keeps the worst difference. */
    static final class Comparing implements PipelineTrace {
        final SafetensorsFile ref;
        final Set<String> compared = new LinkedHashSet<>();
        double worst;

        Comparing(SafetensorsFile ref) {
            this.ref = ref;
        }

        @Override
        public void record(String name, NDArray value) {
            if (ref.tensors().containsKey(name) && !name.startsWith("randn")) {
                worst = Math.max(worst, TensorAssert.maxAbsDiff(TensorAssert.floats(ref, name), value.toFloatArray()));
                TensorAssert.assertClose(ref, name, value, ATOL);
                compared.add(name);
            }
        }
    }

    static LoraSpec lora(String file, double weight, LoraMethod method) {
        return new LoraSpec(LoraFixtures.lora(file).toString(), weight, method);
    }

    /**
     * Runs {@code request} of case {@code name}, checks every recorded tensor and every pixel, logs the figures.
     *
     * @return the output
     */
    static GenerationOutput check(String name, GenerationRequest request, String... mustCompare) throws Exception {
        try (SafetensorsFile ref = LoraFixtures.reference(name)) {
            Comparing trace = new Comparing(ref);
            GenerationOutput out = TinyModel.get().generate(request, StepListener.NONE, new CancellationToken(),
                    trace);
            for (String must : mustCompare) {
                assertTrue(trace.compared.contains(must), must + " was not compared; compared: " + trace.compared);
            }
            int levels = TextToImageParityTest.maxLevels(ref, out.image());
            System.out.printf("lora parity %s %s: tensors max|diff| %.3g over %d, pixels max %d level(s)%n", name,
                    request.loras(), trace.worst, trace.compared.size(), levels);
            assertTrue(levels <= 1, name + ": a pixel differs by " + levels + " levels");
            return out;
        }
    }

    static GenerationRequest.Builder t2i(String name) {
        CaseArgs args = LoraFixtures.args(name);
        return args.request(PipelineKind.TEXT_TO_IMAGE);
    }

    private static final String[] T2I_STAGES = {"prompt_embeds", "step0.transformer.cond.out",
        "step0.transformer.uncond.out", "step0.noise_pred", "step4.latents", "vae_decode.output"};

    @ParameterizedTest
    @EnumSource(LoraMethod.class)
    void peftLayoutOneAdapter(LoraMethod method) throws Exception {
        GenerationOutput out = check("lora_peft", t2i("lora_peft").loras(List.of(lora("style_peft.safetensors", 1.0,
                method))).build(), T2I_STAGES);
        ComponentIdentity c = out.model().components().get(out.model().components().size() - 1);
        assertEquals("lora:style_peft.safetensors", c.name());
        assertEquals("aeb500397936f6d12b48abbac2e7df43e7081dd349aef547e7a99e0b1a94f04e", c.weightsFingerprint(),
                "the run's identity names the file by its SHA-256");
        assertEquals("LoRA " + method.id() + ", weight 1.0", c.className());
    }

    @ParameterizedTest
    @EnumSource(LoraMethod.class)
    void kohyaLayoutOfTheSameAdapterGivesTheSameImage(LoraMethod method) throws Exception {
        check("lora_peft", t2i("lora_peft").loras(List.of(lora("style_kohya.safetensors", 1.0, method))).build(),
                T2I_STAGES);
    }

    @ParameterizedTest
    @EnumSource(LoraMethod.class)
    void kohyaLayoutAtWeightBelowOne(LoraMethod method) throws Exception {
        check("lora_kohya_weight", t2i("lora_kohya_weight").loras(List.of(lora("style_kohya.safetensors", 0.7,
                method))).build(), T2I_STAGES);
    }

    /** {@code fuse_lora(lora_scale=0.7)}: merged at weight 0.7 (and at run time, which diffusers shows equal). */
    @ParameterizedTest
    @EnumSource(LoraMethod.class)
    void fusedAdapter(LoraMethod method) throws Exception {
        check("lora_fused", t2i("lora_fused").loras(List.of(lora("style_peft.safetensors", 0.7, method))).build(),
                T2I_STAGES);
    }

    /** Two adapters, one negative: both at run time, both merged, and one each way. */
    @ParameterizedTest
    @CsvSource({"RUNTIME, RUNTIME", "MERGED, MERGED", "RUNTIME, MERGED", "MERGED, RUNTIME"})
    void twoAdaptersOneNegative(LoraMethod first, LoraMethod second) throws Exception {
        GenerationOutput out = check("lora_two", t2i("lora_two").loras(List.of(
                lora("style_peft.safetensors", 0.8, first),
                lora("detail_aitoolkit.safetensors", -0.5, second))).build(), T2I_STAGES);
        List<String> names = new ArrayList<>();
        out.model().components().forEach(c -> names.add(c.name()));
        assertTrue(names.containsAll(List.of("lora:style_peft.safetensors", "lora:detail_aitoolkit.safetensors")),
                names.toString());
    }

    /** Lightning: its preset (4 steps, CFG 1, the Lightning scheduler), one transformer pass per step. */
    @ParameterizedTest
    @EnumSource(LoraMethod.class)
    void lightningWithItsScheduler(LoraMethod method) throws Exception {
        SamplingPreset preset = SamplingPreset.forLora("lightning_4step.safetensors", java.util.Map.of()).orElseThrow();
        assertEquals(4, preset.steps());
        GenerationRequest req = preset.applyTo(t2i("lightning_t2i").loras(List.of(
                lora("lightning_4step.safetensors", 1.0, method))).build());
        assertEquals(LoraFixtures.args("lightning_t2i").steps(), req.steps());
        assertEquals(LoraFixtures.args("lightning_t2i").cfg(), req.cfg());
        try (SafetensorsFile ref = LoraFixtures.reference("lightning_t2i")) {
            FlowMatchEulerScheduler.Schedule s = new FlowMatchEulerScheduler(RequestValidator.config(req.scheduler()))
                    .schedule(req.steps(), (req.width() / 8) * (req.height() / 8));
            assertArrayEquals(TensorAssert.floats(ref, "scheduler.sigmas_full"), s.sigmas(), 0f, "sigmas");
            assertArrayEquals(TensorAssert.floats(ref, "scheduler.timesteps_full"), s.timesteps(), 0f, "timesteps");
        }
        check("lightning_t2i", req, "step0.transformer.cond.out", "step0.noise_pred", "step3.latents",
                "vae_decode.output");
    }

    @ParameterizedTest
    @EnumSource(LoraMethod.class)
    void inpaintingWithAnAdapter(LoraMethod method) throws Exception {
        RgbImage input = ImageFiles.read(LoraFixtures.caseDir("lora_inpaint").resolve("input.png")).image();
        Mask mask = ImageFiles.readMask(LoraFixtures.caseDir("lora_inpaint").resolve("mask.png"));
        GenerationRequest req = LoraFixtures.args("lora_inpaint").request(PipelineKind.INPAINT).image(input).mask(mask)
                .raw(true).loras(List.of(lora("style_kohya.safetensors", 0.9, method))).build();
        check("lora_inpaint", req, "latents_init", "step0.noise_pred", "step4.latents", "vae_decode.output");
    }
}
