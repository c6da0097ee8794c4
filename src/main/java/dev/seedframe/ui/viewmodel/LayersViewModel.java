package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.LayerStacks;
import dev.seedframe.service.StudioHistory;
import dev.seedframe.service.StudioPictures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The layers panel: the layers of the node on the canvas as the project holds them ({@link LayerStacks}: its base,
 * then one layer per edit holding what that edit changed). Visibility and opacity per layer recompose the picture on
 * the canvas at once and are written to the project meanwhile; the flattened picture and an OpenRaster file of the
 * layers can be exported.
 *
 * <p>The canvas shows exact pixels whenever it can: with every layer shown and opaque, the node's own image; with
 * only the lower layers shown (each opaque), the image of the topmost one shown; otherwise the composite of the
 * layers as set.
 */
public final class LayersViewModel {

    private final StudioHistory port;
    private final StudioPictures pictures;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final CanvasViewModel canvas;
    /** The image of a generation when it is in memory, else null. */
    private final Function<Long, RgbImage> cachedImage;
    /** The nodes in the trash (counted as deleted in exports). */
    private final Supplier<Set<Long>> deleted;

    private final ObservableList<LayerItem> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Long> nodeId = new ReadOnlyObjectWrapper<>();
    private LayerStacks.Stack stack;
    private RgbImage nodeImage;
    /** Opacities waiting to be written, by layer id: one write per layer is queued at a time. */
    private final Map<Long, Double> opacityToWrite = new ConcurrentHashMap<>();

    public LayersViewModel(StudioHistory port, StudioPictures pictures, Feedback feedback, UiExecutors executors,
            CanvasViewModel canvas, Function<Long, RgbImage> cachedImage, Supplier<Set<Long>> deleted) {
        this.port = port;
        this.pictures = pictures;
        this.feedback = feedback;
        this.executors = executors;
        this.canvas = canvas;
        this.cachedImage = cachedImage;
        this.deleted = deleted;
    }

    /** Shows node {@code stack.nodeId()}'s layers, and on the canvas the picture they make. */
    void show(LayerStacks.Stack stack, RgbImage nodeImage) {
        this.stack = stack;
        this.nodeImage = nodeImage;
        nodeId.set(stack.nodeId());
        rebuild();
        canvas.show(picture());
    }

    /** Nothing on the canvas. */
    void clear() {
        stack = null;
        nodeImage = null;
        nodeId.set(null);
        rows.clear();
        canvas.show(null);
    }

    /** Rewords the rows after a language switch (nothing is read). */
    void relabel() {
        if (stack != null) {
            rebuild();
        }
    }

    private void rebuild() {
        List<LayerItem> items = new ArrayList<>();
        GenerationSummary b = stack.base();
        items.add(new LayerItem(null, b.id(), feedback.f("layer.base", b.id(), b.width(), b.height()), true, true,
                1.0));
        for (LayerStacks.Entry e : stack.layers()) {
            GenerationSummary g = e.generation();
            LayerItem item = new LayerItem(e.layer().id(), g.id(), feedback.f("layer.edit", g.id(), kindName(g.kind())),
                    false, e.layer().visible(), e.layer().opacity());
            item.visible().addListener((o, was, v) -> visibilityChanged(item, v));
            item.opacity().addListener((o, was, v) -> opacityChanged(item, v.doubleValue()));
            items.add(0, item);
        }
        rows.setAll(items);
    }

    private String kindName(PipelineKind k) {
        return feedback.t("kind." + k.id());
    }

    // ------------------------------------------------------------------ changes

    private void visibilityChanged(LayerItem item, boolean visible) {
        stack = stack.withLayer(item.layerId(), visible, item.opacity().get());
        canvas.show(picture());
        executors.io(() -> {
            port.setLayerVisible(item.layerId(), visible);
            return null;
        }, none -> {}, feedback::showFailure);
    }

    private void opacityChanged(LayerItem item, double opacity) {
        double o = Math.max(0, Math.min(1, opacity));
        stack = stack.withLayer(item.layerId(), item.visible().get(), o);
        canvas.show(picture());
        // a slider sends many values: the project gets the latest one, in one write per layer at a time
        if (opacityToWrite.put(item.layerId(), o) == null) {
            executors.io(() -> {
                Double latest = opacityToWrite.remove(item.layerId());
                if (latest != null) {
                    port.setLayerOpacity(item.layerId(), latest);
                }
                return null;
            }, none -> {}, feedback::showFailure);
        }
    }

    // ------------------------------------------------------------------ the picture

    /** What the canvas shows for the layers as set (see the class comment); null when nothing is shown. */
    RgbImage picture() {
        if (stack == null) {
            return null;
        }
        List<LayerStacks.Entry> layers = stack.layers();
        int top = -1; // the topmost layer shown, when the shown ones are the lowest ones, each opaque
        boolean exact = true;
        for (int i = 0; i < layers.size(); i++) {
            boolean shown = layers.get(i).layer().visible();
            if (shown && (top != i - 1 || layers.get(i).layer().opacity() < 1)) {
                exact = false;
            }
            if (shown) {
                top = i;
            }
        }
        if (exact) {
            if (top == layers.size() - 1 && nodeImage != null) {
                return nodeImage;
            }
            if (top < 0) {
                return stack.baseImage();
            }
            RgbImage img = cachedImage.apply(layers.get(top).generation().id());
            if (img != null) {
                return img;
            }
        }
        return stack.composite();
    }

    /**
     * The generation an edit of what the canvas shows continues from: the topmost layer shown (the base when every
     * layer is hidden), else null when nothing is shown.
     */
    Long shownId() {
        for (LayerItem l : rows) {
            if (l.base() || l.visible().get()) {
                return l.generationId();
            }
        }
        return nodeId.get();
    }

    // ------------------------------------------------------------------ exports

    /** Writes the picture the layers make, as set, as a PNG. */
    public void exportFlattened(Path out) {
        export(out, (id, trash) -> pictures.exportFlattened(id, trash, out));
    }

    /** Writes the layers as an OpenRaster file (opens in Krita, GIMP, MyPaint). */
    public void exportOpenRaster(Path out) {
        export(out, (id, trash) -> pictures.exportOpenRaster(id, trash, out));
    }

    /** An export of the node shown, the trash counted as deleted. */
    private interface Export {
        void write(long id, Set<Long> trash) throws dev.seedframe.service.Failure;
    }

    private void export(Path out, Export export) {
        Long id = nodeId.get();
        if (id == null) {
            return;
        }
        Set<Long> trash = Set.copyOf(deleted.get());
        executors.io(() -> {
            export.write(id, trash);
            return null;
        }, none -> feedback.status(feedback.f("status.exported", out.getFileName())), feedback::showFailure);
    }

    // ------------------------------------------------------------------ properties

    /** The rows, topmost layer first, the base last. */
    public ObservableList<LayerItem> rows() {
        return rows;
    }

    /** The node whose layers are shown, or null. */
    public ReadOnlyObjectProperty<Long> nodeIdProperty() {
        return nodeId.getReadOnlyProperty();
    }
}
