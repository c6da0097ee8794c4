package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.iconButton;
import static dev.seedframe.ui.view.Controls.section;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.HistoryViewModel;
import dev.seedframe.ui.viewmodel.RunViewModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The history panel (right): the tree of generations with star, compare, replay, delete and its undo, a menu on each
 * row (star, compare with…, replay, export, delete), several nodes picked with Ctrl or Shift; the layers panel under
 * it ({@link LayersView}); and the strip of the last batch's variants under the canvas. Bound to the {@link
 * HistoryViewModel}.
 */
final class HistoryView {

    static final int THUMB = 44;
    /** Below this height (px) the variants strip shows small thumbnails. */
    private static final double SHORT_WINDOW = 800;

    private final HistoryViewModel history;
    private final RunViewModel run;
    private final I18n i18n;
    private final Subscriptions subscriptions;
    private final Thumbnails thumbs;
    private final Region root;
    private final Supplier<Window> window;
    private TreeView<GenerationSummary> tree;
    private boolean syncingTree;
    private LongConsumer exportNode;
    /** The history the tree was built from. */
    private List<GenerationSummary> built;

    /**
     * @param root the window's content (its height sizes the variant tiles; its style sheets style the dialogs)
     */
    HistoryView(HistoryViewModel history, RunViewModel run, I18n i18n, Subscriptions subscriptions, Region root,
            Supplier<Window> window) {
        this.history = history;
        this.run = run;
        this.i18n = i18n;
        this.subscriptions = subscriptions;
        this.thumbs = new Thumbnails(history);
        this.root = root;
        this.window = window;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    /** The thumbnails made for the tree, shared with the layers panel. */
    Thumbnails thumbnails() {
        return thumbs;
    }

    // ------------------------------------------------------------------ variants

    Node variantsStrip() {
        TilePane tiles = new TilePane(8, 8);
        tiles.setId("variants");
        tiles.setPrefColumns(8);
        Label title = new Label(t("variants.title"));
        title.getStyleClass().add("section");
        VBox box = new VBox(6, title, tiles);
        box.getStyleClass().add("variants");
        Runnable fill = () -> {
            tiles.getChildren().clear();
            for (GenerationSummary s : history.variantResults()) {
                ImageView iv = new ImageView();
                thumbs.into(iv, s);
                // smaller in a short window, where the canvas needs the height more
                iv.fitWidthProperty().bind(Bindings.when(root.heightProperty().lessThan(SHORT_WINDOW))
                        .then(56).otherwise(96));
                iv.fitHeightProperty().bind(iv.fitWidthProperty());
                iv.setPreserveRatio(true);
                Button b = new Button(String.valueOf(s.seed()), iv);
                b.setContentDisplay(ContentDisplay.TOP);
                b.setId("variant-" + s.id());
                b.getStyleClass().add("variant");
                if (Long.valueOf(s.id()).equals(history.selectedId())) {
                    b.getStyleClass().add("picked"); // the variant the canvas shows
                }
                b.setOnAction(e -> history.select(s.id()));
                tiles.getChildren().add(b);
            }
        };
        subscriptions.listen(history.variantResults(), (ListChangeListener<GenerationSummary>) c -> fill.run());
        subscriptions.listen(history.selectedIdProperty(), (o, a, id) -> fill.run());
        fill.run();
        box.visibleProperty().bind(Bindings.isNotEmpty(history.variantResults()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    // ------------------------------------------------------------------ tree, buttons, layers

    /**
     * The panel: the history with its buttons, the layers of the node on the canvas under it.
     *
     * @param layers the layers panel
     * @param exportNode writes a node's PNG (the context menu's Export…)
     */
    VBox panel(LayersView layers, Node layerButtons, LongConsumer exportNode) {
        this.exportNode = exportNode;
        tree = new TreeView<>();
        tree.setId("historyTree");
        tree.setShowRoot(false);
        tree.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        tree.setCellFactory(tv -> new HistoryCell());
        // keys and clicks that change the selection show the node; a click on the selected node shows it again
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!syncingTree && item != null && item.getValue() != null) {
                history.select(item.getValue().id());
            }
        });
        // several nodes picked with Ctrl or Shift are what File → Export several → Selected exports
        tree.getSelectionModel().getSelectedItems().addListener((ListChangeListener<TreeItem<GenerationSummary>>) c -> {
            if (!syncingTree) {
                history.picked().setAll(tree.getSelectionModel().getSelectedItems().stream()
                        .filter(i -> i != null && i.getValue() != null).map(i -> i.getValue().id()).toList());
            }
        });
        tree.setOnKeyPressed(e -> {
            TreeItem<GenerationSummary> item = tree.getSelectionModel().getSelectedItem();
            if ((e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) && !e.isShortcutDown()
                    && item != null && item.getValue() != null) {
                history.delete(item.getValue().id(), run.isRunning()); // the node the tree shows selected
                e.consume();
            }
        });
        subscriptions.listen(history.history(), (ListChangeListener<GenerationSummary>) c -> rebuildTree());
        subscriptions.listen(history.selectedIdProperty(), (o, a, id) -> syncTreeSelection());
        rebuildTree();
        VBox.setVgrow(tree, Priority.ALWAYS);

        Label h = section(t("section.history"));
        h.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(h, Priority.ALWAYS);
        HBox head = new HBox(4, h, starButton(), selectionButtons());
        head.setAlignment(Pos.CENTER_LEFT);
        Label l = section(t("section.layers"));
        l.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(l, Priority.ALWAYS);
        HBox layersHead = new HBox(4, l, layerButtons);
        layersHead.setAlignment(Pos.CENTER_LEFT);
        VBox right = new VBox(8, head, tree, layersHead, layers.list());
        right.getStyleClass().add("right-panel");
        right.setPadding(new Insets(12, 12, 12, 10));
        return right;
    }

    private Button starButton() {
        Button star = iconButton("mdi2s-star-outline", t("history.star"));
        star.setId("star");
        star.setOnAction(e -> history.toggleStar());
        Runnable starState = () -> {
            Long id = history.selectedId();
            GenerationSummary s = id == null ? null : history.summary(id);
            boolean starred = s != null && s.starred();
            star.setGraphic(Icons.of(starred ? "mdi2s-star" : "mdi2s-star-outline"));
            star.setTooltip(new Tooltip(t(starred ? "history.unstar" : "history.star")));
        };
        subscriptions.listen(history.selectedIdProperty(), (o, a, b) -> starState.run());
        subscriptions.listen(history.history(), (ListChangeListener<GenerationSummary>) c -> starState.run());
        starState.run();
        star.disableProperty().bind(history.selectedIdProperty().isNull());
        return star;
    }

    /** Compare, replay, delete, and the undo of a delete. */
    private Node selectionButtons() {
        Button compare = iconButton("mdi2c-compare", t("history.compare"));
        compare.setId("compare");
        compare.setOnAction(e -> openCompare());
        compare.disableProperty().bind(history.selectedIdProperty().isNull());
        Button replay = iconButton("mdi2r-replay", t("history.replay"));
        replay.setId("replay");
        replay.setOnAction(e -> run.replaySelected());
        Button delete = iconButton("mdi2d-delete-outline", t("history.delete"));
        delete.setId("delete");
        delete.setOnAction(e -> history.deleteSelected(run.isRunning()));
        // a running generation may be a child of the selection: deleting it mid-run would lose the result
        for (Button b : List.of(replay, delete)) {
            b.disableProperty().bind(history.selectedIdProperty().isNull().or(run.runningProperty()));
        }
        Button undo = iconButton("mdi2d-delete-restore", t("history.undoDelete"));
        undo.setId("undoDelete");
        undo.setOnAction(e -> history.undoDelete());
        Runnable undoState = () -> {
            List<Long> trash = history.trash();
            undo.setVisible(!trash.isEmpty());
            if (!trash.isEmpty()) {
                undo.setTooltip(new Tooltip(i18n.f("history.undoDeleteOf", trash.get(trash.size() - 1))));
            }
        };
        subscriptions.listen(history.trash(), (ListChangeListener<Long>) c -> undoState.run());
        undoState.run();
        undo.managedProperty().bind(undo.visibleProperty());
        HBox buttons = new HBox(4, compare, replay, delete, undo);
        buttons.setAlignment(Pos.CENTER_LEFT);
        return buttons;
    }

    // ------------------------------------------------------------------ compare

    /**
     * Opens the compare window for the two nodes picked, else the selection and its parent (else the previous node);
     * returns it when it opened at once (both images in memory), null when there is nothing to compare or it opens
     * once they are read.
     */
    Stage openCompare() {
        long[] pair = history.comparePair();
        return pair == null ? null : openCompare(pair[0], pair[1]);
    }

    /** Opens the compare window for {@code before} and {@code after} (see {@link #openCompare()}). */
    Stage openCompare(long before, long after) {
        Stage[] shown = new Stage[1];
        history.image(before, ia -> history.image(after, ib -> shown[0] = CompareDialog.show(window.get(), i18n,
                "#" + before, ia, "#" + after, ib, history.offsetIn(after, before))));
        return shown[0];
    }

    /** A row's menu: star, compare with…, compare with the node on the canvas, replay, export, delete. */
    private ContextMenu rowMenu(GenerationSummary s) {
        long id = s.id();
        MenuItem star = new MenuItem(t(s.starred() ? "history.unstar" : "history.star"),
                Icons.of(s.starred() ? "mdi2s-star-off-outline" : "mdi2s-star-outline"));
        star.setOnAction(e -> history.toggleStar(id));
        MenuItem compareWith = new MenuItem(t("history.compareWith"), Icons.of("mdi2c-compare"));
        compareWith.setId("row-compareWith");
        compareWith.setOnAction(e -> history.beginCompare(id));
        MenuItem withShown = new MenuItem();
        withShown.setId("row-compareWithShown");
        withShown.setOnAction(e -> {
            Long shown = history.selectedId();
            if (shown != null && shown != id) {
                openCompare(shown, id);
            }
        });
        MenuItem replay = new MenuItem(t("history.replayShort"), Icons.of("mdi2r-replay"));
        replay.setOnAction(e -> run.replay(id));
        MenuItem export = new MenuItem(t("history.export"), Icons.of("mdi2e-export"));
        export.setOnAction(e -> exportNode.accept(id));
        MenuItem delete = new MenuItem(t("history.delete"), Icons.of("mdi2d-delete-outline"));
        delete.setId("row-delete");
        delete.setOnAction(e -> history.delete(id, run.isRunning()));
        ContextMenu menu = new ContextMenu(star, compareWith, withShown, replay, export, new SeparatorMenuItem(),
                delete);
        // what changes while the row stays: the node on the canvas, whether a generation runs
        menu.setOnShowing(e -> {
            Long shown = history.selectedId();
            boolean other = shown != null && shown != id;
            withShown.setVisible(other);
            withShown.setText(other ? i18n.f("history.compareWithShown", shown) : "");
            replay.setDisable(run.isRunning());
            delete.setDisable(run.isRunning());
        });
        return menu;
    }

    // ------------------------------------------------------------------ the tree

    private void rebuildTree() {
        if (history.history().equals(built)) {
            return; // read again, unchanged: the tree and the nodes picked in it stay
        }
        built = List.copyOf(history.history());
        TreeItem<GenerationSummary> rootItem = new TreeItem<>();
        Map<Long, TreeItem<GenerationSummary>> items = new HashMap<>();
        for (GenerationSummary s : history.history()) {
            TreeItem<GenerationSummary> it = new TreeItem<>(s);
            it.setExpanded(true);
            items.put(s.id(), it);
        }
        for (GenerationSummary s : history.history()) {
            TreeItem<GenerationSummary> parent = s.parentId() == null ? null : items.get(s.parentId());
            (parent != null ? parent : rootItem).getChildren().add(items.get(s.id()));
        }
        syncingTree = true;
        tree.setRoot(rootItem);
        syncingTree = false;
        syncTreeSelection();
    }

    private void syncTreeSelection() {
        Long id = history.selectedId();
        syncingTree = true;
        try {
            if (id == null) {
                tree.getSelectionModel().clearSelection();
                return;
            }
            TreeItem<GenerationSummary> found = find(tree.getRoot(), id);
            if (found != null && !tree.getSelectionModel().getSelectedItems().contains(found)) {
                tree.getSelectionModel().clearSelection();
                tree.getSelectionModel().select(found);
                int row = tree.getRow(found);
                if (row >= 0) {
                    tree.scrollTo(Math.max(0, row - 3));
                }
            }
        } finally {
            syncingTree = false;
        }
    }

    private static TreeItem<GenerationSummary> find(TreeItem<GenerationSummary> item, long id) {
        if (item == null) {
            return null;
        }
        if (item.getValue() != null && item.getValue().id() == id) {
            return item;
        }
        for (TreeItem<GenerationSummary> c : item.getChildren()) {
            TreeItem<GenerationSummary> f = find(c, id);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** A history node: thumbnail, id and kind, seed, prompt, star; a click shows it, also when it is selected. */
    private final class HistoryCell extends TreeCell<GenerationSummary> {

        HistoryCell() {
            setOnMouseClicked(e -> {
                GenerationSummary s = getItem();
                if (e.getButton() != MouseButton.PRIMARY || s == null || isEmpty()) {
                    return;
                }
                long[] pair = history.comparePick(s.id());
                if (pair != null) {
                    openCompare(pair[0], pair[1]); // Compare with…: this is the second node
                } else if (!e.isShortcutDown() && !e.isShiftDown()) {
                    history.select(s.id());
                }
            });
        }

        @Override
        protected void updateItem(GenerationSummary s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                setText(null);
                setContextMenu(null);
                setId(null); // an empty cell is no node's
                return;
            }
            ImageView iv = new ImageView();
            thumbs.into(iv, s);
            iv.setFitWidth(THUMB);
            iv.setFitHeight(THUMB);
            iv.setPreserveRatio(true);
            StackPane frame = new StackPane(iv);
            frame.getStyleClass().add("thumb");
            frame.setMinSize(THUMB + 4, THUMB + 4);
            frame.setMaxSize(THUMB + 4, THUMB + 4);
            Label title = new Label("#" + s.id() + "  " + history.kindName(s.kind()));
            title.getStyleClass().add("node-title");
            String p = s.prompt() == null ? "" : s.prompt().replace('\n', ' ');
            Label prompt = new Label(s.kind() == dev.seedframe.domain.PipelineKind.IMPORT
                    ? i18n.f("history.imported", s.width(), s.height()) // a picture brought in has no seed
                    : i18n.f("history.seed", s.seed()) + "  ·  " + p);
            prompt.getStyleClass().add("node-prompt");
            HBox titleLine = new HBox(6, title);
            titleLine.setAlignment(Pos.CENTER_LEFT);
            if (s.starred()) { // on the short title line, where a long prompt cannot push it out of sight
                var starIcon = Icons.of("mdi2s-star");
                starIcon.getStyleClass().add("star");
                titleLine.getChildren().add(starIcon);
            }
            VBox text = new VBox(2, titleLine, prompt);
            String loras = history.lorasText(s);
            if (!loras.isEmpty()) {
                Label loraLine = new Label(loras);
                loraLine.getStyleClass().addAll("node-prompt", "node-loras");
                loraLine.setTooltip(new Tooltip(loras)); // the panel is narrow
                text.getChildren().add(loraLine);
            }
            HBox row = new HBox(8, frame, text);
            row.setAlignment(Pos.CENTER_LEFT);
            setId("node-" + s.id());
            setGraphic(row);
            setText(null);
            setContextMenu(rowMenu(s));
        }
    }
}
