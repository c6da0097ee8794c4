package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TinyModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** img2img and inpainting against QwenImageImg2ImgPipeline / QwenImageInpaintPipeline, stage by stage. */
@Tag("parity")
class ImageToImageParityTest {

    static RgbImage input(String caseName) throws Exception {
        return ImageFiles.read(Golden.caseDir(caseName).resolve("input.png")).image();
    }

    @Test
    void img2imgMatchesTheReferenceAtEveryStage() throws Exception {
        CaseArgs args = CaseArgs.of("img2img");
        try (SafetensorsFile ref = Golden.caseReference("img2img")) {
            TextToImageParityTest.Comparing trace = new TextToImageParityTest.Comparing(ref);
            GenerationRequest req = args.request(PipelineKind.IMAGE_TO_IMAGE).image(input("img2img")).build();
            GenerationOutput out = TinyModel.get().generate(req, StepListener.NONE, new CancellationToken(), trace);
            for (String must : new String[] {"vae_encode0.input", "vae_encode0.mean", "vae_encode0.logvar",
                    "vae_encode0.retrieved_latents", "randn1", "scale_noise0.out", "latents_init", "step0.noise_pred",
                    "step2.latents", "vae_decode.output"}) {
                assertTrue(trace.compared.contains(must), must + " not compared; compared: " + trace.compared);
            }
            TextToImageParityTest.assertPixelsWithinOneLevel(ref, out.image());
        }
    }

    @Test
    void rawInpaintingMatchesTheReferenceAtEveryStage() throws Exception {
        CaseArgs args = CaseArgs.of("inpaint_rect");
        Mask mask = ImageFiles.readMask(Golden.caseDir("inpaint_rect").resolve("mask.png"));
        try (SafetensorsFile ref = Golden.caseReference("inpaint_rect")) {
            TextToImageParityTest.Comparing trace = new TextToImageParityTest.Comparing(ref);
            GenerationRequest req = args.request(PipelineKind.INPAINT).image(input("inpaint_rect")).mask(mask)
                    .raw(true).build();
            GenerationOutput out = TinyModel.get().generate(req, StepListener.NONE, new CancellationToken(), trace);
            for (String must : new String[] {"mask_condition", "mask_packed", "noise_packed", "image_latents_packed",
                    "latents_init", "scale_noise1.out", "scale_noise4.out", "step0.latents", "step4.latents",
                    "vae_decode.output"}) {
                assertTrue(trace.compared.contains(must), must + " not compared; compared: " + trace.compared);
            }
            TextToImageParityTest.assertPixelsWithinOneLevel(ref, out.image());
        }
    }
}
