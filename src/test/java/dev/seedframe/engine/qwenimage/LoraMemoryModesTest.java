package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.service.ImageCompare;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.LoraFixtures;
import dev.seedframe.testing.TinyModel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * LoRA with every memory mode and with bf16, and adapters changing from run to run on one model: streamed blocks
 * (which get their run-time adapters, or their merged weights, each time they are loaded) and the offloaded text
 * encoder give the resident images bit for bit; int8 (run-time adapters over the dequantised weights, or merged
 * before quantising) stays within the int8 PSNR of f32; a run without adapters after merged ones gives the plain
 * image bit for bit (the weights were materialised again from the checkpoint).
 */
@Tag("slow")
class LoraMemoryModesTest {

    /** As {@code MemoryModesTest}: the lowest PSNR accepted for int8 against f32 on the tiny model. */
    static final double INT8_MIN_PSNR_DB = MemoryModesTest.INT8_MIN_PSNR_DB;

    /** bf16 against f32, as {@code TextToImageBf16ParityTest} accepts for a short text-to-image. */
    static final double BF16_MIN_PSNR_DB = 40.0;

    private static final GenerationRequest PLAIN = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
            .prompt("A red circle on a blue background").negativePrompt(" ").cfg(4).seed(42).steps(3).size(48, 32)
            .build();

    private static RgbImage plain;
    private static RgbImage runtime;
    private static RgbImage merged;

    static GenerationRequest with(LoraMethod method) {
        return PLAIN.toBuilder().loras(List.of(
                new LoraSpec(LoraFixtures.lora("style_kohya.safetensors").toString(), 0.8, method),
                new LoraSpec(LoraFixtures.lora("detail_aitoolkit.safetensors").toString(), -0.5, method))).build();
    }

    static RgbImage run(QwenImageModel m, GenerationRequest r) throws Exception {
        return m.generate(r, StepListener.NONE, new CancellationToken()).image();
    }

    @BeforeAll
    static void residentImages() throws Exception {
        plain = run(TinyModel.get(), PLAIN);
        runtime = run(TinyModel.get(), with(LoraMethod.RUNTIME));
        merged = run(TinyModel.get(), with(LoraMethod.MERGED));
        int levels = ImageCompare.maxDiff(runtime, merged);
        System.out.printf("LoRA runtime vs merged, f32 resident: max %d level(s), adapters change the plain image by"
                + " up to %d levels%n", levels, ImageCompare.maxDiff(plain, runtime));
        assertTrue(levels <= 1, "run time and merged agree within a level, got " + levels);
        assertTrue(ImageCompare.maxDiff(plain, runtime) > 8, "the adapters change the image visibly");
    }

    @Test
    void adaptersChangeFromRunToRunAndLeaveNothingBehind() throws Exception {
        try (QwenImageModel m = QwenImageModel.open(Golden.tinyModel())) {
            assertEquals(plain, run(m, PLAIN));
            int arrays = m.probe().managerArrayCount();
            assertEquals(merged, run(m, with(LoraMethod.MERGED)));
            assertEquals(runtime, run(m, with(LoraMethod.RUNTIME)), "merged weights made plain again for run time");
            assertEquals(plain, run(m, PLAIN), "no adapter after adapters: the plain image, bit for bit");
            assertEquals(merged, run(m, with(LoraMethod.MERGED)));
            assertEquals(plain, run(m, PLAIN));
            assertEquals(arrays, m.probe().managerArrayCount(), "no adapter tensor is left on the model's manager");
        }
    }

    private static RgbImage[] inMode(MemoryMode mode, Precision precision) throws Exception {
        EngineOptions o = EngineOptions.defaults().withMemoryMode(mode).withPrecision(precision);
        try (QwenImageModel m = QwenImageModel.openHonouringPrecision(Golden.tinyModel(), o)) {
            // bf16: the f32 noise rounded, so that the images compare with f32's (torch's bf16 draw is other noise)
            m.probe().useRoundedF32NoiseForBf16(true);
            RgbImage p = run(m, PLAIN);
            RgbImage r = run(m, with(LoraMethod.RUNTIME));
            int arrays = m.probe().managerArrayCount();
            RgbImage g = run(m, with(LoraMethod.MERGED));
            RgbImage r2 = run(m, with(LoraMethod.RUNTIME));
            assertEquals(r, r2, mode + ": run-time adapters again after merged ones give the same image");
            assertEquals(arrays, m.probe().managerArrayCount(), mode + " left arrays on the model's manager");
            return new RgbImage[] {p, r, g};
        }
    }

    @Test
    void streamedBlocksGetTheirAdaptersWhenLoaded() throws Exception {
        RgbImage[] s = inMode(MemoryMode.STREAM_BLOCKS, Precision.F32);
        assertEquals(plain, s[0]);
        assertEquals(runtime, s[1], "run time, streamed = resident");
        assertEquals(merged, s[2], "merged, streamed = resident");
    }

    @Test
    void offloadedTextEncoderGivesTheResidentImages() throws Exception {
        RgbImage[] s = inMode(MemoryMode.OFFLOAD_TEXT_ENCODER, Precision.F32);
        assertEquals(runtime, s[1]);
        assertEquals(merged, s[2]);
    }

    @Test
    void int8RunTimeOverQuantisedWeightsOrMergedBeforeQuantising() throws Exception {
        RgbImage[] s = inMode(MemoryMode.INT8, Precision.F32);
        double pr = ImageCompare.psnr(runtime, s[1]);
        double pm = ImageCompare.psnr(merged, s[2]);
        System.out.printf("LoRA int8 vs f32: run time %.2f dB (max %d), merged %.2f dB (max %d)%n", pr,
                ImageCompare.maxDiff(runtime, s[1]), pm, ImageCompare.maxDiff(merged, s[2]));
        assertTrue(pr >= INT8_MIN_PSNR_DB, "int8 run time " + pr + " dB");
        assertTrue(pm >= INT8_MIN_PSNR_DB, "int8 merged " + pm + " dB");
        assertTrue(ImageCompare.maxDiff(s[0], s[2]) > 8, "the merged adapters reached the quantised weights");
    }

    @Test
    void bf16AppliesAdaptersInTheModelsDtype() throws Exception {
        RgbImage[] s = inMode(MemoryMode.RESIDENT, Precision.BF16);
        double pr = ImageCompare.psnr(runtime, s[1]);
        double pm = ImageCompare.psnr(merged, s[2]);
        double between = ImageCompare.psnr(s[1], s[2]);
        System.out.printf("LoRA bf16 vs f32: run time %.2f dB (max %d), merged %.2f dB (max %d); bf16 run time vs"
                + " merged %.2f dB (max %d)%n", pr, ImageCompare.maxDiff(runtime, s[1]), pm,
                ImageCompare.maxDiff(merged, s[2]), between, ImageCompare.maxDiff(s[1], s[2]));
        assertTrue(pr >= BF16_MIN_PSNR_DB, "bf16 run time " + pr + " dB");
        assertTrue(pm >= BF16_MIN_PSNR_DB, "bf16 merged " + pm + " dB");
        assertNotEquals(s[0], s[1], "the adapters reach the bf16 model");
    }
}
