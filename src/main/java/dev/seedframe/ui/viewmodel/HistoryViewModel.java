package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.Failure;
import dev.seedframe.service.Generation;
import dev.seedframe.service.StudioHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The history and its layers: the generations of the open project as a tree, the selected node (its image on the
 * canvas, its settings in the form), the edit chain of the selection as layers, the last batch's variants. Every
 * project read (records, images, layers) runs on the io executor; the UI thread only applies what was read.
 */
public final class HistoryViewModel {

    /** Decoded history images kept in memory: 256 MiB, about 48 images of 1328² (the rest are read back). */
    static final long IMAGE_CACHE_BYTES = 256L << 20;

    private final StudioHistory port;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final GenerationFormViewModel form;
    private final CanvasViewModel canvas;

    private final ObservableList<GenerationSummary> history = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Long> selectedId = new ReadOnlyObjectWrapper<>();
    private final ObservableList<LayerItem> layers = FXCollections.observableArrayList();
    private final ObservableList<GenerationSummary> variantResults = FXCollections.observableArrayList();
    private final Map<Long, GenerationSummary> byId = new HashMap<>();
    private final ImageCache images = new ImageCache(IMAGE_CACHE_BYTES);
    /** The stored layers and the chain the layer rows were last built from (rebuilt in another language). */
    private List<Layer> storedLayers = List.of();
    private List<GenerationSummary> chain = List.of();
    /** The selected node's request. */
    private GenerationRequest selectedRequest;
    /** The node being read for the canvas, until it is shown (a second click on it waits for the first). */
    private Long loading;

    public HistoryViewModel(StudioHistory port, Feedback feedback, UiExecutors executors, GenerationFormViewModel form,
            CanvasViewModel canvas) {
        this.port = port;
        this.feedback = feedback;
        this.executors = executors;
        this.form = form;
        this.canvas = canvas;
    }

    /**
     * What was read for the canvas: the node and its request (which the form shows when {@code restore}), the
     * project's layers, the images of its edit chain, and the history when it was read again.
     */
    private record Shown(long id, GenerationRequest request, boolean restore, List<Layer> stored,
            Map<String, RgbImage> images, List<GenerationSummary> history) {}

    // ------------------------------------------------------------------ reading

    /** Reads the history again (a project was opened, a node starred). */
    void reload() {
        executors.io(port::history, this::applyHistory, feedback::showFailure);
    }

    /** Shows a node's image and restores all its settings in the form (a click in the history, also a second one). */
    public void select(Long id) {
        if (id == null) {
            clearSelection();
            return;
        }
        if (id.equals(loading)) {
            return;
        }
        loading = id;
        executors.io(() -> {
            List<GenerationSummary> h = port.history(); // the edit chain as the project holds it now
            return read(id, null, index(h), h);
        }, this::apply, f -> {
            loading = null;
            feedback.showFailure(f);
        });
    }

    /** A project was opened: its history, and its newest node on the canvas with its settings in the form. */
    void showNewest() {
        images.clear();
        variantResults.clear();
        executors.io(() -> {
            List<GenerationSummary> h = port.history();
            return h.isEmpty() ? null : read(h.get(h.size() - 1).id(), null, index(h), h);
        }, shown -> {
            if (shown == null) {
                applyHistory(List.of());
                clearSelection();
            } else {
                apply(shown);
            }
        }, feedback::showFailure);
    }

    /**
     * A run finished: an edit becomes a layer over its source (unless the project already held it), the history is
     * read again and the result shown; the form keeps the settings it ran with.
     */
    void showResult(Generation g, Mode runMode) {
        images.put(g.image().sha256(), g.image());
        boolean layer = !g.fromCache() && (runMode == Mode.INPAINT || runMode == Mode.IMG2IMG || runMode == Mode.EDIT);
        executors.io(() -> {
            if (layer) {
                port.addLayer(g.id());
            }
            List<GenerationSummary> h = port.history();
            return read(g.id(), g.request(), index(h), h);
        }, this::apply, feedback::showFailure);
    }

    /** After the history reads queued before it: the tiles of a batch of variants. */
    void showVariants(List<Long> ids) {
        executors.io(() -> null, none -> {
            for (Long id : ids) {
                GenerationSummary s = byId.get(id);
                if (s != null) {
                    variantResults.add(s);
                }
            }
        }, feedback::showFailure);
    }

