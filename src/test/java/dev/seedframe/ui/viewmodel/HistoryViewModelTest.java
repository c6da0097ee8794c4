package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
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
    private final HistoryViewModel history = new HistoryViewModel(studio, studio, feedback, executors, form, canvas);

    HistoryViewModelTest() {
        shown.bind(canvas.imageProperty());
        form.setModel(FakeStudio.MODEL);
    }

    private void read() {
        io.runAll();
    }

    @Test
    void aLinesLorasAreNamedWithTheirWeights() {
        GenerationSummary plain = new GenerationSummary(1, null, java.time.Instant.EPOCH, PipelineKind.TEXT_TO_IMAGE,
                3, "p", 64, 64, "sha", false);
        assertEquals("", history.lorasText(plain));
        GenerationSummary two = new GenerationSummary(2, null, java.time.Instant.EPOCH, PipelineKind.TEXT_TO_IMAGE,
                3, "p", 64, 64, "sha", false, List.of(LoraSpec.runtime("/loras/style-a.safetensors", 0.8),
                        new LoraSpec("/x/detail.safetensors", -1, LoraMethod.MERGED)));
        assertEquals("lora: style-a ×0.8, detail ×-1", history.lorasText(two));
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
        assertEquals(1, history.layers().rows().size(), "a generation alone is its own base layer");
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
        assertEquals(3, history.history().size(), "not while a generation runs: it may be a child");
        history.deleteSelected(false);
        read();
        assertEquals(2, history.history().size());
        assertEquals(root.id(), history.summary(leaf.id()).parentId(), "the child moved up to the deleted one's parent");
        assertEquals(root.id(), history.selectedId());
        assertEquals(root.output(), canvas.image());
        assertEquals("1", form.seedTextProperty().get(), "the form follows the canvas to the parent");
        assertTrue(feedback.statusProperty().get().startsWith("Deleted #" + mid.id() + ": Ctrl+Z brings it back"),
                feedback.statusProperty().get());

        history.deleteSelected(false);
        read();
        assertNull(history.selectedId(), "a root deleted: nothing selected");
        assertNull(canvas.image());
        assertEquals(List.of(leaf.id()), history.history().stream().map(GenerationSummary::id).toList());
        assertNull(history.summary(leaf.id()).parentId(), "the leaf is a root now");
        assertFalse(studio.calls.stream().anyMatch(c -> c.startsWith("delete")), "the project keeps them meanwhile");
    }

    @Test
    void aDeleteIsUndoneUntilTheTrashIsEmptiedThenItLeavesTheProject() {
        GenerationRecord a = studio.add(FakeStudio.t2i("a", 1, 64, 64), null);
        GenerationRecord b = studio.add(FakeStudio.t2i("b", 2, 64, 64), a.id());
        GenerationRecord c = studio.add(FakeStudio.t2i("c", 3, 64, 64), null);
        history.reload();
        history.select(b.id());
        read();
        assertFalse(history.canUndoDelete());
        history.delete(b.id(), false);
        history.delete(c.id(), false);
        read();
        assertEquals(List.of(b.id(), c.id()), history.trash());
        assertEquals(List.of(a.id()), history.history().stream().map(GenerationSummary::id).toList());

        history.undoDelete();
        read();
        assertEquals(List.of(b.id()), history.trash(), "the last deleted comes back first");
        assertEquals(c.id(), history.selectedId(), "and is shown");
        assertEquals("Restored #" + c.id(), feedback.statusProperty().get());
        assertEquals(2, history.history().size());

        history.select(a.id());
        read();
        history.delete(a.id(), false);
        read();
        assertEquals(List.of(c.id()), history.history().stream().map(GenerationSummary::id).toList());
        history.reload(); // a read of the history keeps the trash out of it
        read();
        assertEquals(1, history.history().size());

        java.util.Set<Long> gone = history.takeTrash();
        assertEquals(java.util.Set.of(a.id(), b.id()), gone);
        assertFalse(history.canUndoDelete());
        studio.calls.clear();
        history.emptyTrashNow(); // nothing left: nothing deleted
        assertEquals(List.of(), studio.calls);
        history.delete(c.id(), false);
        history.emptyTrashNow();
        assertEquals(List.of("delete " + c.id()), studio.calls, "emptying the trash deletes for good");
    }

    @Test
    void anyTwoNodesCompareTheTwoPickedOrOneChosenWithCompareWith() {
        GenerationRecord a = studio.add(FakeStudio.t2i("a", 1, 64, 64), null);
        GenerationRecord b = studio.add(FakeStudio.t2i("b", 2, 64, 64), null);
        GenerationRecord c = studio.add(FakeStudio.t2i("c", 3, 64, 64), b.id());
        history.reload();
        history.select(c.id());
        read();
        assertEquals(List.of(b.id(), c.id()), java.util.Arrays.stream(history.comparePair()).boxed().toList(),
                "nothing picked: the selection with its parent");
        history.picked().setAll(a.id(), c.id());
        assertEquals(List.of(a.id(), c.id()), java.util.Arrays.stream(history.comparePair()).boxed().toList(),
                "two picked: those two");

        assertNull(history.comparePick(b.id()), "no Compare with… pending");
        history.beginCompare(a.id());
        assertEquals(a.id(), history.comparingFromProperty().get());
        assertEquals("Click the node to compare #" + a.id() + " with (Esc: no comparison)",
                feedback.statusProperty().get());
        assertNull(history.comparePick(a.id()), "not with itself");
        assertEquals(List.of(a.id(), b.id()), java.util.Arrays.stream(history.comparePick(b.id())).boxed().toList());
        assertNull(history.comparingFromProperty().get());
        history.beginCompare(b.id());
        history.cancelCompare();
        assertNull(history.comparePick(c.id()), "Esc: no comparison waits");
    }

    @Test
    void theRowMenuStarsAnyNodeAndBatchExportsTakeTheStarredOrPickedNodes() {
        GenerationRecord a = studio.add(FakeStudio.t2i("a", 1, 64, 64), null);
        GenerationRecord b = studio.add(FakeStudio.t2i("b", 2, 64, 64), null);
        history.reload();
        history.select(a.id());
        read();
        history.toggleStar(b.id());
        read();
        assertTrue(history.summary(b.id()).starred());
        assertFalse(history.summary(a.id()).starred());
        assertEquals(List.of(b.id()), history.starredIds());
        assertEquals(List.of(a.id()), history.pickedOrSelected(), "nothing picked: the node on the canvas");
        history.picked().setAll(b.id(), a.id());
        assertEquals(List.of(b.id(), a.id()), history.pickedOrSelected());
        history.delete(b.id(), false);
        read();
        assertEquals(List.of(a.id()), history.picked(), "a deleted node is no longer picked");
        assertEquals(List.of(), history.starredIds(), "nor exported as starred");
    }

    @Test
    void anImportedPictureDoesNotChangeTheFormsSettings() {
        form.promptProperty().set("my prompt");
        form.seedTextProperty().set("5");
        long id = assertDoesNotThrow(() -> studio.importBytes(new byte[] {1}, "photo.png")).nodeId();
        history.select(id);
        read();
        assertEquals(id, history.selectedId());
        assertEquals(40, canvas.image().width());
        assertEquals("my prompt", form.promptProperty().get(), "an import has no settings to show");
        assertEquals("5", form.seedTextProperty().get());
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
