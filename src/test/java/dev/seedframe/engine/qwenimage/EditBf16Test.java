package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The edit pipeline in bf16 on the tiny edit model (small condition image, so that it stays fast): the
 * condition latents join the bf16 latents through the helper, true CFG runs batched in bf16, and with the
 * f32 noise rounded to bf16 the image stays close to the f32 run of the same request (PSNR ≥ 40 dB; the
 * bf16 error budget is the one of {@link TextToImageBf16ParityTest}).
 */
@Tag("parity")
class EditBf16Test {

    static final double MIN_PSNR_DB = 40;

    static RgbImage run(Precision p, GenerationRequest req) throws Exception {
        try (QwenImageModel model = QwenImageModel.open(Golden.tinyEditModel(), p)) {
            model.probe().useRoundedF32NoiseForBf16(true);
            GenerationOutput out = model.generate(req, StepListener.NONE, new CancellationToken());
            assertEquals(p.dtypeName(), out.environment().dtype());
            return out.image();
        }
    }

    @Test
    void bf16EditStaysCloseToTheF32Edit() throws Exception {
        RgbImage input = ImageFiles.read(Golden.caseDir("edit").resolve("input.png")).image();
        GenerationRequest req = GenerationRequest.builder(PipelineKind.EDIT).prompt("make the sky green")
                .negativePrompt(" ").cfg(4).seed(3).steps(2).size(64, 64).conditionSize(64).images(List.of(input))
                .build();
        RgbImage f32 = run(Precision.F32, req);
        RgbImage bf16 = run(Precision.BF16, req);
        byte[] a = f32.rgb();
        byte[] b = bf16.rgb();
        assertEquals(a.length, b.length);
        double se = 0;
        int worst = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            se += d * d;
            worst = Math.max(worst, Math.abs(d));
        }
        double psnr = se == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / (se / a.length));
        System.out.printf("edit bf16 vs f32 (64x64, 2 steps, CFG 4): PSNR %.2f dB, worst %d levels%n", psnr, worst);
        assertTrue(psnr >= MIN_PSNR_DB, "PSNR " + psnr + " dB < " + MIN_PSNR_DB);
    }
}
