package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.qwenimage.pipeline.PipelineTrace;
import dev.seedframe.service.MemoryProbe;
import dev.seedframe.testing.TinyModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Native memory stays flat across denoising steps and across generations. */
@Tag("slow")
class NativeMemoryTest {

    @Test
    void liveArraysAndResidentMemoryStayFlatOverManySteps() throws Exception {
        QwenImageModel model = TinyModel.get();
        GenerationRequest req = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
                .prompt("memory").negativePrompt(" ").cfg(4).seed(1).steps(40).size(64, 64).build();
        List<Integer> arrays = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        PipelineTrace counting = (name, value) -> {
            if (name.endsWith(".latents") && name.startsWith("step")) {
                arrays.add(value.getManager().getManagedArrays().size());
                rss.add(MemoryProbe.rssBytes());
            }
        };
        model.generate(req.toBuilder().steps(3).build(), StepListener.NONE, new CancellationToken(), counting); // warm-up
        int rootBefore = model.probe().managerArrayCount();
        arrays.clear();
        rss.clear();
        model.generate(req, StepListener.NONE, new CancellationToken(), counting);
        assertEquals(40, arrays.size());
        // the same number of live arrays after every step: nothing accumulates
        assertEquals(arrays.get(1), arrays.get(arrays.size() - 1), "live arrays per step: " + arrays);
        assertEquals(rootBefore, model.probe().managerArrayCount(), "arrays left on the model's manager");
        if (rss.get(0) > 0) {
            long growth = rss.get(rss.size() - 1) - rss.get(5);
            assertTrue(growth < 32L * 1024 * 1024, "resident memory grew by " + growth / 1024 + " KiB over 35 steps");
        }
    }
}
