package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Instruction editing in the memory modes that offload: the vision tower is loaded for each encoding (after the
 * transformer's blocks left the device) and freed with it, and stream-blocks streams the text encoder's layers;
 * both give the resident model's pixels bit for bit, edit after edit.
 */
@Tag("slow")
class EditMemoryModesTest {

    static RgbImage[] twoEdits(MemoryMode mode, GenerationRequest req) throws Exception {
        EngineOptions o = new EngineOptions(DeviceChoice.cpu(), mode, Precision.F32);
        try (QwenImageModel model = QwenImageModel.open(Golden.tinyEditModel(), o)) {
            GenerationOutput first = model.generate(req, StepListener.NONE, new CancellationToken());
            assertEquals(mode.id(), first.environment().memoryMode());
            GenerationOutput second = model.generate(req.toBuilder().seed(req.seed() + 1).build(), StepListener.NONE,
                    new CancellationToken());
            return new RgbImage[] {first.image(), second.image()};
        }
    }

    @Test
    void offloadedAndStreamedEditsGiveTheResidentPixels() throws Exception {
        RgbImage input = ImageFiles.read(Golden.caseDir("edit").resolve("input.png")).image();
        GenerationRequest req = GenerationRequest.builder(PipelineKind.EDIT).prompt("make the sky green")
                .negativePrompt(" ").cfg(4).seed(3).steps(2).size(64, 64).conditionSize(64).images(List.of(input))
                .build();
        RgbImage[] resident = twoEdits(MemoryMode.RESIDENT, req);
        for (MemoryMode mode : List.of(MemoryMode.OFFLOAD_TEXT_ENCODER, MemoryMode.STREAM_BLOCKS)) {
            RgbImage[] other = twoEdits(mode, req);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(resident[i].rgb(), other[i].rgb(), mode.id() + ", edit " + (i + 1));
            }
        }
    }
}
