package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The history and layers without a window: what a click shows, where the project is read, deleting, layers. */
@Tag("unit")
class HistoryViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor io = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, io, Runnable::run);
    private final SimpleObjectProperty<RgbImage> shown = new SimpleObjectProperty<>();
    private final GenerationFormViewModel form = new GenerationFormViewModel(studio, feedback, shown);
    private final CanvasViewModel canvas = new CanvasViewModel(form.modeProperty());
    private final HistoryViewModel history = new HistoryViewModel(studio, feedback, executors, form, canvas);

    HistoryViewModelTest() {
        shown.bind(canvas.imageProperty());
        form.setModel(FakeStudio.MODEL);
    }

    private void read() {
        io.runAll();
    }

    @Test
    void aClickShowsTheNodeAndItsSettingsAndTheProjectIsReadOffTheUiThread() {
        GenerationRecord first = studio.add(FakeStudio.t2i("first idea", 11, 64, 64), null);
        studio.add(FakeStudio.t2i("second idea", 22, 72, 48), first.id());
        history.reload();
        read();
        assertEquals(2, history.history().size());
        studio.calls.clear();

        history.select(first.id());
        assertEquals(List.of(), studio.calls, "nothing is read on the UI thread");
        assertNull(history.selectedId(), "shown once read");
        read();
        assertTrue(studio.calls.contains("load " + first.id()));
        assertEquals(first.id(), history.selectedId());
        assertEquals(first.output(), canvas.image());
        assertEquals("first idea", form.promptProperty().get());
        assertEquals("11", form.seedTextProperty().get());
        assertEquals(64, form.widthProperty().get());
        assertEquals(1, history.layers().size(), "a generation alone is its own base layer");
    }

    @Test
    void clickingTheSelectedNodeAgainPutsItsSettingsBackInTheForm() {
        GenerationRecord node = studio.add(FakeStudio.t2i("keep the seed", 42, 64, 64), null);
        history.reload();
        history.select(node.id());
        read();
        form.seedTextProperty().set("9");
        form.promptProperty().set("edited but not run");
        history.select(node.id());
        history.select(node.id()); // a second click while the first is still being read asks for nothing more
        assertEquals(1, io.size());
        read();
        assertEquals("42", form.seedTextProperty().get(), "the form shows the node the canvas shows");
        assertEquals("keep the seed", form.promptProperty().get());
    }

    @Test
    void deletingShowsTheParentWithItsSettingsAndMovesTheChildrenUp() {
        GenerationRecord root = studio.add(FakeStudio.t2i("root", 1, 64, 64), null);
        GenerationRecord mid = studio.add(FakeStudio.t2i("middle", 2, 64, 64), root.id());
        GenerationRecord leaf = studio.add(FakeStudio.t2i("leaf", 3, 64, 64), mid.id());
        history.reload();
        history.select(mid.id());
        read();
        form.seedTextProperty().set("77");
        history.deleteSelected(true);
        assertEquals(0, io.size(), "not while a generation runs: it may be a child");
        history.deleteSelected(false);
        read();
        assertEquals(2, history.history().size());
        assertEquals(root.id(), history.summary(leaf.id()).parentId(), "the child moved up to the deleted one's parent");
        assertEquals(root.id(), history.selectedId());
        assertEquals(root.output(), canvas.image());
        assertEquals("1", form.seedTextProperty().get(), "the form follows the canvas to the parent");
        assertEquals("Deleted #" + mid.id() + " from the project", feedback.statusProperty().get());

        history.deleteSelected(false);
        read();
        assertNull(history.selectedId(), "a root deleted: nothing selected");
        assertNull(canvas.image());
    }

    @Test
    void editsOfOneImageAreLayersAndHidingOneShowsTheImageBelowAtOnce() {
        GenerationRecord base = studio.add(FakeStudio.t2i("base", 3, 64, 64), null);
        GenerationRequest inpaint = GenerationRequest.builder(PipelineKind.INPAINT).prompt("a boat").seed(3)
                .size(64, 64).image(base.output()).mask(new Mask(64, 64, new byte[64 * 64])).build();
        GenerationRecord edit = studio.add(inpaint, base.id());
        studio.addLayer(edit.id());
        history.reload();
        history.select(edit.id());
        read();
        assertEquals(List.of(edit.id(), base.id()), history.layers().stream().map(LayerItem::generationId).toList());
        assertEquals("#" + edit.id() + "  Inpaint", history.layers().get(0).label());
        assertEquals(edit.output(), canvas.image());

        history.layers().get(0).visible().set(false);
        assertEquals(base.output(), canvas.image(), "the canvas follows the box at once");
        assertEquals(base.id(), history.shownId(), "an edit now continues from what the canvas shows");
        read();
        assertTrue(studio.calls.contains("setLayerVisible 1 false"), "and the project remembers it");

        feedback.i18nProperty().set(new dev.seedframe.ui.I18n(Locale.SIMPLIFIED_CHINESE));
        history.relabel();
        assertFalse(history.layers().get(0).label().contains("Inpaint"), history.layers().get(0).label());
    }

    @Test
    void aStarIsWrittenAndShownAndAFailureGoesToTheBanner() {
        GenerationRecord node = studio.add(FakeStudio.t2i("a keeper", 9, 64, 64), null);
        history.reload();
        history.select(node.id());
        read();
        history.toggleStar();
        read();
        assertTrue(history.summary(node.id()).starred());
        studio.nextFailure = new dev.seedframe.service.Failure(dev.seedframe.service.Failure.Kind.PROJECT,
                "the file is locked", null);
        history.reload();
        read();
        assertEquals("Project problem: the file is locked", feedback.errorProperty().get());
    }

    @Test
    void compareTakesTheParentElseThePreviousNodeAndImagesComeFromMemoryOrTheProject() {
        GenerationRecord a = studio.add(FakeStudio.t2i("a", 1, 64, 64), null);
        GenerationRecord b = studio.add(FakeStudio.t2i("b", 2, 64, 64), null);
        GenerationRecord c = studio.add(FakeStudio.t2i("c", 3, 64, 64), b.id());
        history.reload();
        history.select(c.id());
        read();
        assertEquals(b.id(), history.compareCandidate(), "the parent");
        history.select(b.id());
        read();
        assertEquals(a.id(), history.compareCandidate(), "a root: the node before it");
        assertEquals(2, history.childCount(a.id()) + history.childCount(b.id()) + 1);
        RgbImage[] got = new RgbImage[1];
        history.image(b.id(), img -> got[0] = img);
        assertEquals(b.output(), got[0], "in memory: handed at once");
        got[0] = null;
        history.image(a.id(), img -> got[0] = img);
        assertNull(got[0], "not in memory: read first");
        read();
        assertEquals(a.output(), got[0]);
    }

    @Test
    void anOutpaintedNodesSourceLiesAtItsLeftAndTopAmounts() {
        GenerationRecord src = studio.add(FakeStudio.t2i("src", 1, 64, 64), null);
        GenerationRequest out = GenerationRequest.builder(PipelineKind.OUTPAINT).prompt("more").seed(1).size(96, 80)
                .image(src.output()).outpaint(new dev.seedframe.domain.Outpaint(16, 16, 8, 8)).build();
        GenerationRecord o = studio.add(out, src.id());
        history.reload();
        history.select(o.id());
        read();
        assertEquals(List.of(16, 8), java.util.Arrays.stream(history.offsetIn(o.id(), src.id())).boxed().toList());
        assertEquals(List.of(0, 0), java.util.Arrays.stream(history.offsetIn(src.id(), o.id())).boxed().toList());
    }

    @Test
    void theVariantsOfABatchAreOfferedUntilAnotherNodeIsShown() {
        GenerationRecord v1 = studio.add(FakeStudio.t2i("v", 40, 64, 64), null);
        GenerationRecord v2 = studio.add(FakeStudio.t2i("v", 41, 64, 64), null);
        GenerationRecord other = studio.add(FakeStudio.t2i("other", 1, 64, 64), null);
        history.reload();
        history.showVariants(List.of(v1.id(), v2.id()));
        read();
        assertEquals(List.of(v1.id(), v2.id()), history.variantResults().stream().map(GenerationSummary::id).toList());
        form.modeProperty().set(Mode.INPAINT);
        history.select(v2.id());
        read();
        assertEquals(2, history.variantResults().size(), "picking a variant keeps the strip");
        assertEquals(Mode.INPAINT, form.modeProperty().get(), "and the mode the designer is in");
        assertEquals("41", form.seedTextProperty().get(), "with the variant's settings");
        history.select(other.id());
        read();
        assertTrue(history.variantResults().isEmpty());
    }
}
