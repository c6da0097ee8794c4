package dev.seedframe.ui.viewmodel;

import dev.seedframe.service.Failure;
import dev.seedframe.service.StudioHistory;
import dev.seedframe.service.StudioProjects;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The File menu: the open project (in the title), new, open, save as, recent projects, export of the selected node.
 * Switching projects happens off the UI thread; the newest node of the project opened is then shown with its
 * settings.
 */
public final class ProjectsViewModel {

    /** A project operation that may fail. */
    private interface Switch {
        void run() throws Failure;
    }

    private final StudioProjects port;
    private final StudioHistory files;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final HistoryViewModel history;
    private final BooleanSupplier busy;

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Seedframe");
    private final ObservableList<Path> recentProjects = FXCollections.observableArrayList();

    /**
     * @param files exports the selected node
     * @param busy whether a generation runs (the project cannot change under it)
     */
    public ProjectsViewModel(StudioProjects port, StudioHistory files, Feedback feedback, UiExecutors executors,
            HistoryViewModel history, BooleanSupplier busy) {
        this.port = port;
        this.files = files;
        this.feedback = feedback;
        this.executors = executors;
        this.history = history;
        this.busy = busy;
    }

    /** Opens the start-up project (the most recent one, else the default); a failure is shown, never thrown. */
    void start() {
        try {
            Optional<String> note = port.openStartupProject();
            note.ifPresent(n -> feedback.error(feedback.t("error.startupProject") + " " + n));
        } catch (Failure f) {
            feedback.showFailure(f);
        }
        projectChanged();
    }

    public void newProject(Path file) {
        switchTo(() -> port.create(file));
    }

    public void openProject(Path file) {
        switchTo(() -> port.open(file));
    }

    public void saveProjectAs(Path file) {
        switchTo(() -> port.saveAs(file));
    }

    private void switchTo(Switch s) {
        if (busy.getAsBoolean()) {
            feedback.error(feedback.t("error.busy"));
            return;
        }
        Set<Long> deleted = history.takeTrash(); // the nodes deleted in the project left leave it for good
        executors.io(() -> {
            history.deleteForGood(deleted);
            s.run();
            return null;
        }, none -> projectChanged(), f -> {
            feedback.showFailure(f);
            history.reload();
        });
    }

    private void projectChanged() {
        Path p = port.projectPath();
        title.set(p == null ? "Seedframe" : "Seedframe — " + p.getFileName());
        recentProjects.setAll(port.recentProjects());
        feedback.status(""); // a message about the previous project would mislead
        history.showNewest();
    }

    /** Writes the selected node's PNG, with its settings embedded. */
    public void exportSelected(Path file) {
        Long id = history.selectedId();
        if (id != null) {
            export(id, file);
        }
    }

    /** Writes node {@code id}'s PNG, with its settings embedded. */
    public void export(long id, Path file) {
        executors.io(() -> {
            files.export(id, file);
            return null;
        }, none -> feedback.status(feedback.f("status.exported", file.getFileName())), feedback::showFailure);
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Where new projects go (the preferences' folder), or null for the file chooser's own default. */
    public Path projectsFolder() {
        return port.projectsFolder();
    }

    public ObservableList<Path> recentProjects() {
        return recentProjects;
    }
}
