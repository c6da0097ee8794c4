package dev.seedframe.engine.qwenimage.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seedframe.engine.qwenimage.bench.FullSizeBench;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FlopCountTest {

    @Test
    void matchesTheSpecsFigureAt1024WithAShortPrompt() throws Exception {
        // docs/QWEN-IMAGE-SPEC.md H.1: 4096 image + 14 text tokens → 55.9 TFLOP linear + 12.5 attention = 68.3
        FlopCount f = FlopCount.forward(FullSizeBench.releasedConfig(), 4096, 14);
        assertEquals(55.9, f.blockLinear() / 1e12, 0.05);
        assertEquals(12.5, f.attention() / 1e12, 0.05);
        assertEquals(68.4, f.total() / 1e12, 0.1);
        assertEquals(0.017, f.other() / 1e12, 0.002);
    }

    @Test
    void theBundledConfigIsTheReleasedTransformer() throws Exception {
        TransformerConfig c = FullSizeBench.releasedConfig();
        assertEquals(60, c.numLayers());
        assertEquals(3072, c.innerDim());
        assertEquals(3584, c.jointAttentionDim());
        assertEquals(64, c.inChannels());
    }
}
