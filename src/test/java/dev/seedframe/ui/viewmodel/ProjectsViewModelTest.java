package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The File menu without a window: switching projects off the UI thread, and what is shown after. */
@Tag("unit")
class ProjectsViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor io = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, io, Runnable::run);
    private final GenerationFormViewModel form = new GenerationFormViewModel(studio, feedback,
            new SimpleObjectProperty<>());
    private final CanvasViewModel canvas = new CanvasViewModel(form.modeProperty());
    private final HistoryViewModel history = new HistoryViewModel(studio, studio, feedback, executors, form, canvas);
    private boolean busy;
    private final ProjectsViewModel projects = new ProjectsViewModel(studio, studio, feedback, executors, history,
            () -> busy);

    @Test
    void openingAProjectShowsItsNewestNodeWithItsSettings() {
        Path other = Path.of("other.seedframe");
        studio.files.put(other, new FakeStudio.Project());
        studio.open = other;
        studio.add(FakeStudio.t2i("older", 5, 64, 64), null);
        GenerationRecord newest = studio.add(FakeStudio.t2i("newest", 9, 72, 48), null);
        studio.open = Path.of("first.seedframe");
        projects.start();
        io.runAll();
        assertEquals("Seedframe — first.seedframe", projects.titleProperty().get());
        form.seedTextProperty().set("42");

        projects.openProject(other);
        assertEquals(Path.of("first.seedframe"), studio.open, "the switch happens off the UI thread");
        io.runAll();
        assertEquals("Seedframe — other.seedframe", projects.titleProperty().get());
        assertEquals(newest.id(), history.selectedId());
        assertEquals(newest.output(), canvas.image());
        assertEquals("9", form.seedTextProperty().get(), "not the 42 of the other project's form");
        assertEquals("newest", form.promptProperty().get());
        assertEquals(List.of(Path.of("first.seedframe"), other), projects.recentProjects());
    }

    @Test
    void aProjectThatCannotOpenIsSaidAndTheOpenOneStays() {
        projects.start();
        io.runAll();
        projects.openProject(Path.of("corrupt.seedframe"));
        io.runAll();
        assertEquals("Project problem: corrupt.seedframe is not a Seedframe project", feedback.errorProperty().get());
        assertEquals("Seedframe — first.seedframe", projects.titleProperty().get());
    }

    @Test
    void noSwitchWhileAGenerationRunsAndANewProjectIsEmpty() {
        projects.start();
        io.runAll();
        busy = true;
        projects.newProject(Path.of("new.seedframe"));
        assertEquals(0, io.size());
        assertTrue(feedback.errorProperty().get().startsWith("Wait for the generation"), feedback.errorProperty().get());
        busy = false;
        projects.newProject(Path.of("new.seedframe"));
        io.runAll();
        assertEquals("Seedframe — new.seedframe", projects.titleProperty().get());
        assertTrue(history.history().isEmpty());
        assertNull(history.selectedId());
    }

    @Test
    void theSelectedNodeIsExportedOffTheUiThread() {
        GenerationRecord node = studio.add(FakeStudio.t2i("n", 1, 64, 64), null);
        projects.start();
        io.runAll();
        projects.exportSelected(Path.of("out.png"));
        assertEquals(1, io.size());
        io.runAll();
        assertTrue(studio.calls.contains("export " + node.id() + " out.png"));
        assertEquals("Exported out.png", feedback.statusProperty().get());
    }
}
