package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.LayerStacks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The layers panel without a window: the rows of a stack of two region layers, what the canvas shows as layers are
 * hidden and made translucent (exact images where the layers set make one, the composite otherwise, pixel by pixel),
 * the writes to the project (an opacity slider's values coalesced), the exports.
 */
@Tag("unit")
class LayersViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor io = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, io, Runnable::run);
    private final CanvasViewModel canvas = new CanvasViewModel(new SimpleObjectProperty<>(Mode.INPAINT));
    private final Map<Long, RgbImage> inMemory = new HashMap<>();
    private Set<Long> trash = Set.of();
    private final LayersViewModel layers = new LayersViewModel(studio, studio, feedback, executors, canvas,
            inMemory::get, () -> trash);

    private final RgbImage base = RgbImage.filled(8, 8, 100, 100, 100);
    /** The first edit: a 4×4 red square at (2,2). */
    private final LayerPixels red = new LayerPixels(2, 2, RgbImage.filled(4, 4, 200, 0, 0), null);
    /** The second: a 4×4 blue square at (4,4). */
    private final LayerPixels blue = new LayerPixels(4, 4, RgbImage.filled(4, 4, 0, 0, 250), null);
    private GenerationSummary baseNode;
    private GenerationSummary redNode;
    private GenerationSummary blueNode;
    private RgbImage redImage;
    private RgbImage blueImage;

    private static GenerationSummary summary(GenerationRecord r) {
        return new GenerationSummary(r.id(), r.parentId(), Instant.EPOCH, r.request().kind(), r.request().seed(),
                r.request().prompt(), 8, 8, r.outputSha256(), false);
    }

    private static GenerationRequest inpaint(String prompt) {
        return GenerationRequest.builder(PipelineKind.INPAINT).prompt(prompt).seed(1).size(8, 8)
                .image(RgbImage.filled(8, 8, 0, 0, 0)).mask(new dev.seedframe.domain.Mask(8, 8, new byte[64])).build();
    }

    /** A base and two inpaints of it, each a region layer; their images are what the layers make. */
    private LayerStacks.Stack stack() {
        GenerationRecord b = studio.add(FakeStudio.t2i("base", 1, 8, 8), null);
        GenerationRecord r = studio.add(inpaint("red"), b.id());
        GenerationRecord u = studio.add(inpaint("blue"), r.id());
        long redLayer = studio.addLayer(r.id());
        long blueLayer = studio.addLayer(u.id());
        baseNode = summary(b);
        redNode = summary(r);
        blueNode = summary(u);
        redImage = dev.seedframe.imaging.Compositing.composite(base,
                List.of(new dev.seedframe.imaging.Compositing.Placed(red, 1)));
        blueImage = dev.seedframe.imaging.Compositing.composite(redImage,
                List.of(new dev.seedframe.imaging.Compositing.Placed(blue, 1)));
        return new LayerStacks.Stack(u.id(), baseNode, base, List.of(
                new LayerStacks.Entry(new Layer(redLayer, 0, r.id(), "r", true, 1.0, 2, 2, null), redNode, red),
                new LayerStacks.Entry(new Layer(blueLayer, 1, u.id(), "u", true, 1.0, 4, 4, null), blueNode, blue)));
    }

    @Test
    void theRowsAreTheLayersTopFirstAndTheCanvasShowsTheNodesOwnImage() {
        LayerStacks.Stack s = stack();
        layers.show(s, blueImage);
        assertEquals(List.of(blueNode.id(), redNode.id(), baseNode.id()),
                layers.rows().stream().map(LayerItem::generationId).toList());
        assertEquals("#" + blueNode.id() + "  Inpaint", layers.rows().get(0).label());
        assertEquals("Base #" + baseNode.id() + "  (8 × 8)", layers.rows().get(2).label());
        assertTrue(layers.rows().get(2).base());
        assertSame(blueImage, canvas.image(), "every layer shown and opaque: the node's own pixels");
        assertEquals(blueNode.id(), layers.shownId());
        assertEquals(blueNode.id(), layers.nodeIdProperty().get());

        feedback.i18nProperty().set(new dev.seedframe.ui.I18n(Locale.SIMPLIFIED_CHINESE));
        layers.relabel();
        assertFalse(layers.rows().get(0).label().contains("Inpaint"), layers.rows().get(0).label());
    }

    @Test
    void hidingLayersShowsTheImagesBelowAtOnceAndTheProjectRemembers() {
        layers.show(stack(), blueImage);
        inMemory.put(redNode.id(), redImage);
        layers.rows().get(0).visible().set(false);
        assertSame(redImage, canvas.image(), "the top hidden: the image of the edit below, exactly");
        assertEquals(redNode.id(), layers.shownId(), "an edit now continues from it");
        inMemory.clear();
        layers.rows().get(1).visible().set(false);
        assertSame(base, canvas.image(), "both hidden: the base");
        assertEquals(baseNode.id(), layers.shownId());
        layers.rows().get(1).visible().set(true);
        assertEquals(redImage, canvas.image(), "not in memory: the composite, the same pixels here");
        assertEquals(0, studio.calls.stream().filter(c -> c.startsWith("setLayer")).count(), "written off the UI thread");
        io.runAll();
        assertTrue(studio.calls.containsAll(List.of("setLayerVisible 2 false", "setLayerVisible 1 false",
                "setLayerVisible 1 true")), studio.calls.toString());
        assertFalse(studio.project().layers.get(1).visible());
    }

    @Test
    void opacityBlendsTheLayerOverWhatIsBelowPixelByPixel() {
        layers.show(stack(), blueImage);
        LayerItem top = layers.rows().get(0);
        LayerItem lower = layers.rows().get(1);
        top.opacity().set(0.9);
        top.opacity().set(0.7);
        top.opacity().set(0.5);
        RgbImage shown = canvas.image();
        assertEquals(redImage.rgbAt(0, 0), shown.rgbAt(0, 0), "outside both layers: the base");
        assertEquals(redImage.rgbAt(3, 3), shown.rgbAt(3, 3), "under the red layer only: red");
        // the blue square over red (at 4,4) and over the base (at 7,7), half opaque: round(below/2 + blue/2)
        assertEquals(List.of(100, 0, 125), rgb(shown, 4, 4));
        assertEquals(List.of(50, 50, 175), rgb(shown, 7, 7));

        lower.opacity().set(0.25);
        top.visible().set(false);
        assertEquals(List.of(125, 75, 75), rgb(canvas.image(), 3, 3), "a quarter of red over grey");
        assertEquals(List.of(100, 100, 100), rgb(canvas.image(), 7, 7), "the hidden blue is gone");
        top.visible().set(true);
        top.opacity().set(1);
        lower.opacity().set(1);
        assertSame(blueImage, canvas.image(), "all opaque again: the node's own pixels");

        io.runAll();
        List<String> writes = studio.calls.stream().filter(c -> c.startsWith("setLayerOpacity 2")).toList();
        assertEquals(List.of("setLayerOpacity 2 1.0"), writes, "a slider's values: the latest one written once");
        assertEquals(1.0, studio.project().layers.get(1).opacity());
    }

    private static List<Integer> rgb(RgbImage img, int x, int y) {
        return List.of(img.channel(x, y, 0), img.channel(x, y, 1), img.channel(x, y, 2));
    }

    @Test
    void theExportsTakeTheNodeAndTheTrashAndSayWhatTheyWrote() {
        layers.exportFlattened(Path.of("flat.png"));
        assertEquals(0, io.size(), "nothing shown: nothing to export");
        LayerStacks.Stack s = stack();
        layers.show(s, blueImage);
        trash = Set.of(42L);
        layers.exportFlattened(Path.of("out", "flat.png"));
        layers.exportOpenRaster(Path.of("out", "layers.ora"));
        io.runAll();
        assertTrue(studio.calls.contains("exportFlattened " + s.nodeId() + " [42] " + Path.of("out", "flat.png")));
        assertTrue(studio.calls.contains("exportOpenRaster " + s.nodeId() + " [42] " + Path.of("out", "layers.ora")));
        assertEquals("Exported layers.ora", feedback.statusProperty().get());
        studio.nextFailure = new dev.seedframe.service.Failure(dev.seedframe.service.Failure.Kind.DISK_FULL,
                "The disk is full; nothing was written.", null);
        layers.exportOpenRaster(Path.of("out", "again.ora"));
        io.runAll();
        assertEquals("The disk is full: The disk is full; nothing was written.", feedback.errorProperty().get());

        layers.clear();
        assertNull(canvas.image());
        assertTrue(layers.rows().isEmpty());
    }
}
