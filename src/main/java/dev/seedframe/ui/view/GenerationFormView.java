package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.converter;
import static dev.seedframe.ui.view.Controls.errorLabel;
import static dev.seedframe.ui.view.Controls.fieldLabel;
import static dev.seedframe.ui.view.Controls.iconButton;
import static dev.seedframe.ui.view.Controls.section;

import dev.seedframe.domain.PipelineKind;
import dev.seedframe.service.ModelChoice;
import dev.seedframe.service.ModelSummary;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.CanvasViewModel;
import dev.seedframe.ui.viewmodel.GenerationFormViewModel;
import dev.seedframe.ui.viewmodel.Mode;
import dev.seedframe.ui.viewmodel.SeedMode;
import dev.seedframe.ui.viewmodel.SizePreset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.controlsfx.control.SegmentedButton;

/**
 * The generation form panel (left): model, mode with its edit options, prompt, seed, size and sampling, bound to
 * the {@link GenerationFormViewModel}.
 */
final class GenerationFormView {

    private final GenerationFormViewModel form;
    private final CanvasViewModel canvas;
    private final ObservableBooleanValue runningProperty;
    private final I18n i18n;
    private final Subscriptions subscriptions;
    private final NumberFields fields;
    private final Supplier<Window> window;
    private final Supplier<Choosers> choosers;
    private Runnable chooseModel;

