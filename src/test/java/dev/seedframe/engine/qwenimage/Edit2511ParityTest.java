package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.LoraFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qwen-Image-Edit-2511 ({@code zero_cond_t}) in {@code QwenImageEditPlusPipeline}: the {@code edit2511} case of
 * {@code qwen-image-lora} stage by stage (vision embeddings, both prompts, noise, every step's velocity and latents,
 * the decode) and the final pixels. The input (40×32) is resized to about a megapixel for the VAE as the reference
 * does, so each transformer call attends over 16,704 reference-image tokens: slow.
 */
@Tag("parity")
@Tag("slow")
class Edit2511ParityTest {

    @Test
    void editPlusWithZeroCondTimestepMatchesTheReference(@TempDir Path tmp) throws Exception {
        RgbImage input = ImageFiles.read(LoraFixtures.caseDir("edit2511").resolve("input0.png")).image();
        GenerationRequest req = LoraFixtures.args("edit2511").request(PipelineKind.EDIT).images(List.of(input)).build();
        try (SafetensorsFile ref = LoraFixtures.reference("edit2511");
                QwenImageModel model = QwenImageModel.open(LoraFixtures.edit2511Model(tmp))) {
            assertTrue(model.capabilities().maxImages() == 3, "an Edit Plus folder takes up to three images");
            EditParityTest.Comparing trace = new EditParityTest.Comparing(ref);
            GenerationOutput out = model.generate(req, StepListener.NONE, new CancellationToken(), trace);
            for (String must : new String[] {"text.visual.merged_embeds", "prompt_embeds", "neg.prompt_embeds",
                    "randn0", "latents_init", "step0.noise_pred", "step0.latents", "step3.noise_pred", "step3.latents",
                    "vae_decode.input_latents", "vae_decode.output"}) {
                assertTrue(trace.compared.contains(must), must + " was not compared; compared: " + trace.compared);
            }
            int levels = TextToImageParityTest.maxLevels(ref, out.image());
            System.out.printf("lora parity edit2511: pixels max %d level(s); %s%n", levels, out.timings());
            assertTrue(levels <= 1, "a pixel differs by " + levels + " levels");
        }
    }
}
