package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.iconButton;
import static dev.seedframe.ui.view.Controls.section;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.HistoryViewModel;
import dev.seedframe.ui.viewmodel.LayerItem;
import dev.seedframe.ui.viewmodel.RunViewModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.image.ImageView;
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
 * The history panel (right): the tree of generations with star, compare, replay and delete, the layers of the
 * selection; and the strip of the last batch's variants under the canvas. Bound to the {@link HistoryViewModel}.
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

    VBox panel() {
        tree = new TreeView<>();
        tree.setId("historyTree");
        tree.setShowRoot(false);
        tree.setCellFactory(tv -> new HistoryCell());
        // keys and clicks that change the selection show the node; a click on the selected node shows it again
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!syncingTree && item != null && item.getValue() != null) {
                history.select(item.getValue().id());
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
        VBox right = new VBox(8, head, tree, section(t("section.layers")), layers());
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

    /** Compare, replay and delete. */
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
        delete.setOnAction(e -> confirmDelete());
        // a running generation may be a child of the selection: deleting it mid-run would lose the result
        for (Button b : List.of(replay, delete)) {
            b.disableProperty().bind(history.selectedIdProperty().isNull().or(run.runningProperty()));
        }
        HBox buttons = new HBox(4, compare, replay, delete);
        buttons.setAlignment(Pos.CENTER_LEFT);
        return buttons;
    }

    private Node layers() {
        ListView<LayerItem> layers = new ListView<>(history.layers());
        layers.setId("layers");
        layers.setPrefHeight(150);
        layers.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(LayerItem item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                CheckBox cb = new CheckBox();
                cb.setId("layer-visible-" + item.generationId());
                cb.selectedProperty().bindBidirectional(item.visible());
                cb.setDisable(item.base());
                ImageView iv = new ImageView();
                thumbs.into(iv, history.summary(item.generationId()));
                iv.setFitWidth(32);
                iv.setFitHeight(32);
                iv.setPreserveRatio(true);
                HBox row = new HBox(8, cb, iv, new Label(item.label()));
                row.setAlignment(Pos.CENTER_LEFT);
                setGraphic(row);
                setText(null);
            }
        });
        return layers;
    }

    // ------------------------------------------------------------------ compare and delete

    /**
     * Opens the compare window for the selection and its parent (else the previous node); returns it when it opened
     * at once (both images in memory), null when there is nothing to compare or it opens once they are read.
     */
    Stage openCompare() {
        Long a = history.selectedId();
        Long b = history.compareCandidate();
        if (a == null || b == null) {
            return null;
        }
        Stage[] shown = new Stage[1];
        history.image(a, ia -> history.image(b, ib -> shown[0] = CompareDialog.show(window.get(), i18n, "#" + b, ib,
                "#" + a, ia, history.offsetIn(a, b))));
        return shown[0];
    }

    /** Deleting cannot be undone: the designer confirms, told what happens to the node's children. */
    private void confirmDelete() {
        Long id = history.selectedId();
        if (id == null) {
            return;
        }
        int children = history.childCount(id);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(window.get());
        alert.setTitle(i18n.f("confirm.delete.title", id));
        alert.setHeaderText(i18n.f("confirm.delete.title", id));
        alert.setContentText(t("confirm.delete.text")
                + (children > 0 ? " " + i18n.f("confirm.delete.children", children) : ""));
        alert.getDialogPane().getStylesheets().addAll(root.getScene().getStylesheets());
        alert.getDialogPane().lookupButton(ButtonType.OK).setId("confirmDelete");
        alert.getDialogPane().lookupButton(ButtonType.CANCEL).setId("cancelDelete");
        alert.showAndWait().filter(b -> b == ButtonType.OK)
                .ifPresent(b -> history.deleteSelected(run.isRunning()));
    }

    // ------------------------------------------------------------------ the tree

    private void rebuildTree() {
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
            if (found != null && tree.getSelectionModel().getSelectedItem() != found) {
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
                if (e.getButton() == MouseButton.PRIMARY && s != null && !isEmpty()) {
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
            Label prompt = new Label(i18n.f("history.seed", s.seed()) + "  ·  " + p);
            prompt.getStyleClass().add("node-prompt");
            HBox titleLine = new HBox(6, title);
            titleLine.setAlignment(Pos.CENTER_LEFT);
            if (s.starred()) { // on the short title line, where a long prompt cannot push it out of sight
                var starIcon = Icons.of("mdi2s-star");
                starIcon.getStyleClass().add("star");
                titleLine.getChildren().add(starIcon);
            }
            HBox row = new HBox(8, frame, new VBox(2, titleLine, prompt));
            row.setAlignment(Pos.CENTER_LEFT);
            setId("node-" + s.id());
            setGraphic(row);
            setText(null);
        }
    }
}
