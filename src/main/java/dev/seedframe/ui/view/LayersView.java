package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.iconButton;

import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.HistoryViewModel;
import dev.seedframe.ui.viewmodel.LayerItem;
import dev.seedframe.ui.viewmodel.LayersViewModel;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The layers panel (right, under the history): the layers of the node on the canvas, topmost first, each with a
 * visibility box, a thumbnail, its name and an opacity slider; the flattened picture and the OpenRaster file are
 * exported from its head. Bound to the {@link LayersViewModel}.
 */
final class LayersView {

    private final LayersViewModel layers;
    private final Thumbnails thumbs;
    private final HistoryViewModel history;
    private final I18n i18n;

    LayersView(LayersViewModel layers, HistoryViewModel history, Thumbnails thumbs, I18n i18n) {
        this.layers = layers;
        this.history = history;
        this.thumbs = thumbs;
        this.i18n = i18n;
    }

    /** The export buttons for the panel's head: {@code flatten} and {@code ora} choose the file and export. */
    Node exportButtons(Runnable flatten, Runnable ora) {
        Button flat = iconButton("mdi2l-layers-outline", i18n.t("layers.exportFlat"));
        flat.setId("exportFlattened");
        flat.setOnAction(e -> flatten.run());
        Button raster = iconButton("mdi2l-layers-triple-outline", i18n.t("layers.exportOra"));
        raster.setId("exportOra");
        raster.setOnAction(e -> ora.run());
        for (Button b : new Button[] {flat, raster}) {
            b.disableProperty().bind(layers.nodeIdProperty().isNull());
        }
        HBox box = new HBox(4, flat, raster);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    Node list() {
        ListView<LayerItem> list = new ListView<>(layers.rows());
        list.setId("layers");
        list.setPrefHeight(170);
        list.setCellFactory(lv -> new LayerCell());
        return list;
    }

    /** A layer: its box, thumbnail and name on one line, its opacity under them (the base has neither). */
    private final class LayerCell extends ListCell<LayerItem> {

        /** The row's bindings to its item, undone when the cell shows another. */
        private Consumer<LayerItem> unbind;

        @Override
        protected void updateItem(LayerItem item, boolean empty) {
            super.updateItem(item, empty);
            if (unbind != null) {
                unbind.accept(null);
                unbind = null;
            }
            setText(null);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            CheckBox visible = new CheckBox();
            visible.setId("layer-visible-" + item.generationId());
            visible.setSelected(item.visible().get());
            visible.selectedProperty().bindBidirectional(item.visible());
            visible.setDisable(item.base());
            visible.setTooltip(new Tooltip(i18n.t(item.base() ? "layers.baseAlways" : "layers.visible")));
            ImageView iv = new ImageView();
            thumbs.into(iv, history.summary(item.generationId()));
            iv.setFitWidth(32);
            iv.setFitHeight(32);
            iv.setPreserveRatio(true);
            Label name = new Label(item.label());
            name.setMinWidth(0);
            HBox line = new HBox(8, visible, iv, name);
            line.setAlignment(Pos.CENTER_LEFT);
            if (item.base()) {
                setGraphic(line);
                unbind = x -> visible.selectedProperty().unbindBidirectional(item.visible());
                return;
            }
            Slider opacity = new Slider(0, 1, item.opacity().get());
            opacity.setId("layer-opacity-" + item.generationId());
            opacity.valueProperty().bindBidirectional(item.opacity());
            opacity.disableProperty().bind(item.visible().not());
            Tooltip.install(opacity, new Tooltip(i18n.t("layers.opacity")));
            Label percent = new Label();
            percent.getStyleClass().add("value");
            percent.textProperty().bind(item.opacity().multiply(100).asString("%.0f %%"));
            percent.setMinWidth(Region.USE_PREF_SIZE);
            HBox.setHgrow(opacity, Priority.ALWAYS);
            opacity.setMaxWidth(Double.MAX_VALUE);
            HBox slider = new HBox(6, opacity, percent);
            slider.setAlignment(Pos.CENTER_LEFT);
            slider.setPadding(new javafx.geometry.Insets(0, 0, 0, 26));
            setGraphic(new VBox(2, line, slider));
            unbind = x -> {
                visible.selectedProperty().unbindBidirectional(item.visible());
                opacity.valueProperty().unbindBidirectional(item.opacity());
            };
        }
    }
}
