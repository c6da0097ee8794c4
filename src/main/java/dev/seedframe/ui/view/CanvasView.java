package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.iconButton;
import static dev.seedframe.ui.view.Controls.labelled;
import static dev.seedframe.ui.view.Controls.toolGroup;

import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.CanvasViewModel;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The canvas panel (centre): the tool bar (brush, eraser, size, hardness, overlay; undo, redo, invert, clear; fit,
 * 1:1, zoom) over the {@link ImageCanvas}, bound to the {@link CanvasViewModel}.
 */
final class CanvasView {

    private final CanvasViewModel canvasModel;
    private final ImageCanvas canvas;
    private final I18n i18n;
    private final Subscriptions subscriptions;

    CanvasView(CanvasViewModel canvasModel, I18n i18n, Subscriptions subscriptions) {
        this.canvasModel = canvasModel;
        this.canvas = new ImageCanvas(canvasModel);
        this.i18n = i18n;
        this.subscriptions = subscriptions;
    }

    ImageCanvas canvas() {
        return canvas;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    /** The panel, with {@code bottom} (variants, progress) under the canvas. */
    Node panel(Node bottom) {
        Label empty = new Label(t("canvas.empty"));
        empty.getStyleClass().add("empty-hint");
        empty.setMouseTransparent(true);
        empty.visibleProperty().bind(canvasModel.imageProperty().isNull().and(canvasModel.previewProperty().isNull()));
        BorderPane c = new BorderPane(new StackPane(canvas, empty));
        c.setTop(toolBar());
        c.setBottom(bottom);
        c.getStyleClass().add("center");
        return c;
    }

    private Node toolBar() {
        ToggleGroup tools = new ToggleGroup();
        ToggleButton brush = new ToggleButton(null, Icons.of("mdi2b-brush"));
        brush.setId("brushTool");
        brush.setTooltip(new Tooltip(t("tool.brush")));
        brush.setToggleGroup(tools);
        ToggleButton eraser = new ToggleButton(null, Icons.of("mdi2e-eraser"));
        eraser.setId("eraserTool");
        eraser.setTooltip(new Tooltip(t("tool.eraser")));
        eraser.setToggleGroup(tools);
        brush.setSelected(!canvasModel.eraserProperty().get());
        eraser.setSelected(canvasModel.eraserProperty().get());
        tools.selectedToggleProperty().addListener((o, a, s) -> {
            if (s == null) {
                a.setSelected(true);
                return;
            }
            canvasModel.eraserProperty().set(s == eraser);
        });
        subscriptions.listen(canvasModel.eraserProperty(), (o, a, v) -> (v ? eraser : brush).setSelected(true));

        Slider size = NumberFields.slider("brushSize", 1, 256, canvasModel.brushSizeProperty());
        Label sizeValue = new Label();
        sizeValue.getStyleClass().add("value");
        sizeValue.textProperty().bind(canvasModel.brushSizeProperty().asString("%.0f px"));
        sizeValue.setMinWidth(48);
        Slider hardness = NumberFields.slider("hardness", 0, 1, canvasModel.brushHardnessProperty());
        Slider opacity = NumberFields.slider("maskOpacity", 0, 1, canvasModel.overlayOpacityProperty());
        Button invert = action("invertMask", "mdi2i-invert-colors", "tool.invert", canvasModel::invertMask);
        Button clear = action("clearMask", "mdi2s-selection-remove", "tool.clear", canvasModel::clearMask);
        Button undo = action("undoMask", "mdi2u-undo", "tool.undo", canvasModel::undoMask);
        Button redo = action("redoMask", "mdi2r-redo", "tool.redo", canvasModel::redoMask);
        Button fit = action("fit", "mdi2f-fit-to-screen-outline", "canvas.fit", canvas::fit);
        Button actual = new Button("1:1");
        actual.setId("actualSize");
        actual.setTooltip(new Tooltip(t("canvas.actual")));
        actual.setOnAction(e -> canvas.actualSize());
        Button zoomIn = iconButton("mdi2m-magnify-plus-outline", t("canvas.zoomIn"));
        zoomIn.setOnAction(e -> canvas.zoom(1.25, canvas.getWidth() / 2, canvas.getHeight() / 2));
        // Three groups that wrap onto a second row in a narrow window instead of hiding tools in an overflow
        // menu; the mask's tools show only in Inpaint mode, the one mode that paints a mask.
        HBox brushGroup = toolGroup("brushTools", brush, eraser, labelled("mdi2r-radiobox-marked", t("tool.size"), size),
                sizeValue, labelled("mdi2b-blur", t("tool.hardness"), hardness),
                labelled("mdi2c-circle-opacity", t("tool.overlay"), opacity));
        HBox maskGroup = toolGroup("maskTools", undo, redo, invert, clear);
        HBox viewGroup = toolGroup("viewTools", fit, actual, zoomIn);
        for (HBox g : List.of(brushGroup, maskGroup)) {
            g.visibleProperty().bind(canvasModel.maskingBinding());
            g.managedProperty().bind(g.visibleProperty());
        }
        FlowPane bar = new FlowPane(brushGroup, maskGroup, viewGroup);
        bar.setId("canvasBar");
        bar.getStyleClass().add("canvas-bar");
        return bar;
    }

    private Button action(String id, String icon, String tooltipKey, Runnable r) {
        Button b = iconButton(icon, t(tooltipKey));
        b.setId(id);
        b.setOnAction(e -> r.run());
        return b;
    }
}
