package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.fieldLabel;
import static dev.seedframe.ui.view.Controls.section;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.CanvasViewModel;
import dev.seedframe.ui.viewmodel.ContextBoxModel;
import dev.seedframe.ui.viewmodel.GenerationFormViewModel;
import dev.seedframe.ui.viewmodel.Mode;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The edit modes' options in the form panel: strength; feather (inpaint, outpaint); the inpaint's context (its
 * margin, automatic by default, the box and the size the model works at, a reset after a drag of the box on the
 * canvas); the outpaint's amounts and one-click aspect ratios. Bound to the {@link GenerationFormViewModel} and the
 * canvas's {@link ContextBoxModel}.
 */
final class EditOptionsView {

    private final GenerationFormViewModel form;
    private final CanvasViewModel canvas;
    private final I18n i18n;
    private final Subscriptions subscriptions;
    private final NumberFields fields;

    EditOptionsView(GenerationFormViewModel form, CanvasViewModel canvas, I18n i18n, Subscriptions subscriptions,
            NumberFields fields) {
        this.form = form;
        this.canvas = canvas;
        this.i18n = i18n;
        this.subscriptions = subscriptions;
        this.fields = fields;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    Node panel() {
        VBox box = new VBox(6);
        Slider strength = new Slider(0.05, 1, 0.6);
        strength.setId("strength");
        strength.valueProperty().bindBidirectional(form.strengthProperty());
        Label sv = new Label();
        sv.getStyleClass().add("value");
        sv.textProperty().bind(form.strengthProperty().asString("%.2f"));
        HBox.setHgrow(strength, Priority.ALWAYS);
        HBox srow = new HBox(8, strength, sv);
        srow.setAlignment(Pos.CENTER_LEFT);
        Spinner<Integer> feather = fields.ints("feather", form.featherProperty(), 0, 128, 1);
        HBox frow = new HBox(8, fieldLabel(t("field.feather")), feather);
        frow.setAlignment(Pos.CENTER_LEFT);
        frow.visibleProperty().bind(form.modeProperty().isEqualTo(Mode.INPAINT)
                .or(form.modeProperty().isEqualTo(Mode.OUTPAINT)));
        frow.managedProperty().bind(frow.visibleProperty());

        Label hint = new Label();
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        hint.textProperty().bind(Bindings.createStringBinding(
                () -> t("hint." + form.modeProperty().get().name().toLowerCase(Locale.ROOT)), form.modeProperty()));
        box.getChildren().addAll(section(t("section.edit")), hint, fieldLabel(t("field.strength")), srow, frow,
                context(), outpaint());
        box.visibleProperty().bind(form.modeProperty().isNotEqualTo(Mode.CREATE));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** The inpaint's context: margin (automatic or typed), what the box is, and a reset after dragging it. */
    private Node context() {
        ContextBoxModel cb = canvas.contextBox();
        Spinner<Integer> px = fields.ints("contextPx", cb.contextPxProperty(), 0, 100_000, 16);
        px.setTooltip(new Tooltip(t("context.tooltip")));
        CheckBox auto = new CheckBox(t("context.auto"));
        auto.setId("contextAuto");
        auto.selectedProperty().bindBidirectional(cb.autoProperty());
        Button reset = new Button(t("context.reset"));
        reset.setId("resetContextBox");
        reset.setOnAction(e -> cb.reset());
        reset.visibleProperty().bind(cb.customProperty());
        reset.managedProperty().bind(reset.visibleProperty());
        HBox row = new HBox(8, fieldLabel(t("field.context")), px, auto);
        row.setAlignment(Pos.CENTER_LEFT);
        Label info = new Label();
        info.setId("contextInfo");
        info.getStyleClass().add("hint");
        info.setWrapText(true);
        info.textProperty().bind(Bindings.createStringBinding(() -> describe(cb), cb.boxProperty(),
                cb.tooNarrowProperty(), cb.customProperty()));
        VBox v = new VBox(4, row, info, reset);
        v.visibleProperty().bind(form.modeProperty().isEqualTo(Mode.INPAINT));
        v.managedProperty().bind(v.visibleProperty());
        return v;
    }

    private String describe(ContextBoxModel cb) {
        ContextBox b = cb.box();
        int[] narrow = cb.tooNarrowProperty().get();
        if (narrow != null) {
            return i18n.f("context.tooNarrow", narrow[0], narrow[1]);
        }
        if (b == null) {
            return t("context.none");
        }
        String work = b.unscaled() ? t("context.ownPixels") : i18n.f("context.workSize", b.workWidth(),
                b.workHeight());
        return i18n.f(cb.customProperty().get() ? "context.boxCustom" : "context.box", b.width(), b.height(), b.x(),
                b.y(), work);
    }

    /** The outpaint's amounts per side and the one-click aspect ratios. */
    private Node outpaint() {
        GridPane out = new GridPane();
        out.setHgap(8);
        out.setVgap(6);
        Spinner<Integer> l = fields.ints("outLeft", form.outpaint().leftProperty(), 0, 2048, 8);
        Spinner<Integer> r = fields.ints("outRight", form.outpaint().rightProperty(), 0, 2048, 8);
        Spinner<Integer> tp = fields.ints("outTop", form.outpaint().topProperty(), 0, 2048, 8);
        Spinner<Integer> b = fields.ints("outBottom", form.outpaint().bottomProperty(), 0, 2048, 8);
        GenerationFormView.stepBySizeMultiple(form, subscriptions, l, r, tp, b);
        out.addRow(0, fieldLabel(t("out.left")), l, fieldLabel(t("out.right")), r);
        out.addRow(1, fieldLabel(t("out.top")), tp, fieldLabel(t("out.bottom")), b);
        Button portrait = new Button(t("out.toPortrait"), Icons.of("mdi2c-crop-portrait"));
        portrait.setId("toPortrait");
        portrait.setOnAction(e -> form.outpaint().toAspect(9, 16));
        Button landscape = new Button(t("out.toLandscape"), Icons.of("mdi2a-arrow-expand-all"));
        landscape.setId("toLandscape");
        landscape.setOnAction(e -> form.outpaint().toAspect(16, 9));
        HBox aspects = new HBox(6, portrait, landscape);
        VBox outBox = new VBox(6, out, aspects);
        outBox.visibleProperty().bind(form.modeProperty().isEqualTo(Mode.OUTPAINT));
        outBox.managedProperty().bind(outBox.visibleProperty());
        return outBox;
    }
}
