package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Histories;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.Failure;
import dev.seedframe.service.Generation;
import dev.seedframe.service.LayerStacks;
import dev.seedframe.service.ParametersText;
import dev.seedframe.service.StudioHistory;
import dev.seedframe.service.StudioPictures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The history: the generations of the open project as a tree, the node on the canvas (its image, its settings in the
 * form, its layers in the {@link LayersViewModel}), the nodes picked for a batch export, the last batch's variants,
 * and the trash. Every project read runs on the io executor; the UI thread only applies what was read.
 *
 * <p>Deleting puts a node in the trash: it leaves the history at once (its children move up to its parent) and can be
 * restored ({@link #undoDelete}, Ctrl+Z) until the trash is emptied, which deletes it from the project for good: when
 * another project is opened and when the window closes.
 */
public final class HistoryViewModel {

    /** Decoded history images kept in memory: 256 MiB, about 48 images of 1328² (the rest are read back). */
    static final long IMAGE_CACHE_BYTES = 256L << 20;

    private final StudioHistory port;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final GenerationFormViewModel form;
    private final LayersViewModel layers;

    /** The history as the project holds it (the trash included). */
    private List<GenerationSummary> stored = List.of();
    private final ObservableList<GenerationSummary> history = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Long> selectedId = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Long> picked = FXCollections.observableArrayList();
    private final ObservableList<GenerationSummary> variantResults = FXCollections.observableArrayList();
    private final Map<Long, GenerationSummary> byId = new HashMap<>();
    private final ImageCache images = new ImageCache(IMAGE_CACHE_BYTES);
    /** Deleted nodes that can still be restored, oldest first. */
    private final ObservableList<Long> trash = FXCollections.observableArrayList();
    private final ObservableList<Long> trashView = FXCollections.unmodifiableObservableList(trash);
    private final ReadOnlyObjectWrapper<Long> comparingFrom = new ReadOnlyObjectWrapper<>();
    /** The selected node's request. */
    private GenerationRequest selectedRequest;
    /** The node being read for the canvas, until it is shown (a second click on it waits for the first). */
    private Long loading;

    public HistoryViewModel(StudioHistory port, StudioPictures pictures, Feedback feedback, UiExecutors executors,
            GenerationFormViewModel form, CanvasViewModel canvas) {
        this.port = port;
        this.feedback = feedback;
        this.executors = executors;
        this.form = form;
        this.layers = new LayersViewModel(port, pictures, feedback, executors, canvas, this::cachedImageOf,
                this::trashed);
    }

    /**
     * What was read for the canvas: the node and its request (which the form shows when {@code restore}), its layer
     * stack, the images read, and the history as the project holds it.
     */
    private record Shown(long id, GenerationRequest request, boolean restore, LayerStacks.Stack stack,
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
        if (id.equals(loading) || trash.contains(id)) {
            return;
        }
        loading = id;
        Set<Long> deleted = trashed();
        executors.io(() -> read(id, null, port.history(), deleted), this::apply, f -> {
            loading = null;
            feedback.showFailure(f);
        });
    }

    /** Reads the node on the canvas again (its layers), leaving the form as it is. */
    private void refresh() {
        long id = selectedId.get();
        GenerationRequest request = selectedRequest;
        Set<Long> deleted = trashed();
        executors.io(() -> read(id, request, port.history(), deleted), this::apply, feedback::showFailure);
    }

    /** A project was opened: its history, and its newest node on the canvas with its settings in the form. */
    void showNewest() {
        images.clear();
        variantResults.clear();
        trash.clear();
        picked.clear();
        comparingFrom.set(null);
        executors.io(() -> {
            List<GenerationSummary> h = port.history();
            return h.isEmpty() ? null : read(h.get(h.size() - 1).id(), null, h, Set.of());
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
     * A run finished: the history is read again and the result shown with its layers (an edit's layer was recorded
     * with it by the service); the form keeps the settings it ran with.
     */
    void showResult(Generation g) {
        cache(g.image().sha256(), g.image());
        Set<Long> deleted = trashed();
        executors.io(() -> read(g.id(), g.request(), port.history(), deleted), this::apply, feedback::showFailure);
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
    private Shown read(long id, GenerationRequest ran, List<GenerationSummary> h, Set<Long> deleted) throws Failure {
        GenerationRequest request = ran;
        Map<String, RgbImage> read = new LinkedHashMap<>();
        if (ran == null) {
            GenerationRecord rec = port.load(id);
            request = rec.request();
            read.put(rec.outputSha256(), rec.output());
        }
        LayerStacks.Stack stack = port.layerStack(id, deleted);
        // the node's image and each layer's generation's: the canvas shows them when the layers set make them
        List<String> wanted = new ArrayList<>();
        GenerationSummary node = summaryIn(h, id);
        if (node != null) {
            wanted.add(node.imageSha256());
        }
        stack.layers().forEach(e -> wanted.add(e.generation().imageSha256()));
        for (String sha : wanted) {
            if (!read.containsKey(sha) && cached(sha) == null) {
                read.put(sha, port.image(sha));
            }
        }
        return new Shown(id, request, ran == null, stack, read, h);
    }

    private static GenerationSummary summaryIn(List<GenerationSummary> h, long id) {
        return h.stream().filter(s -> s.id() == id).findFirst().orElse(null);
    }

    private synchronized RgbImage cached(String sha) {
        return images.get(sha);
    }

    private synchronized void cache(String sha, RgbImage img) {
        images.put(sha, img);
    }

    // ------------------------------------------------------------------ applying (UI thread)

    private void applyHistory(List<GenerationSummary> h) {
        stored = List.copyOf(h);
        trash.retainAll(stored.stream().map(GenerationSummary::id).toList());
        List<GenerationSummary> visible = Histories.withoutDeleted(stored, Set.copyOf(trash));
        byId.clear();
        visible.forEach(s -> byId.put(s.id(), s));
        history.setAll(visible);
        picked.retainAll(byId.keySet());
        variantResults.removeIf(v -> !byId.containsKey(v.id()));
        form.historyChanged(visible);
    }

    private void apply(Shown s) {
        applyHistory(s.history());
        s.images().forEach(this::cache);
        loading = null;
        boolean variant = variantResults.stream().anyMatch(v -> v.id() == s.id());
        if (!variant) {
            variantResults.clear(); // the strip is for choosing among the last batch, not for any node
        }
        selectedId.set(s.id());
        selectedRequest = s.request();
        if (s.restore() && s.request().kind() != PipelineKind.IMPORT) {
            // an imported picture has no settings: the form keeps its own; a variant picked from the batch is
            // worked on in the mode the designer is in
            form.restore(s.request(), variant, s.id());
        }
        layers.show(s.stack(), cachedImageOf(s.id()));
    }

    private void clearSelection() {
        loading = null;
        selectedId.set(null);
        selectedRequest = null;
        layers.clear();
    }

    /** Rewords what is worded in the window's language after a language switch (nothing is read). */
    void relabel() {
        layers.relabel();
    }

    /** The generation whose pixels an edit of what the canvas shows continues from (see {@link LayersViewModel}). */
    Long shownId() {
        return selectedId.get() == null ? null : layers.shownId();
    }

    // ------------------------------------------------------------------ images for the views

    /** A node's output image if it is in memory, else null (see {@link #image}). */
    public RgbImage cachedImageOf(long id) {
        GenerationSummary s = byId.get(id);
        if (s == null) {
            s = summaryIn(stored, id);
        }
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

    // ------------------------------------------------------------------ star, delete and its undo

    /** Stars the selected node, or takes its star away. */
    public void toggleStar() {
        Long id = selectedId.get();
        if (id != null) {
            toggleStar(id);
        }
    }

    /** Stars node {@code id}, or takes its star away. */
    public void toggleStar(long id) {
        GenerationSummary s = byId.get(id);
        if (s == null) {
            return;
        }
        executors.io(() -> {
            port.star(id, !s.starred());
            return port.history();
        }, this::applyHistory, feedback::showFailure);
    }

    /** Deletes the selected node (see {@link #delete}). */
    public void deleteSelected(boolean busy) {
        Long id = selectedId.get();
        if (id != null) {
            delete(id, busy);
        }
    }

    /**
     * Puts node {@code id} in the trash: it leaves the history (its children move up to its parent) and, when it was
     * on the canvas, its parent takes its place with its settings. Not while {@code busy} (a running generation may
     * be its child).
     */
    public void delete(long id, boolean busy) {
        GenerationSummary s = byId.get(id);
        if (s == null || busy) {
            return;
        }
        trash.add(id);
        applyHistory(stored);
        if (Long.valueOf(id).equals(selectedId.get())) {
            Long parent = s.parentId() != null && byId.containsKey(s.parentId()) ? s.parentId() : null;
            if (parent == null) {
                clearSelection();
            } else {
                select(parent);
            }
        } else if (selectedId.get() != null) {
            refresh(); // its layers may have held the deleted edit
        }
        feedback.status(feedback.f("status.deleted", id));
    }

    /** Whether a deleted node can be restored. */
    public boolean canUndoDelete() {
        return !trash.isEmpty();
    }

    /** Restores the node deleted last (Ctrl+Z), and shows it. */
    public void undoDelete() {
        if (trash.isEmpty()) {
            return;
        }
        Long id = trash.remove(trash.size() - 1);
        applyHistory(stored);
        select(id);
        feedback.status(feedback.f("status.restored", id));
    }

    /** The nodes in the trash. */
    Set<Long> trashed() {
        return Set.copyOf(trash);
    }

    /** Takes the nodes out of the trash to delete them for good ({@link #deleteForGood}). */
    Set<Long> takeTrash() {
        Set<Long> t = new LinkedHashSet<>(trash);
        trash.clear();
        return t;
    }

    /** Deletes {@code ids} from the open project for good (on the calling thread: the io thread, or at closing). */
    void deleteForGood(Set<Long> ids) throws Failure {
        for (long id : ids) {
            port.delete(id);
        }
    }

    /** Empties the trash on the calling thread (the window closes); a failure is shown. */
    void emptyTrashNow() {
        try {
            deleteForGood(takeTrash());
        } catch (Failure f) {
            feedback.showFailure(f);
        }
    }

    // ------------------------------------------------------------------ compare

    /** Compare with…: the next node picked ({@link #comparePick}) is compared with {@code id}. */
    public void beginCompare(long id) {
        if (byId.containsKey(id)) {
            comparingFrom.set(id);
            feedback.status(feedback.f("status.compareWith", id));
        }
    }

    /** The node compare waits for a second node for, or null. */
    public ReadOnlyObjectProperty<Long> comparingFromProperty() {
        return comparingFrom.getReadOnlyProperty();
    }

    /**
     * Picks the second node of a comparison begun with {@link #beginCompare}: returns the two (the first one picked
     * first), or null when no comparison waits or the node is the same.
     */
    public long[] comparePick(long id) {
        Long from = comparingFrom.get();
        if (from == null || from == id || !byId.containsKey(id)) {
            return null;
        }
        comparingFrom.set(null);
        feedback.status("");
        return new long[] {from, id};
    }

    /** Esc: no comparison waits any more. */
    public void cancelCompare() {
        if (comparingFrom.get() != null) {
            comparingFrom.set(null);
            feedback.status("");
        }
    }

    /**
     * The two nodes the Compare button compares: the two picked, when exactly two are; else the selection and its
     * parent (else the node before it). Null when there are not two.
     */
    public long[] comparePair() {
        if (picked.size() == 2) {
            return new long[] {picked.get(0), picked.get(1)};
        }
        Long id = selectedId.get();
        Long other = compareCandidate();
        return id == null || other == null ? null : new long[] {other, id};
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

    // ------------------------------------------------------------------ questions the views ask

    public GenerationSummary summary(long id) {
        return byId.get(id);
    }

    public String kindName(PipelineKind k) {
        return feedback.t("kind." + k.id());
    }

    /** A history line's LoRAs, each by name with its weight ("lora: style-a ×0.8"); empty when it has none. */
    public String lorasText(GenerationSummary s) {
        if (s.loras().isEmpty()) {
            return "";
        }
        return feedback.f("history.loras", s.loras().stream().map(l -> feedback.f("history.lora",
                ParametersText.loraName(l.fileName()), ParametersText.plain(l.weight())))
                .collect(Collectors.joining(", ")));
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

    /** The nodes marked with a star, oldest first. */
    public List<Long> starredIds() {
        return history.stream().filter(GenerationSummary::starred).map(GenerationSummary::id).toList();
    }

    /** The nodes picked in the history for a batch export: the ones picked, else the one on the canvas. */
    public List<Long> pickedOrSelected() {
        if (!picked.isEmpty()) {
            return List.copyOf(picked);
        }
        return selectedId.get() == null ? List.of() : List.of(selectedId.get());
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

    /** The nodes picked in the history (several with Ctrl or Shift), in the order picked; the view keeps it. */
    public ObservableList<Long> picked() {
        return picked;
    }

    /** The deleted nodes that can be restored, oldest first (read-only for the views). */
    public ObservableList<Long> trash() {
        return trashView;
    }

    public LayersViewModel layers() {
        return layers;
    }

    public ObservableList<GenerationSummary> variantResults() {
        return variantResults;
    }
}
