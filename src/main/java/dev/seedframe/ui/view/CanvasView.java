package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.iconButton;
import static dev.seedframe.ui.view.Controls.labelled;
import static dev.seedframe.ui.view.Controls.toolGroup;

import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.CanvasViewModel;
import dev.seedframe.ui.viewmodel.MaskFilesViewModel;
import dev.seedframe.ui.viewmodel.MaskTool;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import javafx.stage.Window;

/**
 * The canvas panel (centre): the tool bar over the {@link ImageCanvas}, bound to the {@link CanvasViewModel} and
 * the {@link MaskFilesViewModel}. In Inpaint mode: the mask tools (brush, rectangle, lasso, polygon), add or
 * subtract, brush size and hardness; overlay colour and opacity; undo, redo, invert, clear, the mask from the
 * picture's transparency, mask import and export. Always: fit, 1:1, zoom.
 */
final class CanvasView {

    /** The empty canvas's hint wraps at this width (px), centred, so it reads as a few short lines. */
    private static final double EMPTY_HINT_WIDTH = 440;

    private final CanvasViewModel canvasModel;
    private final MaskFilesViewModel maskFiles;
    private final ImageCanvas canvas;
    private final I18n i18n;
    private final Subscriptions subscriptions;
    private final Supplier<Window> window;
    private final Supplier<Choosers> choosers;

    CanvasView(CanvasViewModel canvasModel, MaskFilesViewModel maskFiles, I18n i18n, Subscriptions subscriptions,
            Supplier<Window> window, Supplier<Choosers> choosers) {
        this.choosers = choosers;
        this.canvasModel = canvasModel;
        this.maskFiles = maskFiles;
        this.canvas = new ImageCanvas(canvasModel, i18n);
        this.i18n = i18n;
        this.subscriptions = subscriptions;
        this.window = window;
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
        empty.setWrapText(true);
        empty.setTextAlignment(TextAlignment.CENTER);
        empty.setMaxWidth(EMPTY_HINT_WIDTH);
        empty.visibleProperty().bind(canvasModel.imageProperty().isNull().and(canvasModel.previewProperty().isNull()));
        BorderPane c = new BorderPane(new StackPane(canvas, empty));
        c.setTop(toolBar());
        c.setBottom(bottom);
        c.getStyleClass().add("center");
        return c;
    }

    private Node toolBar() {
        // Groups that wrap onto a second row in a narrow window instead of hiding tools in an overflow menu; the
        // mask's tools show only in Inpaint mode, the one mode that paints a mask.
        HBox brushGroup = toolGroup("brushTools", toolToggles(), addOrSubtract());
        HBox brushSettings = brushSettings();
        HBox overlayGroup = toolGroup("overlayTools", overlayColour(),
                labelled("mdi2c-circle-opacity", t("tool.overlay"),
                        NumberFields.slider("maskOpacity", 0, 1, canvasModel.overlayOpacityProperty())));
        HBox maskGroup = toolGroup("maskTools",
                action("undoMask", "mdi2u-undo", "tool.undo", canvasModel::undoMask),
                action("redoMask", "mdi2r-redo", "tool.redo", canvasModel::redoMask),
                action("invertMask", "mdi2i-invert-colors", "tool.invert", canvasModel::invertMask),
                action("clearMask", "mdi2s-selection-remove", "tool.clear", canvasModel::clearMask),
                fromAlpha(),
                action("importMask", "mdi2f-file-import-outline", "tool.importMask", this::importMask),
                action("exportMask", "mdi2f-file-export-outline", "tool.exportMask", this::exportMask));
        Button actual = new Button("1:1");
        actual.setId("actualSize");
        actual.setTooltip(new Tooltip(t("canvas.actual")));
        actual.setOnAction(e -> canvas.actualSize());
        Button zoomIn = iconButton("mdi2m-magnify-plus-outline", t("canvas.zoomIn"));
        zoomIn.setOnAction(e -> canvas.zoom(1.25, canvas.getWidth() / 2, canvas.getHeight() / 2));
        HBox viewGroup = toolGroup("viewTools", action("fit", "mdi2f-fit-to-screen-outline", "canvas.fit",
                canvas::fit), actual, zoomIn);
        for (HBox g : List.of(brushGroup, overlayGroup, maskGroup)) {
            g.visibleProperty().bind(canvasModel.maskingBinding());
            g.managedProperty().bind(g.visibleProperty());
        }
        // the brush's size and hardness matter to the brush only
        brushSettings.visibleProperty().bind(canvasModel.maskingBinding()
                .and(canvasModel.toolProperty().isEqualTo(MaskTool.BRUSH)));
        brushSettings.managedProperty().bind(brushSettings.visibleProperty());
        FlowPane bar = new FlowPane(brushGroup, brushSettings, overlayGroup, maskGroup, viewGroup);
        bar.setId("canvasBar");
        bar.getStyleClass().add("canvas-bar");
        return bar;
    }