    /**
     * Reads what the canvas needs for node {@code id} (on the io thread).
     *
     * @param ran the request when a run just made the node (the form keeps its settings), or null to read the
     *     node's record and show its settings in the form
     */
    private Shown read(long id, GenerationRequest ran, Map<Long, GenerationSummary> known, List<GenerationSummary> h)
            throws Failure {
        GenerationRequest request = ran;
        Map<String, RgbImage> read = new LinkedHashMap<>();
        if (ran == null) {
            GenerationRecord rec = port.load(id);
            request = rec.request();
            read.put(rec.outputSha256(), rec.output());
        }
        List<Layer> stored = port.layers();
        for (GenerationSummary s : chain(known, id)) {
            if (!read.containsKey(s.imageSha256()) && cached(s.imageSha256()) == null) {
                read.put(s.imageSha256(), port.image(s.imageSha256()));
            }
        }
        return new Shown(id, request, ran == null, stored, read, h);
    }

    private synchronized RgbImage cached(String sha) {
        return images.get(sha);
    }

    private synchronized void cache(String sha, RgbImage img) {
        images.put(sha, img);
    }

    private static Map<Long, GenerationSummary> index(List<GenerationSummary> h) {
        Map<Long, GenerationSummary> m = new HashMap<>();
        h.forEach(s -> m.put(s.id(), s));
        return m;
    }

    // ------------------------------------------------------------------ applying (UI thread)

    private void applyHistory(List<GenerationSummary> h) {
        byId.clear();
        byId.putAll(index(h));
        history.setAll(h);
        form.historyChanged(h);
    }

    private void apply(Shown s) {
        if (s.history() != null) {
            applyHistory(s.history());
        }
        s.images().forEach(this::cache);
        loading = null;
        boolean variant = variantResults.stream().anyMatch(v -> v.id() == s.id());
        if (!variant) {
            variantResults.clear(); // the strip is for choosing among the last batch, not for any node
        }
        selectedId.set(s.id());
        selectedRequest = s.request();
        if (s.restore()) {
            form.restore(s.request(), variant); // a variant is picked to work on in the mode the designer is in
        }
        storedLayers = s.stored();
        chain = chain(byId, s.id());
        rebuildLayers();
        canvas.show(composite());
    }

    private void clearSelection() {
        loading = null;
        selectedId.set(null);
        selectedRequest = null;
        canvas.show(null);
        layers.clear();
        chain = List.of();
    }

    // ------------------------------------------------------------------ layers

    private static boolean isLayerEdit(PipelineKind k) {
        return k == PipelineKind.INPAINT || k == PipelineKind.IMAGE_TO_IMAGE || k == PipelineKind.EDIT;
    }

    /** The edit chain of {@code id}: its base image, then each edit over it (base first). */
    private static List<GenerationSummary> chain(Map<Long, GenerationSummary> known, long id) {
        List<GenerationSummary> out = new ArrayList<>();
        GenerationSummary s = known.get(id);
        while (s != null) {
            out.add(0, s);
            if (!isLayerEdit(s.kind()) || s.parentId() == null) {
                break;
            }
            GenerationSummary parent = known.get(s.parentId());
            if (parent == null || parent.width() != s.width() || parent.height() != s.height()) {
                break;
            }
            s = parent;
        }
        return out;
    }

