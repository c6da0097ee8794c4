package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.testing.Golden;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bf16 with the memory modes: streamed blocks are read in bf16 each time and give the very image of resident
 * bf16 weights; int8 (f32 activations) refuses bf16 with a message; a bf16 request through plain options
 * on the CPU computes and records float32.
 */
@Tag("slow")
class Bf16MemoryModesTest {

    private static final GenerationRequest REQUEST = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
            .prompt("a red circle on a blue background").negativePrompt(" ").cfg(4).seed(7).steps(2).size(64, 64)
            .build();

    private static RgbImage generate(EngineOptions options) throws Exception {
        try (QwenImageModel m = QwenImageModel.openHonouringPrecision(Golden.tinyModel(), options)) {
            assertEquals("bfloat16", m.environment().dtype());
            return m.generate(REQUEST, StepListener.NONE, new CancellationToken()).image();
        }
    }

    @Test
    void streamedBf16BlocksGiveTheImageOfResidentBf16Weights() throws Exception {
        EngineOptions bf16 = EngineOptions.defaults().withPrecision(Precision.BF16);
        RgbImage resident = generate(bf16);
        assertEquals(resident, generate(bf16.withMemoryMode(MemoryMode.STREAM_BLOCKS)));
        assertEquals(resident, generate(bf16.withMemoryMode(MemoryMode.OFFLOAD_TEXT_ENCODER)));
    }

    @Test
    void int8RefusesBf16WithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineOptions.defaults().withPrecision(Precision.BF16).withMemoryMode(MemoryMode.INT8));
        assertTrue(e.getMessage().contains("int8") && e.getMessage().contains("bf16"), e.getMessage());
    }

    @Test
    void aBf16RequestThroughOptionsOnTheCpuComputesFloat32() throws Exception {
        try (QwenImageModel m = QwenImageModel.open(Golden.tinyModel(),
                EngineOptions.defaults().withPrecision(Precision.BF16))) {
            assertEquals(Precision.F32, m.precision());
            assertEquals("float32", m.environment().dtype());
        }
    }
}