    /** Brush, rectangle, lasso, polygon: one chosen at a time. */
    private Node toolToggles() {
        ToggleGroup group = new ToggleGroup();
        HBox box = new HBox(2);
        String[][] tools = {{"brushTool", "mdi2b-brush"}, {"rectangleTool", "mdi2v-vector-rectangle"},
            {"lassoTool", "mdi2l-lasso"}, {"polygonTool", "mdi2v-vector-polygon"}};
        for (MaskTool tool : MaskTool.values()) {
            ToggleButton b = new ToggleButton(null, Icons.of(tools[tool.ordinal()][1]));
            b.setId(tools[tool.ordinal()][0]);
            b.setUserData(tool);
            b.setTooltip(new Tooltip(t("tool." + tool.name().toLowerCase(Locale.ROOT))));
            b.setToggleGroup(group);
            b.setSelected(canvasModel.toolProperty().get() == tool);
            box.getChildren().add(b);
        }
        keepOneSelected(group, s -> canvasModel.toolProperty().set((MaskTool) s.getUserData()));
        subscriptions.listen(canvasModel.toolProperty(), (o, a, tool) -> group.getToggles().stream()
                .filter(x -> x.getUserData() == tool).findFirst().ifPresent(x -> x.setSelected(true)));
        return box;
    }

    /** Add to the mask or take away from it (Alt turns a gesture around). */
    private Node addOrSubtract() {
        ToggleGroup group = new ToggleGroup();
        ToggleButton add = new ToggleButton(null, Icons.of("mdi2p-plus-box-outline"));
        add.setId("addMode");
        add.setTooltip(new Tooltip(t("tool.add")));
        ToggleButton subtract = new ToggleButton(null, Icons.of("mdi2m-minus-box-outline"));
        subtract.setId("subtractMode");
        subtract.setTooltip(new Tooltip(t("tool.subtract")));
        add.setToggleGroup(group);
        subtract.setToggleGroup(group);
        (canvasModel.subtractProperty().get() ? subtract : add).setSelected(true);
        keepOneSelected(group, s -> canvasModel.subtractProperty().set(s == subtract));
        subscriptions.listen(canvasModel.subtractProperty(), (o, a, v) -> (v ? subtract : add).setSelected(true));
        return new HBox(2, add, subtract);
    }

    /** A toggle group in which one stays chosen: a click on the chosen one keeps it. */
    private static void keepOneSelected(ToggleGroup group, java.util.function.Consumer<javafx.scene.control.Toggle>
            chosen) {
        group.selectedToggleProperty().addListener((o, a, s) -> {
            if (s == null) {
                a.setSelected(true);
                return;
            }
            chosen.accept(s);
        });
    }

    /** The brush's size and hardness. */
    private HBox brushSettings() {
        Slider size = NumberFields.slider("brushSize", 1, 256, canvasModel.brushSizeProperty());
        Label sizeValue = new Label();
        sizeValue.getStyleClass().add("value");
        sizeValue.textProperty().bind(canvasModel.brushSizeProperty().asString("%.0f px"));
        sizeValue.setMinWidth(48);
        Slider hardness = NumberFields.slider("hardness", 0, 1, canvasModel.brushHardnessProperty());
        return toolGroup("brushSettings", labelled("mdi2r-radiobox-marked", t("tool.size"), size), sizeValue,
                labelled("mdi2b-blur", t("tool.hardness"), hardness));
    }

    /** The overlay's colour: the default orange-red vanishes on red artwork. */
    private Node overlayColour() {
        ColorPicker picker = new ColorPicker(rgb(canvasModel.overlayRgbProperty().get()));
        picker.setId("overlayColour");
        picker.getStyleClass().add(ColorPicker.STYLE_CLASS_BUTTON);
        picker.setStyle("-fx-color-label-visible: false;");
        picker.setTooltip(new Tooltip(t("tool.overlayColour")));
        picker.valueProperty().addListener((o, a, c) -> canvasModel.overlayRgbProperty().set(
                (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                        | (int) Math.round(c.getBlue() * 255)));
        subscriptions.listen(canvasModel.overlayRgbProperty(), (o, a, v) -> picker.setValue(rgb(v.intValue())));
        return picker;
    }

    private static Color rgb(int v) {
        return Color.rgb(v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff);
    }

    private Node fromAlpha() {
        Button b = action("maskFromAlpha", "mdi2c-checkerboard", "tool.fromAlpha", maskFiles::maskFromAlpha);
        b.disableProperty().bind(maskFiles.alphaAvailableProperty().not());
        return b;
    }

    private void importMask() {
        choosers.get().openFile(window.get(), t("tool.importMask"), t("tool.maskFiles"), List.of("png"), null)
                .ifPresent(maskFiles::importMask);
    }

    private void exportMask() {
        choosers.get().saveFile(window.get(), t("tool.exportMask"), t("tool.maskFiles"), "png", "mask.png", null)
                .ifPresent(maskFiles::exportMask);
    }

    private Button action(String id, String icon, String tooltipKey, Runnable r) {
        Button b = iconButton(icon, t(tooltipKey));
        b.setId(id);
        b.setOnAction(e -> r.run());
        return b;
    }
}