    /** The chain as layer rows (top first), in the window's language. */
    private void rebuildLayers() {
        Map<Long, Layer> stored = new HashMap<>();
        for (Layer l : storedLayers) {
            if (l.generationId() != null) {
                stored.put(l.generationId(), l);
            }
        }
        List<LayerItem> items = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            GenerationSummary g = chain.get(i);
            boolean base = i == 0;
            Layer l = stored.get(g.id());
            String label = base ? feedback.f("layer.base", g.id(), g.width(), g.height())
                    : feedback.f("layer.edit", g.id(), kindName(g.kind()));
            LayerItem item = new LayerItem(g.id(), label, base, base || l == null || l.visible());
            item.visible().addListener((o, a, v) -> layerVisibilityChanged(item, v));
            items.add(0, item);
        }
        layers.setAll(items);
    }

    /** The canvas shows the new composite at once; the layer's visibility is written to the project meanwhile. */
    private void layerVisibilityChanged(LayerItem item, boolean visible) {
        canvas.show(composite());
        executors.io(() -> {
            Long layerId = null;
            for (Layer l : port.layers()) {
                if (l.generationId() != null && l.generationId() == item.generationId()) {
                    layerId = l.id();
                }
            }
            if (layerId == null) {
                layerId = port.addLayer(item.generationId());
            }
            port.setLayerVisible(layerId, visible);
            return port.layers();
        }, stored -> storedLayers = stored, feedback::showFailure);
    }

    /** The generation whose image the canvas shows: the topmost visible layer, else the selection. */
    Long shownId() {
        for (LayerItem l : layers) {
            if (l.base() || l.visible().get()) {
                return l.generationId();
            }
        }
        return selectedId.get();
    }

    /** What the canvas shows: the topmost visible layer of the chain (each edit is a whole image). */
    private RgbImage composite() {
        for (LayerItem l : layers) {
            if (l.base() || l.visible().get()) {
                RgbImage img = cachedImageOf(l.generationId());
                if (img != null) {
                    return img;
                }
            }
        }
        return null;
    }

    /** Rewords the layer rows after a language switch (nothing is read). */
    void relabel() {
        if (selectedId.get() != null) {
            rebuildLayers();
        }
    }

    // ------------------------------------------------------------------ images for the views

    /** A node's output image if it is in memory, else null (see {@link #image}). */
    public RgbImage cachedImageOf(long id) {
        GenerationSummary s = byId.get(id);
        return s == null ? null : cached(s.imageSha256());
    }

    /**
     * Hands a node's output image to {@code then} on the UI thread: at once when it is in memory, else once read
     * from the project (off the UI thread). Nothing is handed when the node is gone or cannot be read.
     */
    public void image(long id, Consumer<RgbImage> then) {
        GenerationSummary s = byId.get(id);
        if (s == null) {
            return;
        }
        RgbImage img = cached(s.imageSha256());
        if (img != null) {
            then.accept(img);
            return;
        }
        executors.io(() -> port.image(s.imageSha256()), read -> {
            cache(s.imageSha256(), read);
            then.accept(read);
        }, feedback::showFailure);
    }

    // ------------------------------------------------------------------ actions on the selection

    public void toggleStar() {
        Long id = selectedId.get();
        GenerationSummary s = id == null ? null : byId.get(id);
        if (s == null) {
            return;
        }
        executors.io(() -> {
            port.star(id, !s.starred());
            return port.history();
        }, this::applyHistory, feedback::showFailure);
    }

    /**
     * Deletes the selected node; its parent (if any) becomes the selection, with its settings in the form. Not while
     * {@code busy} (a running generation may be its child).
     */
    public void deleteSelected(boolean busy) {
        Long id = selectedId.get();
        GenerationSummary s = id == null ? null : byId.get(id);
        if (s == null || busy) {
            return;
        }
        executors.io(() -> {
            port.delete(id);
            List<GenerationSummary> h = port.history();
            Map<Long, GenerationSummary> after = index(h);
            Long parent = s.parentId() != null && after.containsKey(s.parentId()) ? s.parentId() : null;
            return parent == null ? new Shown(-1, null, false, List.of(), Map.of(), h) : read(parent, null, after, h);
        }, shown -> {
            variantResults.removeIf(v -> v.id() == id);
            if (shown.id() < 0) {
                applyHistory(shown.history());
                clearSelection();
            } else {
                apply(shown);
            }
            feedback.status(feedback.f("status.deleted", id));
        }, feedback::showFailure);
    }

    // ------------------------------------------------------------------ questions the views ask

    public GenerationSummary summary(long id) {
        return byId.get(id);
    }

    public String kindName(PipelineKind k) {
        return feedback.t("kind." + k.id());
    }

    /** How many generations have {@code id} as their parent. */
    public int childCount(long id) {
        int n = 0;
        for (GenerationSummary g : history) {
            if (g.parentId() != null && g.parentId() == id) {
                n++;
            }
        }
        return n;
    }

    /** The node to compare the selection with: its parent, else the previous node. */
    public Long compareCandidate() {
        Long id = selectedId.get();
        GenerationSummary s = id == null ? null : byId.get(id);
        if (s == null) {
            return null;
        }
        if (s.parentId() != null && byId.containsKey(s.parentId())) {
            return s.parentId();
        }
        Long prev = null;
        for (GenerationSummary g : history) {
            if (g.id() == id) {
                return prev;
            }
            prev = g.id();
        }
        return null;
    }

    /**
     * Where {@code parent}'s image lies inside the selected node {@code child}'s, in pixels (x, y): the left and top
     * amounts when the child outpainted the parent, else the origin.
     */
    public int[] offsetIn(long child, long parent) {
        GenerationSummary c = byId.get(child);
        if (c == null || c.kind() != PipelineKind.OUTPAINT || c.parentId() == null || c.parentId() != parent
                || !Long.valueOf(child).equals(selectedId.get()) || selectedRequest == null
                || selectedRequest.outpaint() == null) {
            return new int[] {0, 0};
        }
        return new int[] {selectedRequest.outpaint().left(), selectedRequest.outpaint().top()};
    }

    // ------------------------------------------------------------------ properties

    public ObservableList<GenerationSummary> history() {
        return history;
    }

    public ReadOnlyObjectProperty<Long> selectedIdProperty() {
        return selectedId.getReadOnlyProperty();
    }

    public Long selectedId() {
        return selectedId.get();
    }

    public ObservableList<LayerItem> layers() {
        return layers;
    }

    public ObservableList<GenerationSummary> variantResults() {
        return variantResults;
    }
}
