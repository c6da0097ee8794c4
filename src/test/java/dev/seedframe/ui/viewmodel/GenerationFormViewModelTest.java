package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.Failure;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The generation form without a window: validation, restoring a node, the requests it describes. */
@Tag("unit")
class GenerationFormViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final SimpleObjectProperty<RgbImage> shown = new SimpleObjectProperty<>();
    private final GenerationFormViewModel form = new GenerationFormViewModel(studio, feedback, shown);

    GenerationFormViewModelTest() {
        form.setModel(FakeStudio.MODEL);
        form.promptProperty().set("a lighthouse");
    }

    @Test
    void theModelSetsTheSuggestedSizeAndStepsAndAnUnusableFolderIsSaidAndKept() {
        assertEquals(64, form.widthProperty().get(), "the tiny model's small suggested size");
        assertEquals(8, form.stepsProperty().get());
        studio.nextFailure = new Failure(Failure.Kind.MODEL, "no model_index.json", null);
        assertEquals(false, form.setModel(java.nio.file.Path.of("empty")));
        assertEquals("The model cannot be used: no model_index.json", feedback.errorProperty().get());
        assertEquals(FakeStudio.MODEL, form.modelProperty().get().folder(), "the working model stays");
    }

    @Test
    void sizesAndSeedsAreCheckedAsTheyAreTyped() {
        form.widthProperty().set(70);
        assertEquals("Width and height must be multiples of 8 for this model (nearest: 72 × 64).",
                form.sizeErrorProperty().get());
        assertEquals(SizePreset.CUSTOM, form.sizePresetProperty().get());
        form.widthProperty().set(1664);
        form.heightProperty().set(928);
        assertEquals(SizePreset.QWEN_IMAGE.get(1), form.sizePresetProperty().get(), "a preset's size selects it");
        assertEquals("", form.sizeErrorProperty().get());
        form.seedTextProperty().set("-3");
        assertTrue(form.seedErrorProperty().get().startsWith("The seed must be a whole number"));
        form.seedTextProperty().set("9223372036854775807");
        assertEquals("", form.seedErrorProperty().get());
    }

    @Test
    void variantsAreOneRequestPerSeedAndIncrementMovesPastThem() throws Exception {
        form.seedTextProperty().set("40");
        form.variantsProperty().set(3);
        List<GenerationRequest> r = form.requests(null, null);
        assertEquals(List.of(40L, 41L, 42L), r.stream().map(GenerationRequest::seed).toList());
        assertEquals(PipelineKind.TEXT_TO_IMAGE, r.get(0).kind());
        form.seedModeProperty().set(SeedMode.INCREMENT);
        form.batchFinished(3);
        assertEquals("43", form.seedTextProperty().get());
        form.seedModeProperty().set(SeedMode.RANDOM);
        form.requests(null, null);
        assertNotEquals("43", form.seedTextProperty().get(), "random mode draws a new seed, shown in the field");
    }

    @Test
    void whatCannotRunIsRefusedInWordsBeforeAnythingRuns() {
        form.promptProperty().set(" ");
        assertEquals("Type a prompt first.", assertThrows(Failure.class, () -> form.requests(null, null)).getMessage());
        form.promptProperty().set("x");
        form.modeProperty().set(Mode.INPAINT);
        assertEquals("Generate or select an image first.",
                assertThrows(Failure.class, () -> form.requests(null, null)).getMessage());
        shown.set(RgbImage.filled(64, 48, 1, 2, 3));
        Failure noMask = assertThrows(Failure.class, () -> form.requests(new MaskModel(64, 48), null));
        assertEquals(Failure.Kind.INVALID_INPUT, noMask.kind());
        assertTrue(noMask.getMessage().startsWith("Paint a mask"), noMask.getMessage());
        form.modeProperty().set(Mode.EDIT);
        assertTrue(assertThrows(Failure.class, () -> form.requests(null, null)).getMessage().contains("Qwen-Image-Edit"));
    }

    @Test
    void anEditWorksOnTheImageTheCanvasShows() throws Exception {
        RgbImage src = RgbImage.filled(64, 48, 1, 2, 3);
        shown.set(src);
        form.modeProperty().set(Mode.INPAINT);
        assertEquals(1.0, form.strengthProperty().get(), "inpaint repaints fully by default");
        MaskModel mask = new MaskModel(64, 48);
        mask.dab(10, 10, 4, 1, false);
        ContextBox box = boxAround(mask, 64, 48);
        GenerationRequest r = form.requests(mask, box).get(0);
        assertEquals(src, r.images().get(0));
        assertEquals(mask.toMask(), r.mask());
        assertEquals(64, r.width());
        assertEquals(box, r.context(), "the context box the canvas shows");

        form.outpaint().toAspect(9, 16);
        assertEquals(Mode.OUTPAINT, form.modeProperty().get());
        assertEquals(0, form.outpaint().leftProperty().get());
        assertTrue(form.outpaint().topProperty().get() > 0 && form.outpaint().bottomProperty().get() > 0);
        GenerationRequest out = form.requests(null, null).get(0);
        assertEquals(new Outpaint(0, 0, form.outpaint().topProperty().get(), form.outpaint().bottomProperty().get()), out.outpaint());
        assertEquals(0, out.height() % 8, "the canvas is rounded to the model's multiple");
        assertTrue(out.height() > out.width());
    }

    /** The context box the canvas would show around {@code mask} on a {@code w × h} picture. */
    private ContextBox boxAround(MaskModel mask, int w, int h) {
        ContextBoxModel cb = new ContextBoxModel();
        cb.modelProperty().bind(form.modelProperty());
        cb.imageChanged(w, h);
        cb.maskChanged(mask.bounds());
        return cb.box();
    }

    @Test
    void anInpaintOfAPictureOfAnySizeKeepsItsSizeAndCarriesItsContextBox() throws Exception {
        RgbImage big = RgbImage.filled(3000, 2000, 9, 9, 9); // not a multiple of 16, far beyond the area budget
        shown.set(big);
        form.modeProperty().set(Mode.INPAINT);
        MaskModel mask = new MaskModel(3000, 2000);
        mask.rectangle(1400, 900, 1460, 940, false);
        ContextBox box = boxAround(mask, 3000, 2000);
        GenerationRequest r = form.requests(mask, box).get(0);
        assertEquals(3000, r.width());
        assertEquals(2000, r.height());
        assertEquals(box, r.context());
        assertTrue(box.x() <= 1400 && box.x() + box.width() >= 1460, box.toString());
        assertEquals("The region to repaint with its context is too narrow for the model: widen the context box or"
                + " give more context.", assertThrows(Failure.class, () -> form.requests(mask, null)).getMessage());
    }

    @Test
    void img2imgAndOutpaintOfAPictureTheModelCannotTakeWholeWorkAtFullResolution() throws Exception {
        RgbImage odd = RgbImage.filled(100, 60, 9, 9, 9);
        shown.set(odd);
        form.modeProperty().set(Mode.IMG2IMG);
        GenerationRequest i2i = form.requests(null, null).get(0);
        assertEquals(100, i2i.width(), "the picture's size, not refused for not being a multiple");
        assertEquals(new ContextBox(0, 0, 100, 60, i2i.context().workWidth(), i2i.context().workHeight()),
                i2i.context());

        RgbImage large = RgbImage.filled(200, 120, 9, 9, 9); // beyond the fake model's 128² budget
        shown.set(large);
        form.modeProperty().set(Mode.OUTPAINT);
        form.outpaint().topProperty().set(21);
        assertEquals(new Outpaint(0, 0, 21, 0), form.outpaint().extentsProperty().get(), "not rounded");
        GenerationRequest out = form.requests(null, null).get(0);
        assertEquals(141, out.height(), "the picture plus the amount asked for");
        assertEquals(0, out.context().y());
    }

    @Test
    void theOutpaintPreviewFollowsTheAmountsAsTheyWillRun() {
        assertEquals(null, form.outpaint().extentsProperty().get(), "nothing to show outside Outpaint mode");
        shown.set(RgbImage.filled(64, 48, 1, 2, 3));
        form.modeProperty().set(Mode.OUTPAINT);
        assertEquals(null, form.outpaint().extentsProperty().get(), "nor with nothing to add");
        form.outpaint().leftProperty().set(10);
        assertEquals(new Outpaint(16, 0, 0, 0), form.outpaint().extentsProperty().get(),
                "rounded to the model's multiple, as the run will be");
        form.outpaint().bottomProperty().set(8);
        assertEquals(new Outpaint(16, 0, 0, 8), form.outpaint().extentsProperty().get());
        form.modeProperty().set(Mode.INPAINT);
        assertEquals(null, form.outpaint().extentsProperty().get());
        form.modeProperty().set(Mode.OUTPAINT);
        assertEquals(new Outpaint(16, 0, 0, 8), form.outpaint().extentsProperty().get());
        form.batchFinished(1);
        assertEquals(null, form.outpaint().extentsProperty().get(), "the outpaint ran: its amounts are in the image now");
        form.outpaint().topProperty().set(8);
        assertEquals(new Outpaint(16, 0, 8, 8), form.outpaint().extentsProperty().get(), "new amounts show again");
        form.restore(GenerationRequest.builder(PipelineKind.OUTPAINT).prompt("p").seed(1).steps(2).size(80, 64)
                .outpaint(new Outpaint(16, 0, 0, 16)).build());
        assertEquals(null, form.outpaint().extentsProperty().get(), "a restored node's amounts made the image shown");
    }

    @Test
    void restoringKeepsTheModeWhenAskedTo() {
        form.modeProperty().set(Mode.INPAINT);
        form.restore(GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("tile").seed(5).steps(3)
                .size(64, 64).build(), true, null);
        assertEquals(Mode.INPAINT, form.modeProperty().get());
        assertEquals("5", form.seedTextProperty().get());
    }

    @Test
    void restoringANodeFillsEverySetting() {
        GenerationRequest r = GenerationRequest.builder(PipelineKind.OUTPAINT).prompt("more sea").negativePrompt(null)
                .seed(9).steps(3).cfg(2.5).size(96, 64).strength(0.7).featherPx(5)
                .outpaint(new Outpaint(16, 0, 0, 0)).build();
        form.restore(r);
        assertEquals("more sea", form.promptProperty().get());
        assertEquals("", form.negativePromptProperty().get());
        assertEquals("9", form.seedTextProperty().get());
        assertEquals(3, form.stepsProperty().get());
        assertEquals(2.5, form.cfgProperty().get());
        assertEquals(Mode.OUTPAINT, form.modeProperty().get());
        assertEquals(0.7, form.strengthProperty().get(), "restored, not the mode's default");
        assertEquals(5, form.featherProperty().get());
        assertEquals(16, form.outpaint().leftProperty().get());
        assertEquals(96, form.widthProperty().get());
        assertEquals(SizePreset.CUSTOM, form.sizePresetProperty().get());
    }

    @Test
    void thePromptMenuHasTheHistorysPromptsNewestFirstThenTheTypedOnes() {
        form.promptProperty().set("typed only");
        form.rememberPrompt();
        form.historyChanged(List.of(summary(1, "old"), summary(2, "new"), summary(3, "new")));
        assertEquals(List.of("new", "old", "typed only"), form.promptHistory());
    }

    private static dev.seedframe.domain.GenerationSummary summary(long id, String prompt) {
        return new dev.seedframe.domain.GenerationSummary(id, null, java.time.Instant.EPOCH, PipelineKind.TEXT_TO_IMAGE,
                id, prompt, 64, 64, "s" + id, false);
    }
}
