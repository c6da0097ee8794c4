package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.iconButton;
import static dev.seedframe.ui.view.Controls.section;

import dev.seedframe.service.ListedModel;
import dev.seedframe.service.StudioModelLibrary;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.ModelDownloadViewModel;
import dev.seedframe.ui.viewmodel.ModelPickerViewModel;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The model picker window, bound to the {@link ModelPickerViewModel}: the models found (what each is, precision, size,
 * complete or what is missing, whether and how it runs here), Use / Resume / Open another folder, what a transformer
 * file is combined with, the folders searched (add, forget), and the download ({@link ModelDownloadPane}).
 */
final class ModelPickerDialog extends LazyWindow {

    static final double WIDTH = 960;
    static final double HEIGHT = 900;

    private final ModelPickerViewModel picker;
    private final ModelDownloadViewModel download;
    private final I18n i18n;
    private final Supplier<Window> owner;
    private final Runnable openFolder;
    private final ObservableBooleanValue running;
    private final Subscriptions subscriptions;
    private final Supplier<Choosers> choosers;
    private ModelDownloadPane downloadPane;

    /**
     * @param openFolder the form's own folder chooser (a model folder picked by hand)
     * @param running whether a generation runs (the model cannot change meanwhile)
     */
    ModelPickerDialog(ModelPickerViewModel picker, ModelDownloadViewModel download, I18n i18n, Supplier<Window> owner,
            Runnable openFolder, ObservableBooleanValue running, Subscriptions subscriptions,
            Supplier<Choosers> choosers) {
        this.choosers = choosers;
        this.picker = picker;
        this.download = download;
        this.i18n = i18n;
        this.owner = owner;
        this.openFolder = openFolder;
        this.running = running;
        this.subscriptions = subscriptions;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    /** Each showing reads the free space again; the first one searches the folders. */
    @Override
    void beforeShowing() {
        downloadPane.refreshTarget();
        picker.showing();
    }

    @Override
    Stage build() {
        Label memory = new Label();
        memory.getStyleClass().add("caption");
        memory.textProperty().bind(picker.memoryForProperty());
        ProgressIndicator searching = new ProgressIndicator();
        searching.setPrefSize(16, 16);
        searching.visibleProperty().bind(picker.searchingProperty());
        Button refresh = iconButton("mdi2r-refresh", t("picker.refresh"));
        refresh.setId("pickerRefresh");
        refresh.disableProperty().bind(picker.searchingProperty());
        refresh.setOnAction(e -> picker.refresh());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(8, section(t("picker.title")), memory, gap, searching, refresh);
        head.setAlignment(Pos.CENTER_LEFT);

        ListView<ListedModel> list = new ListView<>(picker.models());
        list.setId("modelList");
        list.setCellFactory(v -> new EntryCell());
        list.setPrefHeight(300);
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, m) -> picker.selectedProperty().set(m));
        subscriptions.listen(picker.selectedProperty(), (o, a, m) -> {
            if (list.getSelectionModel().getSelectedItem() != m) {
                list.getSelectionModel().select(m);
            }
            if (m != null) {
                list.scrollTo(m);
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                use();
            }
        });

        Button use = new Button(t("picker.use"), Icons.of("mdi2c-check"));
        use.setId("pickerUse");
        use.getStyleClass().add("accent");
        use.disableProperty().bind(Bindings.createBooleanBinding(() -> running.get() || picker.checkingProperty().get()
                || picker.selectedProperty().get() == null || !picker.selectedProperty().get().loadable(),
                picker.selectedProperty(), running, picker.checkingProperty()));
        use.setOnAction(e -> use());
        Button resume = new Button(t("picker.resume"), Icons.of("mdi2d-download"));
        resume.setId("pickerResume");
        resume.disableProperty().bind(Bindings.createBooleanBinding(() -> download.isRunning()
                || picker.selectedProperty().get() == null || picker.selectedProperty().get().resume() == null,
                picker.selectedProperty(), download.runningProperty()));
        resume.setOnAction(e -> download.resume(picker.selectedProperty().get()));
        Button byHand = new Button(t("picker.openFolder"), Icons.of("mdi2f-folder-open-outline"));
        byHand.setId("pickerOpenFolder");
        byHand.disableProperty().bind(running);
        byHand.setOnAction(e -> {
            openFolder.run();
            stage().hide();
        });
        HBox actions = new HBox(8, use, resume, byHand);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.setId("pickerMessage");
        message.setWrapText(true);
        message.textProperty().bind(picker.messageProperty());
        message.visibleProperty().bind(Bindings.isNotEmpty(picker.messageProperty()));
        message.managedProperty().bind(message.visibleProperty());