    /**
     * @param running whether a run is going (the model cannot change meanwhile)
     * @param window the window, for the folder chooser
     * @param choosers the studio's file choosers
     */
    GenerationFormView(GenerationFormViewModel form, CanvasViewModel canvas, ObservableBooleanValue running,
            I18n i18n, Subscriptions subscriptions, NumberFields fields, Supplier<Window> window,
            Supplier<Choosers> choosers) {
        this.choosers = choosers;
        this.form = form;
        this.canvas = canvas;
        this.runningProperty = running;
        this.i18n = i18n;
        this.subscriptions = subscriptions;
        this.fields = fields;
        this.window = window;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    private Window window() {
        return window.get();
    }

    /**
     * What the button next to the model name does (the model picker); without one, it chooses a folder. Call before
     * {@link #panel()}.
     */
    GenerationFormView onChooseModel(Runnable r) {
        this.chooseModel = r;
        return this;
    }

    /** Chooses a model folder by hand; it is inspected off the FX thread (the model area says once it is set). */
    void chooseFolder() {
        choosers.get().folder(window(), t("model.choose"), null)
                .ifPresent(d -> form.chooseModel(ModelChoice.folder(d), changed -> { }));
    }

    /** The panel: every section, top to bottom (a column the studio adds the LoRA panel to). */
    VBox panel() {
        VBox box = new VBox(8);
        box.getStyleClass().add("settings");
        box.setPadding(new Insets(12, 14, 14, 14));

        modelSection(box);
        modeSection(box);
        promptSection(box);
        seedSection(box);
        sizeSection(box);
        samplingSection(box);
        return box;
    }

    /** The model in use, the folder chooser, and the tiny model's notice. */
    private void modelSection(VBox box) {
        Label modelName = new Label();
        modelName.setId("modelName");
        modelName.getStyleClass().add("model-name");
        modelName.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelSummary m = form.modelProperty().get();
            return m == null ? t("model.none") : m.name();
        }, form.modelProperty()));
        Tooltip modelTip = new Tooltip();
        modelTip.textProperty().bind(Bindings.createStringBinding(() -> form.modelProperty().get() == null ? ""
                : form.modelProperty().get().model().describe(), form.modelProperty()));
        modelName.setTooltip(modelTip);
        modelName.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(modelName, Priority.ALWAYS);
        Button pickModel = chooseModel != null ? iconButton("mdi2v-view-list-outline", t("model.pick"))
                : iconButton("mdi2f-folder-open-outline", t("model.choose"));
        pickModel.setId("pickModel");
        pickModel.disableProperty().bind(runningProperty);
        pickModel.setOnAction(e -> {
            if (chooseModel != null) {
                chooseModel.run();
            } else {
                chooseFolder();
            }
        });
        Label tiny = notice("tinyNotice", Bindings.createBooleanBinding(
                () -> form.modelProperty().get() != null && form.modelProperty().get().tiny(), form.modelProperty()));
        Label demo = notice("demoNotice", Bindings.createBooleanBinding(
                () -> form.isEmbeddedDemo(form.modelProperty().get()), form.modelProperty()));
        box.getChildren().addAll(section(t("section.model")), new HBox(6, modelName, pickModel), tiny, demo);
    }

    /** A note under the model's name (message {@code model.<id>}), shown while {@code shown} holds. */
    private Label notice(String id, javafx.beans.binding.BooleanBinding shown) {
        Label l = new Label(t("model." + id));
        l.setId(id);
        l.getStyleClass().add("notice");
        l.setWrapText(true);
        l.setGraphic(Icons.of("mdi2i-information-outline"));
        l.visibleProperty().bind(shown);
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** What the main button does, with the edit options of the mode. */
    private void modeSection(VBox box) {
        SegmentedButton modes = new SegmentedButton();
        modes.setId("modes");
        modes.getStyleClass().add(SegmentedButton.STYLE_CLASS_DARK);
        Map<Mode, ToggleButton> byMode = new HashMap<>();
        for (Mode m : Mode.values()) {
            ToggleButton b = new ToggleButton(t("mode." + m.name().toLowerCase(Locale.ROOT)));
            b.setId("mode-" + m.name().toLowerCase(Locale.ROOT));
            b.setUserData(m);
            b.setOnAction(e -> {
                form.modeProperty().set(m);
                b.setSelected(true);
            });
            if (m == Mode.EDIT) {
                b.disableProperty().bind(Bindings.createBooleanBinding(() -> form.modelProperty().get() == null
                        || !form.modelProperty().get().kinds().contains(PipelineKind.EDIT), form.modelProperty()));
                b.setTooltip(new Tooltip(t("mode.editTooltip")));
            } else if (m != Mode.CREATE) {
                b.disableProperty().bind(canvas.imageProperty().isNull());
            }
            byMode.put(m, b);
            modes.getButtons().add(b);
        }
        byMode.get(form.modeProperty().get()).setSelected(true);
        subscriptions.listen(form.modeProperty(), (o, a, m) -> byMode.get(m).setSelected(true));
        modes.setMaxWidth(Double.MAX_VALUE);
        // a disabled button shows no tooltip in JavaFX: say why Edit is unavailable in the panel itself
        Label editUnavailable = new Label(t("mode.editTooltip"));
        editUnavailable.setId("editUnavailable");
        editUnavailable.getStyleClass().add("hint");
        editUnavailable.setWrapText(true);
        editUnavailable.visibleProperty().bind(byMode.get(Mode.EDIT).disableProperty());
        editUnavailable.managedProperty().bind(editUnavailable.visibleProperty());
        box.getChildren().addAll(section(t("section.mode")), modes, editUnavailable,
                new EditOptionsView(form, canvas, i18n, subscriptions, fields).panel());
    }

    /** Prompt (with the prompts used before) and negative prompt. */
    private void promptSection(VBox box) {
        TextArea prompt = new TextArea();
        prompt.setId("prompt");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(3);
        prompt.setPromptText(t("prompt.placeholder"));
        prompt.textProperty().bindBidirectional(form.promptProperty());
        MenuButton history = new MenuButton(null, Icons.of("mdi2h-history"));
        history.setId("promptHistory");
        history.setTooltip(new Tooltip(t("prompt.history")));
        history.getStyleClass().add("icon-button");
        Runnable fillHistory = () -> {
            history.getItems().clear();
            for (String p : form.promptHistory()) {
                MenuItem mi = new MenuItem(p.length() > 70 ? p.substring(0, 70) + "…" : p);
                mi.setMnemonicParsing(false);
                mi.setOnAction(e -> form.promptProperty().set(p));
                history.getItems().add(mi);
            }
            history.setDisable(history.getItems().isEmpty());
        };
        subscriptions.listen(form.promptHistory(), (ListChangeListener<String>) c -> fillHistory.run());
        fillHistory.run();
        Label promptLabel = section(t("section.prompt"));
        HBox.setHgrow(promptLabel, Priority.ALWAYS);
        promptLabel.setMaxWidth(Double.MAX_VALUE);
        HBox promptHead = new HBox(promptLabel, history);
        promptHead.setAlignment(Pos.CENTER_LEFT);
        history.getStyleClass().add("small");
        TextArea negative = new TextArea();
        negative.setId("negativePrompt");
        negative.setWrapText(true);
        negative.setPrefRowCount(2);
        negative.setPromptText(t("prompt.negativePlaceholder"));
        negative.textProperty().bindBidirectional(form.negativePromptProperty());
        box.getChildren().addAll(promptHead, prompt, section(t("section.negative")), negative);
    }

    /** The seed, dice and copy, and the seed mode. */
    private void seedSection(VBox box) {
        TextField seed = new TextField();
        seed.setId("seed");
        seed.textProperty().bindBidirectional(form.seedTextProperty());
        Button dice = iconButton("mdi2d-dice-5", t("seed.random"));
        dice.setId("randomSeed");
        dice.setOnAction(e -> form.randomizeSeed());
        Button copy = iconButton("mdi2c-content-copy", t("seed.copy"));
        copy.setId("copySeed");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(form.seedTextProperty().get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        ChoiceBox<SeedMode> seedMode = new ChoiceBox<>();
        seedMode.setId("seedMode");
        seedMode.getItems().setAll(SeedMode.values());
        seedMode.setConverter(converter(m -> t("seed.mode." + m.name().toLowerCase(Locale.ROOT))));
        seedMode.valueProperty().bindBidirectional(form.seedModeProperty());
        Label seedErr = errorLabel(form.seedErrorProperty());
        // the field has the row to itself: a random seed has up to 19 digits
        seed.setMaxWidth(Double.MAX_VALUE);
        HBox seedTools = new HBox(6, dice, copy, seedMode);
        seedTools.setAlignment(Pos.CENTER_LEFT);
        box.getChildren().addAll(section(t("section.seed")), seed, seedTools, seedErr);
    }

    /** The size: a preset or typed when creating; the image's own in the edit modes. */
    private void sizeSection(VBox box) {
        ComboBox<SizePreset> preset = new ComboBox<>();
        preset.setId("sizePreset");
        preset.getItems().setAll(SizePreset.all());
        preset.setConverter(converter(p -> {
            if (p == SizePreset.MODEL_DEFAULT) {
                ModelSummary m = form.modelProperty().get();
                int s = m == null ? 0 : m.suggestedSize();
                return i18n.f("size.default", s, s);
            }
            return p.isFixed() ? i18n.f(p.key(), p.width(), p.height()) : t(p.key());
        }));
        preset.valueProperty().bindBidirectional(form.sizePresetProperty());
        preset.setMaxWidth(Double.MAX_VALUE);
        Spinner<Integer> w = fields.ints("width", form.widthProperty(), 8, 4096, 8);
        Spinner<Integer> h = fields.ints("height", form.heightProperty(), 8, 4096, 8);
        stepBySizeMultiple(w, h);
        Label times = new Label("×");
        HBox wh = new HBox(6, w, times, h);
        wh.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(w, Priority.ALWAYS);
        HBox.setHgrow(h, Priority.ALWAYS);
        Label sizeErr = errorLabel(form.sizeErrorProperty());
        // the size is chosen when creating; the other modes take it from the image (outpaint: plus the sides)
        VBox sizeChoice = new VBox(6, preset, wh, sizeErr);
        sizeChoice.visibleProperty().bind(form.modeProperty().isEqualTo(Mode.CREATE));
        sizeChoice.managedProperty().bind(sizeChoice.visibleProperty());
        Label sizeFromImage = new Label(t("size.fromImage"));
        sizeFromImage.setId("sizeFromImage");
        sizeFromImage.getStyleClass().add("hint");
        sizeFromImage.setWrapText(true);
        sizeFromImage.visibleProperty().bind(sizeChoice.visibleProperty().not());
        sizeFromImage.managedProperty().bind(sizeFromImage.visibleProperty());
        box.getChildren().addAll(section(t("section.size")), sizeChoice, sizeFromImage);
    }

    /** Steps, CFG and variants. */
    private void samplingSection(VBox box) {
        Spinner<Integer> steps = fields.ints("steps", form.stepsProperty(), 1, 200, 1);
        Spinner<Double> cfg = fields.doubles("cfg", form.cfgProperty(), 1, 20, 0.5);
        Spinner<Integer> variants = fields.ints("variants", form.variantsProperty(), 1, 16, 1);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, fieldLabel(t("field.steps")), fieldLabel(t("field.cfg")), fieldLabel(t("field.variants")));
        grid.addRow(1, steps, cfg, variants);
        for (Node n : List.of(steps, cfg, variants)) {
            GridPane.setHgrow(n, Priority.ALWAYS);
            ((Region) n).setMaxWidth(Double.MAX_VALUE);
        }
        box.getChildren().addAll(section(t("section.sampling")), grid);
    }

    @SafeVarargs
    private void stepBySizeMultiple(Spinner<Integer>... spinners) {
        stepBySizeMultiple(form, subscriptions, spinners);
    }

    /** The arrows step by the model's size multiple (16 for Qwen-Image), so they never make a size it refuses. */
    @SafeVarargs
    static void stepBySizeMultiple(GenerationFormViewModel form, Subscriptions subscriptions,
            Spinner<Integer>... spinners) {
        java.util.function.Consumer<ModelSummary> apply = m -> {
            for (Spinner<Integer> s : spinners) {
                ((SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory())
                        .setAmountToStepBy(m == null ? 8 : m.sizeMultiple());
            }
        };
        apply.accept(form.modelProperty().get());
        subscriptions.listen(form.modelProperty(), (o, a, m) -> apply.accept(m));
    }

}
