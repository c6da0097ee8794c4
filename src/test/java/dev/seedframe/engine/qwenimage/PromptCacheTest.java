package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.qwenimage.QwenImageModel;
import dev.seedframe.testing.TinyModel;
import org.junit.jupiter.api.Test;

class PromptCacheTest {

    @Test
    void variantsOfOnePromptRunTheTextEncoderOnceAndGiveTheSamePixels() throws Exception {
        QwenImageModel m = TinyModel.get();
        GenerationRequest.Builder b = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
                .prompt("a prompt only this test uses " + System.nanoTime()).negativePrompt("blurry, test-only")
                .cfg(3).steps(2).size(32, 32);
        int[] before = m.probe().promptCacheStats();
        RgbImage first = m.generate(b.seed(1).build(), StepListener.NONE, new CancellationToken()).image();
        for (long seed = 2; seed <= 4; seed++) {
            m.generate(b.seed(seed).build(), StepListener.NONE, new CancellationToken());
        }
        RgbImage again = m.generate(b.seed(1).build(), StepListener.NONE, new CancellationToken()).image();
        int[] after = m.probe().promptCacheStats();
        assertEquals(2, after[1] - before[1], "encoded: the prompt and the negative prompt, once each");
        assertEquals(8, after[0] - before[0], "answered from the cache");
        assertEquals(first, again);
    }
}