        downloadPane = new ModelDownloadPane(download, i18n);
        VBox root = new VBox(10, head, list, actions, combination(), message, folders(), downloadPane.pane());
        root.setPadding(new Insets(14));
        return DialogStages.of(owner, t("picker.title"), root, Modality.NONE, WIDTH, HEIGHT);
    }

    /** What the selected transformer file is combined with; shown only for one. */
    private HBox combination() {
        ComboBox<ModelPickerViewModel.Combination> with = new ComboBox<>(picker.combinations());
        with.setId("pickerCombination");
        with.valueProperty().bindBidirectional(picker.combinationProperty());
        with.setCellFactory(v -> new CombinationCell());
        with.setButtonCell(new CombinationCell());
        with.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(with, Priority.ALWAYS);
        HBox row = new HBox(8, new Label(t("picker.combineWith")), with);
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(Bindings.isNotEmpty(picker.combinations()));
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    private final class CombinationCell extends ListCell<ModelPickerViewModel.Combination> {

        @Override
        protected void updateItem(ModelPickerViewModel.Combination c, boolean empty) {
            super.updateItem(c, empty);
            setMnemonicParsing(false);
            setText(empty || c == null ? null : picker.combinationLabel(c));
        }
    }

    /** Uses the selected model; the picker closes once it is checked and set (off the UI thread). */
    private void use() {
        picker.use(picker.selectedProperty().get(), () -> stage().hide());
    }

    /** The folders searched, with add and forget. */
    private VBox folders() {
        ListView<StudioModelLibrary.Folder> list = new ListView<>(picker.folders());
        list.setId("pickerFolders");
        list.setPrefHeight(72);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(StudioModelLibrary.Folder f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : picker.folderLabel(f));
            }
        });
        Button add = new Button(t("picker.addFolder"), Icons.of("mdi2f-folder-plus-outline"));
        add.setId("pickerAddFolder");
        add.setOnAction(e -> chooseFolder(t("picker.addFolder")).ifPresent(d -> picker.addFolder(d, false)));
        Button comfy = new Button(t("picker.addComfyUi"), Icons.of("mdi2f-folder-plus-outline"));
        comfy.setId("pickerAddComfyUi");
        comfy.setOnAction(e -> chooseFolder(t("picker.addComfyUi")).ifPresent(d -> picker.addFolder(d, true)));
        Button forget = new Button(t("picker.forget"), Icons.of("mdi2f-folder-remove-outline"));
        forget.setId("pickerForget");
        forget.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            StudioModelLibrary.Folder f = list.getSelectionModel().getSelectedItem();
            return f == null || !f.forgettable();
        }, list.getSelectionModel().selectedItemProperty()));
        forget.setOnAction(e -> picker.forget(list.getSelectionModel().getSelectedItem()));
        HBox buttons = new HBox(8, add, comfy, forget);
        return new VBox(6, section(t("picker.folders")), list, buttons);
    }

    private java.util.Optional<java.nio.file.Path> chooseFolder(String title) {
        return choosers.get().folder(stage(), title, null);
    }

    /** One found model: name and origin, what it is, how it runs here, what is missing. */
    private final class EntryCell extends ListCell<ListedModel> {

        @Override
        protected void updateItem(ListedModel m, boolean empty) {
            super.updateItem(m, empty);
            if (empty || m == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(picker.title(m));
            name.getStyleClass().add("picker-name");
            name.setMnemonicParsing(false);
            Label origin = new Label(picker.origin(m));
            origin.getStyleClass().add("picker-origin");
            HBox top = new HBox(8, name, origin);
            top.setAlignment(Pos.CENTER_LEFT);
            Label summary = new Label(picker.summary(m));
            Label fit = new Label(picker.runsHere(m));
            fit.getStyleClass().add(m.loadable() ? "picker-fit" : "picker-blocked");
            fit.setWrapText(true);
            VBox box = new VBox(2, top, summary, fit);
            for (String d : picker.details(m)) {
                Label l = new Label(d);
                l.getStyleClass().add(m.complete() ? "caption" : "picker-problem");
                l.setWrapText(true);
                l.setMnemonicParsing(false);
                box.getChildren().add(l);
            }
            box.getStyleClass().add("picker-entry");
            box.setMaxWidth(WIDTH - 80);
            setText(null);
            setGraphic(box);
        }
    }
}
