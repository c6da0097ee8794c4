package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.imaging.MaskEdits;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Planning full-resolution edits: the box around a mask, and the size the model works on it at. */
@Tag("unit")
class ContextBoxesTest {

    /** Qwen-Image's numbers: multiples of 16, 1024² budget, sides up to 4096. */
    static final ModelCapabilities QWEN = new ModelCapabilities(Set.of(PipelineKind.INPAINT), 16, 1, false, 1024, 4096);

    static Mask rect(int w, int h, int x, int y, int rw, int rh) {
        return MaskEdits.rectangle(Mask.empty(w, h), x, y, rw, rh, MaskEdits.Op.ADD);
    }

    @Test
    void aMasksBoundsAndDefaultContext() {
        Mask m = rect(3000, 2000, 1200, 800, 400, 300);
        assertArrayEquals(new int[] {1200, 800, 1600, 1100}, ContextBoxes.bounds(m));
        assertEquals(200, ContextBoxes.defaultContextPx(m), "half the larger side");
        assertEquals(64, ContextBoxes.defaultContextPx(rect(3000, 2000, 10, 10, 20, 20)), "at least 64");
        assertNull(ContextBoxes.bounds(Mask.empty(5, 5)));
    }

    @Test
    void aBoxWithinTheModelsRangeIsWorkedOnAtItsOwnPixelsGrownToMultiples() {
        Mask m = rect(3000, 2000, 1200, 800, 400, 300);
        ContextBox b = ContextBoxes.aroundMask(m, 200, QWEN);
        // 800×700 = 0.56 MP: within a quarter of the budget and the budget; grown to 800×704, centred
        assertEquals(new ContextBox(1000, 598, 800, 704, 800, 704), b);
        assertTrue(b.unscaled());
    }

    @Test
    void aBoxAtThePicturesEdgeGrowsInward() {
        ContextBox b = ContextBoxes.fit(2990 - 700, 1990 - 600, 700, 601, 3000, 2000, QWEN);
        assertEquals(704, b.width());
        assertEquals(608, b.height());
        assertTrue(b.x() + b.width() <= 3000 && b.y() + b.height() <= 2000, b.toString());
        assertTrue(b.x() <= 2290 && b.y() <= 1390, "it still holds the asked-for region: " + b);
    }

    @Test
    void aLargeBoxIsScaledDownToTheBudgetAndASmallOneUpToAQuarterOfIt() {
        ContextBox big = ContextBoxes.whole(6000, 4000, QWEN);
        assertEquals(1248, big.workWidth(), "6000×4000 at one megapixel: 1254×836, to multiples of 16");
        assertEquals(832, big.workHeight());
        ContextBox small = ContextBoxes.fit(0, 0, 100, 100, 3000, 2000, QWEN);
        assertEquals(512, small.workWidth());
        assertEquals(512, small.workHeight());
        assertEquals(100, small.width(), "a small box keeps its region; it is scaled, not grown");
    }

    @Test
    void aStripTooNarrowForTheModelIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContextBoxes.whole(8000, 8, QWEN));
        assertTrue(e.getMessage().startsWith("a 8000×8 region is too narrow for the model"), e.getMessage());
    }

    @Test
    void requestsArePlannedForEachMode() {
        RgbImage img = RgbImage.filled(1500, 1000, 1, 2, 3);
        Mask m = rect(1500, 1000, 600, 400, 200, 160);
        GenerationRequest inpaint = ContextBoxes.inpaint(GenerationRequest.builder(PipelineKind.INPAINT).prompt("x")
                .image(img).mask(m).build(), null, QWEN);
        assertEquals(1500, inpaint.width());
        assertEquals(1000, inpaint.height());
        assertTrue(inpaint.context().contains(600, 400) && inpaint.context().contains(799, 559));
        GenerationRequest i2i = ContextBoxes.img2img(GenerationRequest.builder(PipelineKind.IMAGE_TO_IMAGE)
                .prompt("x").image(img).build(), QWEN);
        assertEquals(new ContextBox(0, 0, 1500, 1000, 1248, 832), i2i.context());
        GenerationRequest out = ContextBoxes.outpaint(GenerationRequest.builder(PipelineKind.OUTPAINT).prompt("x")
                .image(img).outpaint(new Outpaint(0, 0, 333, 334)).build(), QWEN);
        assertEquals(1500, out.width());
        assertEquals(1667, out.height(), "the amounts are not rounded");
        assertTrue(ContextBoxes.fitsModel(1024, 1024, QWEN));
        assertTrue(!ContextBoxes.fitsModel(1500, 1000, QWEN) && !ContextBoxes.fitsModel(1040, 1040, QWEN));
    }
}
