package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.SchedulerOverride;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.SamplingPreset;
import dev.seedframe.engine.StepListener;
import dev.seedframe.testing.LoraFixtures;
import dev.seedframe.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests with LoRAs or a scheduler override that cannot run are refused before anything runs, naming what is wrong,
 * and leave the model as it was; the adapters apply to every pipeline (img2img and outpaint here; text-to-image,
 * inpainting and edit in the parity tests).
 */
class LoraRequestsTest {

    static final GenerationRequest PLAIN = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("a red circle")
            .seed(3).steps(2).cfg(1).size(32, 32).build();

    static RgbImage run(GenerationRequest r) throws Exception {
        return TinyModel.get().generate(r, StepListener.NONE, new CancellationToken()).image();
    }

    @Test
    void aBadLoraIsRefusedBeforeTheRunAndTheModelStaysAsItWas(@TempDir Path dir) throws Exception {
        RgbImage before = run(PLAIN);
        Path pickled = dir.resolve("style.ckpt");
        Files.write(pickled, new byte[] {(byte) 0x80, 0x04});
        GenerationRequest bad = PLAIN.toBuilder().loras(List.of(
                new LoraSpec(LoraFixtures.lora("style_peft.safetensors").toString(), 1.0, LoraMethod.MERGED),
                new LoraSpec(pickled.toString(), 1.0, LoraMethod.RUNTIME))).build();
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> run(bad));
        assertTrue(e.getMessage().contains("style.ckpt") && e.getMessage().contains("pickled"), e.getMessage());
        assertEquals(before, run(PLAIN), "the first, good adapter was not merged either");
    }

    @Test
    void aSchedulerOverrideThatCannotWorkIsNamed() {
        SchedulerOverride broken = new SchedulerOverride(0, 1.0, true, 0.5, 0.9, 256, 256, 1.5, "cosine");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> run(PLAIN.toBuilder().scheduler(broken).build()));
        for (String part : new String[] {"scheduler configuration cannot be used", "num_train_timesteps",
                "max_image_seq_len", "shift_terminal", "time_shift_type must be exponential or linear, got cosine"}) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void theLightningSchedulerChangesTheImageAndTheModelsOwnComesBack() throws Exception {
        RgbImage own = run(PLAIN);
        RgbImage lightning = run(PLAIN.toBuilder().scheduler(SamplingPreset.lightningScheduler()).build());
        assertTrue(!own.equals(lightning), "another schedule, another image");
        assertEquals(own, run(PLAIN));
    }

    @Test
    void adaptersApplyToImageToImageAndOutpaint() throws Exception {
        RgbImage source = run(PLAIN);
        List<LoraSpec> style = List.of(LoraSpec.runtime(LoraFixtures.lora("style_kohya.safetensors").toString(), 1.0));
        for (GenerationRequest r : new GenerationRequest[] {
            PLAIN.toBuilder().kind(PipelineKind.IMAGE_TO_IMAGE).image(source).strength(0.8).build(),
            PLAIN.toBuilder().kind(PipelineKind.OUTPAINT).image(source).size(48, 32)
                    .outpaint(new dev.seedframe.domain.Outpaint(16, 0, 0, 0)).strength(1).build()}) {
            RgbImage without = run(r);
            RgbImage with = run(r.toBuilder().loras(style).build());
            assertTrue(!without.equals(with), r.kind() + ": the adapter changes the image");
        }
    }
}
