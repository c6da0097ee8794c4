package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.imageops.MaskOps;
import dev.seedframe.engine.qwenimage.pipeline.QwenImagePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cutting, scaling and pasting of a full-resolution edit, with a stand-in for the pipeline (a test double that
 * paints its work image one colour and records what it was given); the real pipeline runs in
 * {@code FullResolutionCliTest}.
 */
@Tag("unit")
class FullResolutionTest {

    static RgbImage noise(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new Random(seed).nextBytes(px);
        return new RgbImage(w, h, px);
    }

    static Mask rect(int w, int h, int x0, int y0, int x1, int y1) {
        byte[] v = new byte[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                v[y * w + x] = (byte) 255;
            }
        }
        return new Mask(w, h, v);
    }

    /** A pipeline stand-in: paints the work image green, remembering the request and inputs it got. */
    static final class GreenPass implements FullResolution.Pass {
        final List<GenerationRequest> requests = new ArrayList<>();
        final List<RgbImage> sources = new ArrayList<>();
        final List<Mask> masks = new ArrayList<>();

        @Override
        public QwenImagePipeline.Run run(GenerationRequest work, RgbImage source, Mask mask) {
            requests.add(work);
            sources.add(source);
            masks.add(mask);
            return new QwenImagePipeline.Run(RgbImage.filled(work.width(), work.height(), 0, 255, 0), 2, 1, 2, 3);
        }
    }

    @Test
    void anInpaintIsCutScaledPastedAndKeepsEveryUnmaskedPixelAtAnySize() throws Exception {
        RgbImage img = noise(1501, 997, 1);
        Mask mask = rect(1501, 997, 700, 400, 800, 470);
        ContextBox box = new ContextBox(650, 350, 200, 170, 64, 56);
        GenerationRequest r = GenerationRequest.builder(PipelineKind.INPAINT).prompt("x").image(img).mask(mask)
                .featherPx(6).size(1501, 997).context(box).build();
        GreenPass pass = new GreenPass();
        List<Note> notes = new ArrayList<>();
        FullResolution.Result res = FullResolution.run(r, img, mask, pass, notes);
        RgbImage out = res.run().image();
        assertEquals(1501, out.width());
        assertEquals(997, out.height());
        GenerationRequest work = pass.requests.get(0);
        assertEquals(64, work.width());
        assertEquals(56, work.height());
        assertNull(work.context(), "the pipeline sees an ordinary request at its work size");
        assertEquals(64, pass.sources.get(0).width());
        assertEquals(56, pass.masks.get(0).height());
        long kept = 0;
        for (int y = 0; y < 997; y++) {
            for (int x = 0; x < 1501; x++) {
                if (mask.at(x, y) == 0) {
                    assertEquals(img.rgbAt(x, y), out.rgbAt(x, y), "unmasked pixel " + x + "," + y);
                    kept++;
                }
            }
        }
        assertEquals(kept, res.preservation().pixelsKept());
        assertTrue(res.preservation().identical());
        assertEquals(0x00FF00, out.rgbAt(750, 435), "inside the feather, the edit's pixels");
        assertTrue(out.rgbAt(700, 435) != 0x00FF00 && out.rgbAt(700, 435) != img.rgbAt(700, 435),
                "on the mask's edge, a blend");
        assertEquals(Note.of(NoteCode.CONTEXT_WORKED, 200, 170, 650, 350, 64, 56, 1501, 997),
                notes.get(0));
        assertTrue(notes.get(1).english().startsWith("Unmasked region unchanged: " + kept + " pixels"), notes.get(1).english());
        LayerPixels layer = res.changed();
        assertEquals(700, layer.x());
        assertEquals(400, layer.y());
        assertEquals(100, layer.width(), "the layer holds only the masked region");
        assertEquals(70, layer.height());
        assertEquals(255, layer.alphaAt(50, 35));
        assertTrue(layer.alphaAt(0, 35) < 255, "its alpha is the feathered mask");
    }

    @Test
    void theFeatherSeesKeptPixelsJustOutsideTheBox() throws Exception {
        // the mask reaches the box's edge, where the image goes on: its ramp must fall there as on the full image
        RgbImage img = noise(300, 200, 2);
        Mask mask = rect(300, 200, 100, 50, 200, 150);
        ContextBox tight = new ContextBox(100, 50, 100, 100, 96, 96);
        GenerationRequest r = GenerationRequest.builder(PipelineKind.INPAINT).prompt("x").image(img).mask(mask)
                .featherPx(10).size(300, 200).context(tight).build();
        RgbImage out = FullResolution.run(r, img, mask, new GreenPass(), new ArrayList<>()).run().image();
        float[] full = MaskOps.compositeAlpha(mask, 10);
        MaskOps.Composite expected = MaskOps.composite(img, greenBox(img, tight), full);
        assertEquals(expected.image(), out, "the same blend as the whole-image composite");
    }

    /** {@code img} with the stand-in's green in the box: the edit's own pixels, before the blend. */
    private static RgbImage greenBox(RgbImage img, ContextBox box) {
        return FullResolution.paste(img, FullResolution.crop(
                RgbImage.filled(img.width(), img.height(), 0, 255, 0), box), box.x(), box.y());
    }

    @Test
    void anUnscaledBoxIsNotResampled() throws Exception {
        RgbImage img = noise(100, 80, 3);
        Mask mask = rect(100, 80, 20, 20, 40, 40);
        ContextBox box = new ContextBox(8, 8, 48, 40, 48, 40);
        GenerationRequest r = GenerationRequest.builder(PipelineKind.INPAINT).prompt("x").image(img).mask(mask)
                .size(100, 80).context(box).build();
        GreenPass pass = new GreenPass();
        List<Note> notes = new ArrayList<>();
        FullResolution.run(r, img, mask, pass, notes);
        assertEquals(FullResolution.crop(img, box), pass.sources.get(0), "the model gets the box's own pixels");
        assertEquals(Note.of(NoteCode.CONTEXT_UNSCALED, 48, 40, 8, 8, 100, 80), notes.get(0));
    }

    @Test
    void anImg2imgBoxIsPastedWholeAndScaledBackToTheImagesSize() throws Exception {
        RgbImage img = noise(150, 90, 4);
        ContextBox whole = new ContextBox(0, 0, 150, 90, 64, 40);
        GenerationRequest r = GenerationRequest.builder(PipelineKind.IMAGE_TO_IMAGE).prompt("x").image(img)
                .size(150, 90).context(whole).build();
        FullResolution.Result res = FullResolution.run(r, img, null, new GreenPass(), new ArrayList<>());
        assertEquals(RgbImage.filled(150, 90, 0, 255, 0), res.run().image());
        assertNull(res.preservation());
        assertNotNull(res.changed());
        assertNull(res.changed().alpha(), "an opaque layer");
    }

    @Test
    void contextRequestsAreCheckedWithClearMessages() {
        RgbImage img = noise(120, 80, 5);
        Mask mask = rect(120, 80, 10, 10, 30, 30);
        GenerationRequest ok = GenerationRequest.builder(PipelineKind.INPAINT).prompt("x").image(img).mask(mask)
                .size(120, 80).context(new ContextBox(0, 0, 64, 64, 64, 64)).build();
        assertThrows(InvalidRequestException.class, () -> FullResolution.validate(ok.toBuilder().raw(true).build(), 8,
                4096));
        InvalidRequestException outside = assertThrows(InvalidRequestException.class, () -> FullResolution.validate(
                ok.toBuilder().context(new ContextBox(20, 20, 64, 48, 64, 48)).build(), 8, 4096));
        assertEquals("The context box 64×48 at 20,20 must hold the whole mask, but the mask is painted at 10,10,"
                + " outside it", outside.getMessage());
        InvalidRequestException beyond = assertThrows(InvalidRequestException.class, () -> FullResolution.validate(
                ok.toBuilder().context(new ContextBox(100, 0, 64, 64, 64, 64)).build(), 8, 4096));
        assertEquals("The context box 64×64 at 100,0 reaches outside the 120×80 image", beyond.getMessage());
        InvalidRequestException work = assertThrows(InvalidRequestException.class, () -> FullResolution.validate(
                ok.toBuilder().context(new ContextBox(0, 0, 64, 64, 60, 64)).build(), 8, 4096));
        assertEquals("The context box's work width must be a multiple of 8 between 8 and 4096 pixels, got 60",
                work.getMessage());
        InvalidRequestException size = assertThrows(InvalidRequestException.class, () -> FullResolution.validate(
                ok.toBuilder().size(128, 80).build(), 8, 4096));
        assertEquals("With a context box the output keeps the input image's size, 120×80, but the request asks for"
                + " 128×80", size.getMessage());
    }
}
