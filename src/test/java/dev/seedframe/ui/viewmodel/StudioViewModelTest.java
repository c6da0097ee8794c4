package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The panels wired together, without a window (issue 12 item 6): the form always shows the settings of the node on
 * the canvas, after the studio opens its project, after a delete and after a click on the selected node.
 */
@Tag("unit")
class StudioViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final StudioViewModel vm = new StudioViewModel(
            new StudioPorts(studio, studio, studio, studio, studio, studio, studio, studio, studio), Locale.ENGLISH,
            UiExecutors.direct());

    /** The form's settings of {@code r}'s kind, as the form shows them. */
    private void assertFormShows(GenerationRequest r) {
        GenerationFormViewModel f = vm.form();
        assertEquals(r.prompt(), f.promptProperty().get());
        assertEquals(Long.toString(r.seed()), f.seedTextProperty().get());
        assertEquals(r.steps(), f.stepsProperty().get());
        assertEquals(r.width(), f.widthProperty().get());
        assertEquals(r.height(), f.heightProperty().get());
    }

    private GenerationRecord onCanvas() {
        Long id = vm.history().selectedId();
        GenerationRecord r = studio.project().records.get(id);
        assertEquals(r.output(), vm.canvas().image(), "the canvas shows the selected node");
        return r;
    }

    @Test
    void afterStartTheFormShowsTheNewestNodeOnTheCanvas() {
        studio.add(FakeStudio.t2i("older", 5, 64, 64), null);
        studio.add(FakeStudio.t2i("the canvas shows #2", 9, 72, 48), 1L);
        vm.start();
        assertEquals(2L, vm.history().selectedId());
        assertFormShows(onCanvas().request());
    }

    @Test
    void anImportedPngsOfferEndsWhenAnotherProjectOpens() {
        vm.start();
        vm.pictures().importFiles(List.of(java.nio.file.Path.of("made.settings.png")));
        assertTrue(vm.pictures().offerProperty().get() != null, "the PNG offers its settings");
        studio.files.put(java.nio.file.Path.of("second.seedframe"), new FakeStudio.Project());
        vm.projects().openProject(java.nio.file.Path.of("second.seedframe"));
        assertEquals(null, vm.pictures().offerProperty().get(), "its node is in the other project");
    }

    @Test
    void afterADeleteTheFormShowsTheParentOnTheCanvas() {
        studio.add(FakeStudio.t2i("parent", 42, 64, 64), null);
        studio.add(FakeStudio.t2i("child", 9, 72, 48), 1L);
        vm.start();
        vm.history().deleteSelected(vm.run().isRunning());
        assertEquals(1L, vm.history().selectedId());
        assertFormShows(onCanvas().request());
    }

    @Test
    void aClickOnTheSelectedNodePutsItsSettingsBack() {
        studio.add(FakeStudio.t2i("keep the seed", 42, 64, 64), null);
        vm.start();
        vm.form().seedTextProperty().set("7");
        vm.form().widthProperty().set(128);
        vm.history().select(1L);
        assertFormShows(onCanvas().request());
    }

    @Test
    void aGenerationShowsItsNodeWhileTheFormKeepsTheSettingsItRanWith() {
        vm.start();
        vm.form().promptProperty().set("a harbour");
        vm.form().seedTextProperty().set("3");
        vm.run().generate();
        GenerationRecord made = onCanvas();
        assertFormShows(made.request());
        assertTrue(vm.idle());
        assertEquals(List.of("a harbour"), vm.form().promptHistory());
        vm.close();
        assertTrue(studio.calls.contains("close"), "closing the window closes the studio");
    }

    @Test
    void ctrlZUndoesADeleteRightAfterItAndMaskStrokesOnceThePainterIsUsed() {
        studio.add(FakeStudio.t2i("parent", 1, 64, 64), null);
        studio.add(FakeStudio.t2i("first child", 2, 64, 64), 1L);
        studio.add(FakeStudio.t2i("second child", 3, 64, 64), 1L);
        vm.start();
        vm.history().delete(3L, false);
        vm.history().delete(2L, false);
        assertEquals(1, vm.history().history().size());
        vm.undo();
        vm.undo();
        assertEquals(3, vm.history().history().size(), "each Ctrl+Z restores one, the last deleted first");
        assertEquals(3L, vm.history().selectedId());

        vm.history().delete(3L, false);
        vm.canvas().mask().beginStroke();
        vm.canvas().mask().dab(5, 5, 3, 1, false);
        vm.canvas().maskChanged();
        vm.undo();
        assertTrue(vm.canvas().mask().isEmpty(), "after painting, Ctrl+Z undoes the stroke");
        assertEquals(2, vm.history().history().size(), "and the delete stays");
        vm.close();
        assertTrue(studio.calls.contains("delete 3"), "closing the window empties the trash: " + studio.calls);
        assertTrue(studio.calls.indexOf("delete 3") < studio.calls.indexOf("close"), "before the project closes");
    }

    @Test
    void theLanguageChosenIsRememberedForTheNextSession() {
        assertEquals(Locale.ENGLISH, StudioViewModel.startingLocale(
                new StudioPorts(studio, studio, studio, studio, studio, studio, studio, studio, studio), Locale.ENGLISH));
        vm.rememberLanguage(Locale.SIMPLIFIED_CHINESE); // View → Language (it also switches the texts)
        vm.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals("zh-CN", studio.preferences.get("language"));
        assertEquals(Locale.SIMPLIFIED_CHINESE, StudioViewModel.startingLocale(
                new StudioPorts(studio, studio, studio, studio, studio, studio, studio, studio, studio), Locale.ENGLISH),
                "the next window starts in Chinese whatever the system's language");
    }
}
