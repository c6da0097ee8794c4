package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.Failure;
import dev.seedframe.service.ReplayReport;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Running without a window: requests go to the port on the engine executor, results come back to the panels. */
@Tag("unit")
class RunViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor engine = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, Runnable::run, engine);
    private final SimpleObjectProperty<RgbImage> shown = new SimpleObjectProperty<>();
    /** Where the form inspects a chosen model (the other work runs on the calling thread, or {@link #engine}). */
    private final QueuedExecutor io = new QueuedExecutor();
    private final GenerationFormViewModel form = new GenerationFormViewModel(studio, feedback, shown,
            new UiExecutors(Runnable::run, io, engine));
    private final CanvasViewModel canvas = new CanvasViewModel(form.modeProperty());
    private final HistoryViewModel history = new HistoryViewModel(studio, studio, feedback, executors, form, canvas);
    private final RunViewModel run = new RunViewModel(studio, feedback, executors, form, canvas, history);

    RunViewModelTest() {
        shown.bind(canvas.imageProperty());
        canvas.contextBox().modelProperty().bind(form.modelProperty());
        form.setModel(FakeStudio.MODEL);
        form.promptProperty().set("a lighthouse");
        form.seedTextProperty().set("7");
    }

    @Test
    void noRunStartsWhileAModelChosenInThePickerIsBeingChecked() {
        assertTrue(run.canGenerate().get());
        boolean[] changed = {false};
        assertTrue(form.chooseModel(dev.seedframe.service.ModelChoice.folder(FakeStudio.EDIT_MODEL),
                ok -> changed[0] = ok));
        assertTrue(form.modelPendingProperty().get());
        assertFalse(run.canGenerate().get(), "the form's model is about to change");
        assertEquals(FakeStudio.MODEL, form.modelProperty().get().folder(), "the current model stays meanwhile");
        assertFalse(form.chooseModel(dev.seedframe.service.ModelChoice.folder(FakeStudio.MODEL), ok -> { }),
                "one check at a time");
        io.runAll();
        assertTrue(changed[0]);
        assertFalse(form.modelPendingProperty().get());
        assertEquals(FakeStudio.EDIT_MODEL, form.modelProperty().get().folder());
        assertTrue(run.canGenerate().get());
    }

    @Test
    void aGenerationRunsOnTheEngineExecutorAndItsResultIsShownAndSaid() {
        studio.notes = List.of(Note.of(NoteCode.CFG_OFF, 4.0));
        assertTrue(run.canGenerate().get());
        run.generate();
        assertTrue(run.isRunning());
        assertFalse(run.canGenerate().get(), "one run at a time");
        assertEquals(List.of(), studio.calls.stream().filter(c -> c.startsWith("generate")).toList(),
                "nothing runs on the UI thread");
        engine.runAll();
        assertFalse(run.isRunning());
        assertEquals(List.of("generate seed 7 parent null"),
                studio.calls.stream().filter(c -> c.startsWith("generate")).toList());
        GenerationSummary made = history.history().get(0);
        assertEquals(made.id(), history.selectedId());
        assertEquals(7, made.seed());
        assertNotNull(canvas.image());
        assertNull(canvas.previewProperty().get(), "the preview gives way to the result");
        assertEquals("Saved #1 to the project (0.0 s) · True CFG is off: a CFG scale of 4.0 needs a negative prompt"
                + " (\" \" is enough), as in diffusers.", feedback.statusProperty().get());
        assertEquals(List.of("a lighthouse"), form.promptHistory());
    }

    @Test
    void variantsRunOneAfterTheOtherAndAreOfferedAsTiles() {
        form.variantsProperty().set(3);
        run.generate();
        engine.runAll();
        assertEquals(List.of(7L, 8L, 9L), history.variantResults().stream().map(GenerationSummary::seed).toList());
    }

    @Test
    void anEditContinuesFromTheImageTheCanvasShowsAndAnInpaintOutlinesItsMaskOnTheResult() {
        GenerationRecord base = studio.add(FakeStudio.t2i("base", 3, 64, 64), null);
        history.reload();
        history.select(base.id());
        form.modeProperty().set(Mode.INPAINT);
        canvas.mask().dab(10, 10, 5, 1, false);
        canvas.maskChanged();
        run.generate();
        engine.runAll();
        assertTrue(studio.calls.contains("generate seed 3 parent " + base.id()), studio.calls.toString());
        assertEquals(2, history.layers().rows().size(), "the edit's layer, recorded with it, is shown over its source");
        assertTrue(canvas.maskOutlinedProperty().get(), "the mask stays visible, as an outline over the result");
        assertFalse(canvas.mask().isEmpty(), "and it is kept");
        GenerationRequest ran = studio.project().records.get(2L).request();
        assertEquals(canvas.contextBox().box(), ran.context(), "the request carries the box the canvas shows");
        assertEquals(64, ran.width(), "the output keeps the picture's size");
    }

    /** An inpaint, then a choice; returns the result's id. */
    private long inpaintOfABase() {
        GenerationRecord base = studio.add(FakeStudio.t2i("base", 3, 64, 64), null);
        history.reload();
        history.select(base.id());
        form.modeProperty().set(Mode.INPAINT);
        canvas.rectangle(8, 8, 24, 20, false);
        run.generate();
        engine.runAll();
        return history.selectedId();
    }

    @Test
    void afterAnInpaintThePlainRunAsksForTheChoiceInsteadOfReusingTheMaskOnTheResult() {
        long result = inpaintOfABase();
        RunViewModel.FollowUp f = run.followUpProperty().get();
        assertEquals(new RunViewModel.FollowUp(1, result, f.request(), 4), f);
        int runs = studio.calls.size();
        run.generate();
        assertEquals(0, engine.size(), "nothing runs");
        assertEquals(runs, studio.calls.size());
        assertEquals("Choose the next run: Try again from the same parent, or Continue from the result.",
                feedback.statusProperty().get());
    }

    @Test
    void tryingAgainMakesASiblingFromTheSameParentWithTheSameMaskAndTheNextSeed() {
        long first = inpaintOfABase();
        MaskModel mask = canvas.mask();
        RgbImage parentPixels = studio.project().records.get(1L).output();
        run.tryAgain();
        engine.runAll();
        assertTrue(studio.calls.contains("generate seed 4 parent 1"), studio.calls.toString());
        long second = history.selectedId();
        assertEquals(1L, history.summary(second).parentId(), "a sibling of the first result");
        GenerationRequest r = studio.project().records.get(second).request();
        assertEquals(parentPixels, r.images().get(0), "it works on the parent's pixels, not the result's");
        assertEquals(mask.toMask(), r.mask());
        assertEquals("4", form.seedTextProperty().get(), "the seed it ran with is shown");
        assertEquals(new RunViewModel.FollowUp(1, second, r, 5), run.followUpProperty().get(),
                "and the choice is offered again");
        assertTrue(first != second);
    }

    @Test
    void continuingMakesTheResultTheBaseClearsTheMaskUndoablyAndTheNextInpaintStacksOnIt() {
        long result = inpaintOfABase();
        run.continueFromResult();
        assertNull(run.followUpProperty().get());
        assertTrue(canvas.mask().isEmpty(), "the next region is painted anew");
        canvas.undoMask();
        assertFalse(canvas.mask().isEmpty(), "one undo brings the mask back");
        assertEquals("Continuing from #2: paint the next region on it.", feedback.statusProperty().get());
        canvas.maskChanged();
        run.generate();
        engine.runAll();
        assertTrue(studio.calls.contains("generate seed 3 parent " + result), studio.calls.toString());
    }

    @Test
    void theChoiceEndsWhenAnotherNodeIsShownOrTheModeChanges() {
        inpaintOfABase();
        history.select(1L);
        assertNull(run.followUpProperty().get(), "the parent shown: a plain inpaint works on it, mask in view");
        inpaintOfABase();
        form.modeProperty().set(Mode.IMG2IMG);
        assertNull(run.followUpProperty().get());
    }

    @Test
    void aRefusedRequestIsSaidAndNothingRuns() {
        form.promptProperty().set("");
        run.generate();
        assertFalse(run.isRunning());
        assertEquals(0, engine.size());
        assertEquals("Cannot run this: Type a prompt first.", feedback.errorProperty().get());
    }

    @Test
    void cancellingStopsTheRunAndSaysSoAndAFailureGoesToTheBanner() {
        run.generate();
        run.cancel();
        assertEquals("Cancelling…", run.progressTextProperty().get());
        engine.runAll();
        assertFalse(run.isRunning());
        assertTrue(feedback.statusProperty().get().startsWith("Cancelled; nothing was recorded."),
                feedback.statusProperty().get());
        assertTrue(history.history().isEmpty());

        studio.nextFailure = new Failure(Failure.Kind.OUT_OF_MEMORY, "Out of memory on cpu", null);
        run.generate();
        engine.runAll();
        assertEquals("Out of memory: Out of memory on cpu", feedback.errorProperty().get());
    }

    @Test
    void replayingTheSelectedNodeReportsTheVerdictAndRecordsNothing() {
        GenerationRecord node = studio.add(FakeStudio.t2i("n", 1, 64, 64), null);
        history.reload();
        history.select(node.id());
        run.replaySelected();
        assertTrue(run.isRunning());
        engine.runAll();
        assertEquals(ReplayReport.Verdict.IDENTICAL, run.lastReplayProperty().get().verdict());
        assertEquals("Replayed #1 identical pixels", feedback.statusProperty().get());
        assertEquals(1, history.history().size());
    }
}
