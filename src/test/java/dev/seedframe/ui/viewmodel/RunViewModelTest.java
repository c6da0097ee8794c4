package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
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
    private final GenerationFormViewModel form = new GenerationFormViewModel(studio, feedback, shown);
    private final CanvasViewModel canvas = new CanvasViewModel(form.modeProperty());
    private final HistoryViewModel history = new HistoryViewModel(studio, studio, feedback, executors, form, canvas);
    private final RunViewModel run = new RunViewModel(studio, feedback, executors, form, canvas, history);

    RunViewModelTest() {
        shown.bind(canvas.imageProperty());
        form.setModel(FakeStudio.MODEL);
        form.promptProperty().set("a lighthouse");
        form.seedTextProperty().set("7");
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
    void anEditContinuesFromTheImageTheCanvasShowsAndAnInpaintHidesItsMask() {
        GenerationRecord base = studio.add(FakeStudio.t2i("base", 3, 64, 64), null);
        history.reload();
        history.select(base.id());
        form.modeProperty().set(Mode.INPAINT);
        canvas.mask().dab(10, 10, 5, 1, false);
        run.generate();
        engine.runAll();
        assertTrue(studio.calls.contains("generate seed 3 parent " + base.id()), studio.calls.toString());
        assertEquals(2, history.layers().rows().size(), "the edit's layer, recorded with it, is shown over its source");
        assertFalse(canvas.maskShownProperty().get(), "the result is shown without the mask over it");
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
