package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.converter;
import static dev.seedframe.ui.view.Controls.errorLabel;
import static dev.seedframe.ui.view.Controls.iconButton;
import static dev.seedframe.ui.view.Controls.section;

import dev.seedframe.domain.LoraMethod;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.LoraRow;
import dev.seedframe.ui.viewmodel.LoraViewModel;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The LoRA panel (left, under the sampling settings), bound to the {@link LoraViewModel}: a file from the LoRA
 * folders, or any file or folder chosen; one row per LoRA applied, its weight on a slider and in a field, with what
 * was detected in it; run time or merged; the note of a preset applied, with the way back to the model's scheduler;
 * why a file was refused.
 */
final class LoraView {

    /** The file extension the choosers offer. */
    private static final String EXTENSION = "safetensors";
    /** The weight slider's ticks: one at each whole weight. */
    private static final double WEIGHT_TICK = 1;

    private final LoraViewModel vm;
    private final I18n i18n;
    private final Subscriptions subscriptions;
    private final NumberFields fields;
    private final Supplier<Window> window;
    private final Supplier<Choosers> choosers;
    /** Each row's controls, kept while the row is there (its field keeps what is being typed). */
    private final Map<LoraRow, Node> rowNodes = new IdentityHashMap<>();

    LoraView(LoraViewModel vm, I18n i18n, Subscriptions subscriptions, NumberFields fields, Supplier<Window> window,
            Supplier<Choosers> choosers) {
        this.vm = vm;
        this.i18n = i18n;
        this.subscriptions = subscriptions;
        this.fields = fields;
        this.window = window;
        this.choosers = choosers;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    /** The panel's nodes, top to bottom, for the settings column. */
    List<Node> nodes() {
        VBox rows = new VBox(8);
        rows.setId("loraRows");
        Runnable fill = () -> {
            rowNodes.keySet().retainAll(vm.rows());
            rows.getChildren().setAll(vm.rows().stream().map(r -> rowNodes.computeIfAbsent(r, this::row)).toList());
        };
        subscriptions.listen(vm.rows(), (ListChangeListener<LoraRow>) c -> fill.run());
        fill.run();
        Label none = new Label(t("lora.none"));
        none.setId("loraNone");
        none.getStyleClass().add("hint");
        none.visibleProperty().bind(Bindings.isEmpty(vm.rows()));
        none.managedProperty().bind(none.visibleProperty());

        ChoiceBox<LoraMethod> method = new ChoiceBox<>();
        method.setId("loraMethod");
        method.getItems().setAll(LoraMethod.values());
        method.setConverter(converter(m -> t("lora.method." + m.id())));
        method.valueProperty().bindBidirectional(vm.methodProperty());
        HBox methodLine = new HBox(8, Controls.fieldLabel(t("lora.method")), method);
        methodLine.setAlignment(Pos.CENTER_LEFT);

        Label note = new Label();
        note.setId("loraNote");
        note.getStyleClass().add("hint");
        note.setWrapText(true);
        note.textProperty().bind(vm.noteProperty());
        Button modelScheduler = new Button(t("lora.modelScheduler"));
        modelScheduler.setId("loraModelScheduler");
        modelScheduler.setOnAction(e -> vm.useModelScheduler());
        VBox preset = new VBox(4, note, modelScheduler);
        preset.visibleProperty().bind(Bindings.isNotEmpty(vm.noteProperty()));
        preset.managedProperty().bind(preset.visibleProperty());

        Label message = errorLabel(vm.messageProperty());
        message.setId("loraMessage");
        return List.of(section(t("section.loras")), chooser(), folders(), none, rows, methodLine, preset, message);
    }

    /** A file from the LoRA folders and the button that adds it, and the buttons that add any file or folder. */
    private Node chooser() {
        ComboBox<Path> files = new ComboBox<>(vm.files());
        files.setId("loraFiles");
        files.setPromptText(t("lora.choose"));
        files.setConverter(converter(p -> p.getFileName().toString()));
        files.setMaxWidth(Double.MAX_VALUE);
        files.setOnShowing(e -> vm.refresh()); // a file put in a LoRA folder meanwhile is there
        HBox.setHgrow(files, Priority.ALWAYS);
        Button add = iconButton("mdi2p-plus", t("lora.add"));
        add.setId("addLora");
        add.disableProperty().bind(files.valueProperty().isNull());
        add.setOnAction(e -> {
            vm.add(files.getValue());
            files.setValue(null);
        });
        Button addFile = iconButton("mdi2f-file-plus-outline", t("lora.addFile"));
        addFile.setId("addLoraFile");
        addFile.setOnAction(e -> choosers.get().openFile(window.get(), t("lora.addFile"), t("lora.filter"),
                List.of(EXTENSION), firstFolder()).ifPresent(vm::add));
        Button addFolder = iconButton("mdi2f-folder-plus-outline", t("lora.addFolder"));
        addFolder.setId("addLoraFolder");
        addFolder.setOnAction(e -> choosers.get().folder(window.get(), t("lora.addFolder"), firstFolder())
                .ifPresent(vm::addFolder));
        HBox line = new HBox(6, files, add, addFile, addFolder);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    /** Where the LoRA files listed come from. */
    private Node folders() {
        Label folders = new Label();
        folders.setId("loraFolders");
        folders.getStyleClass().add("hint");
        folders.setWrapText(true);
        folders.textProperty().bind(Bindings.createStringBinding(() -> vm.folders().isEmpty() ? ""
                : i18n.f("lora.folders", vm.folders().stream().map(Path::toString)
                        .collect(Collectors.joining(", "))), vm.folders()));
        folders.visibleProperty().bind(Bindings.isNotEmpty(vm.folders()));
        folders.managedProperty().bind(folders.visibleProperty());
        return folders;
    }

    private Path firstFolder() {
        return vm.folders().isEmpty() ? null : vm.folders().get(0);
    }

    /** One LoRA: its name and remove button, its weight (slider and field), what was detected in it. */
    private Node row(LoraRow r) {
        Label name = new Label(r.fileName());
        name.getStyleClass().add("lora-name");
        name.setTooltip(new Tooltip(r.file().toString()));
        name.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(name, Priority.ALWAYS);
        Button remove = iconButton("mdi2c-close", t("lora.remove"));
        remove.getStyleClass().add("lora-remove");
        remove.setOnAction(e -> vm.remove(r));
        HBox head = new HBox(6, name, remove);
        head.setAlignment(Pos.CENTER_LEFT);

        // a restored weight beyond the slider (2.5) puts it at its end; the field and the requests keep the weight
        Slider slider = NumberFields.exactSlider(null, LoraViewModel.MIN_WEIGHT, LoraViewModel.MAX_WEIGHT,
                r.weightProperty(), r::setWeight);
        slider.getStyleClass().add("lora-slider");
        slider.setBlockIncrement(LoraViewModel.WEIGHT_STEP);
        slider.setMajorTickUnit(WEIGHT_TICK);
        slider.setShowTickMarks(true);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setMaxWidth(Double.MAX_VALUE);
        Spinner<Double> field = fields.exactDoubles(null, r.weightProperty(), r::setWeight,
                LoraViewModel.WEIGHT_STEP);
        field.getStyleClass().add("lora-weight");
        Tooltip weightTip = new Tooltip(t("lora.weight"));
        slider.setTooltip(weightTip);
        field.setTooltip(weightTip);
        HBox weight = new HBox(6, slider, field);
        weight.setAlignment(Pos.CENTER_LEFT);

        Label detected = new Label(vm.detected(r));
        detected.getStyleClass().add(r.isMissing() ? "field-error" : "hint");
        detected.setWrapText(true); // a key layout is named in full: "without a prefix (*.lora_down/…)"
        VBox box = new VBox(4, head, weight, detected);
        box.getStyleClass().add("lora-row");
        if (r.isMissing()) {
            box.getStyleClass().add("lora-missing");
        }
        box.setId("lora-" + r.fileName().replaceAll("[^A-Za-z0-9_-]", "-").toLowerCase(Locale.ROOT));
        return box;
    }
}
