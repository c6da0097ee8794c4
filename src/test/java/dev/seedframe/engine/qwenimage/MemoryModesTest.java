package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.StepListener;
import dev.seedframe.service.ImageCompare;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TinyModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every memory mode generates on the tiny checkpoint; the three that only move f32 weights give the very
 * image of the default, int8 stays within a stated PSNR.
 */
@Tag("slow")
class MemoryModesTest {

    /** Lowest PSNR accepted for int8 against f32 on the tiny model (measured figure in README "Memory modes"). */
    static final double INT8_MIN_PSNR_DB = 45.0;

    private static final GenerationRequest REQUEST = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
            .prompt("a red circle on a blue background").cfg(1).seed(7).steps(3).size(64, 64)
            .build();

    private static RgbImage reference;

    @BeforeAll
    static void referenceImage() throws Exception {
        reference = TinyModel.get().generate(REQUEST, StepListener.NONE, new CancellationToken()).image();
    }

    private static RgbImage generate(MemoryMode mode) throws Exception {
        try (QwenImageModel m = QwenImageModel.open(Golden.tinyModel(), EngineOptions.defaults().withMemoryMode(mode))) {
            assertEquals(mode.id(), m.environment().memoryMode());
            // a second prompt first: an offloaded encoder is loaded again, streamed blocks streamed again
            m.generate(REQUEST.toBuilder().prompt("another prompt").steps(2).build(), StepListener.NONE,
                    new CancellationToken());
            int arrays = m.probe().managerArrayCount();
            RgbImage image = m.generate(REQUEST, StepListener.NONE, new CancellationToken()).image();
            // evicted, restored, streamed or dequantised weights leave nothing behind on the model's manager
            // (the new prompt's embeddings join the prompt cache: one array, no mask for a single prompt)
            assertEquals(arrays + 1, m.probe().managerArrayCount(), mode + " left arrays on the model's manager");
            return image;
        }
    }

    @Test
    void residentIsTheDefault() throws Exception {
        assertEquals(reference, generate(MemoryMode.RESIDENT));
        assertEquals("resident", TinyModel.get().environment().memoryMode());
    }

    @Test
    void offloadedTextEncoderGivesTheSameImage() throws Exception {
        assertEquals(reference, generate(MemoryMode.OFFLOAD_TEXT_ENCODER));
    }

    @Test
    void streamedBlocksGiveTheSameImage() throws Exception {
        assertEquals(reference, generate(MemoryMode.STREAM_BLOCKS));
    }

    @Test
    void int8StaysCloseToFloat32() throws Exception {
        RgbImage q = generate(MemoryMode.INT8);
        double psnr = ImageCompare.psnr(reference, q);
        int maxDiff = ImageCompare.maxDiff(reference, q);
        System.out.printf("int8 vs f32 on the tiny model, 64x64, 3 steps: PSNR %.2f dB, max diff %d/255%n", psnr,
                maxDiff);
        assertTrue(psnr >= INT8_MIN_PSNR_DB, "int8 PSNR " + psnr + " dB, max diff " + maxDiff);
    }

    @Test
    void int8LeavesTheBlocksOffTheDeviceAfterDecodingAndQuantisesThemAgainIdentically() throws Exception {
        try (QwenImageModel m = QwenImageModel.open(Golden.tinyModel(),
                EngineOptions.defaults().withMemoryMode(MemoryMode.INT8))) {
            assertTrue(!m.probe().transformerBlocksEvicted(), "loaded with the blocks on the device");
            RgbImage first = m.generate(REQUEST, StepListener.NONE, new CancellationToken()).image();
            assertTrue(m.probe().transformerBlocksEvicted(), "the VAE decoded with the int8 blocks off the device");
            int arrays = m.probe().managerArrayCount();
            // the same prompt: no text encoding, the blocks come back for the denoising loop alone
            RgbImage second = m.generate(REQUEST, StepListener.NONE, new CancellationToken()).image();
            assertEquals(first, second, "quantising again gives the same codes, so the same image");
            assertEquals(arrays, m.probe().managerArrayCount(), "nothing left behind by the second eviction");
        }
        try (QwenImageModel m = QwenImageModel.open(Golden.tinyModel(),
                EngineOptions.defaults().withMemoryMode(MemoryMode.OFFLOAD_TEXT_ENCODER))) {
            m.generate(REQUEST, StepListener.NONE, new CancellationToken());
            assertTrue(!m.probe().transformerBlocksEvicted(), "other modes keep the blocks for the next run");
        }
    }
}
