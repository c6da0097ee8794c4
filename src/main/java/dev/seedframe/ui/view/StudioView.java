package dev.seedframe.ui.view;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.ModelSummary;
import dev.seedframe.service.Studio;
import dev.seedframe.ui.FxImages;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.LayerItem;
import dev.seedframe.ui.viewmodel.Mode;
import dev.seedframe.ui.viewmodel.SeedMode;
import dev.seedframe.ui.viewmodel.SizePreset;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;

/**
 * The studio window's content: settings on the left, the canvas in the middle, history and layers on
 * the right. It only binds to the {@link StudioViewModel} and forwards gestures to it.
 */
public final class StudioView {

    static final int THUMB = 44;

    private final StudioViewModel vm;
    private final I18n i18n;
    private final Consumer<Locale> languageSwitcher;
    private final BorderPane root = new BorderPane();
    private final ImageCanvas canvas;
    private final List<Object> keep = new ArrayList<>();
    /** Listeners on the view model, until {@link #dispose()}. */
    private final Subscriptions subscriptions = new Subscriptions();
    private final List<Spinner<?>> spinners = new ArrayList<>();
    private final Map<String, Image> thumbs = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> e) {
            return size() > 300;
        }
    };
    private TreeView<GenerationSummary> tree;
    private boolean syncingTree;
    private boolean bracketPressed;

    public StudioView(StudioViewModel vm, Consumer<Locale> languageSwitcher) {
        this.vm = vm;
        this.i18n = vm.i18n();
        this.languageSwitcher = languageSwitcher;
        this.canvas = new ImageCanvas(vm);
        root.getStyleClass().add("studio");
        root.setTop(new VBox(menuBar(), errorBanner()));
        root.setCenter(center());
        ScrollPane scroll = new ScrollPane(settings());
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("side-scroll");
        BorderPane left = new BorderPane(scroll);
        left.setBottom(actions());
        left.getStyleClass().add("left-panel");
        // the side panels give way first on a small window, so the canvas keeps room for the image and tools
        left.prefWidthProperty().bind(sidePanelWidth(0.24, 320, 344));
        left.setMinWidth(320);
        root.setLeft(left);
        root.setRight(rightPanel());
        root.setBottom(statusBar());
        installKeys();
    }

    public Parent root() {
        return root;
    }

    public ImageCanvas canvas() {
        return canvas;
    }

    private String t(String k) {
        return i18n.t(k);
    }

    /**
     * Detaches this view from the view model (a language switch builds a new view over the same model): its
     * listeners go; bindings to the model are weak and go with the nodes.
     */
    public void dispose() {
        subscriptions.cancelAll();
        canvas.dispose();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    // ------------------------------------------------------------------ keys

    private void installKeys() {
        javafx.event.EventHandler<KeyEvent> pressed = this::onKeyPressed;
        javafx.event.EventHandler<KeyEvent> typed = this::onKeyTyped;
        // a language switch puts a new view's root into the scene: the old view's keys leave with its root
        root.sceneProperty().addListener((o, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, pressed);
                old.removeEventFilter(KeyEvent.KEY_TYPED, typed);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, pressed);
                scene.addEventFilter(KeyEvent.KEY_TYPED, typed);
            }
        });
    }

    private boolean typingInAField() {
        return root.getScene() != null
                && root.getScene().getFocusOwner() instanceof javafx.scene.control.TextInputControl;
    }

    private void onKeyPressed(KeyEvent e) {
        if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
            generateWithTypedValues();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && vm.isRunning()) {
            vm.cancel();
            e.consume();
        } else if (!typingInAField()) {
            if (e.getCode() == KeyCode.OPEN_BRACKET || e.getCode() == KeyCode.CLOSE_BRACKET) {
                vm.growBrush(e.getCode() == KeyCode.CLOSE_BRACKET);
                bracketPressed = true;
                e.consume();
            } else if (e.getCode() == KeyCode.Z && e.isShortcutDown()) {
                if (e.isShiftDown()) {
                    vm.redoMask();
                } else {
                    vm.undoMask();
                }
                e.consume();
            }
        }
    }

    private void onKeyTyped(KeyEvent e) {
        if (typingInAField()) {
            return;
        }
        if (bracketPressed) {
            bracketPressed = false;
            if ("[".equals(e.getCharacter()) || "]".equals(e.getCharacter())) {
                e.consume();
            }
            return;
        }
        if ("[".equals(e.getCharacter())) {
            vm.growBrush(false);
            e.consume();
        } else if ("]".equals(e.getCharacter())) {
            vm.growBrush(true);
            e.consume();
        }
    }

    // ------------------------------------------------------------------ menu

    private MenuBar menuBar() {
        Menu file = new Menu(t("menu.file"));
        MenuItem newP = new MenuItem(t("menu.new"), Icons.of("mdi2f-file-outline"));
        newP.setAccelerator(KeyCombination.keyCombination("Shortcut+N"));
        newP.setOnAction(e -> chooseProject(true).ifPresent(vm::newProject));
        MenuItem open = new MenuItem(t("menu.open"), Icons.of("mdi2f-folder-open-outline"));
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseProject(false).ifPresent(vm::openProject));
        MenuItem saveAs = new MenuItem(t("menu.saveAs"), Icons.of("mdi2c-content-save-outline"));
        saveAs.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+S"));
        saveAs.setOnAction(e -> chooseProject(true).ifPresent(vm::saveProjectAs));
        Menu recent = new Menu(t("menu.recent"));
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : vm.recentProjects()) {
                MenuItem mi = new MenuItem(p.getFileName() + "  —  " + p.getParent());
                mi.setMnemonicParsing(false);
                mi.setOnAction(e -> vm.openProject(p));
                recent.getItems().add(mi);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        subscriptions.listen(vm.recentProjects(), (ListChangeListener<Path>) c -> fillRecent.run());
        fillRecent.run();
        MenuItem export = new MenuItem(t("menu.export"), Icons.of("mdi2e-export"));
        export.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        export.disableProperty().bind(vm.selectedIdProperty().isNull());
        export.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
            fc.setInitialFileName("seedframe-" + vm.selectedId() + ".png");
            File f = fc.showSaveDialog(window());
            if (f != null) {
                vm.exportSelected(f.toPath());
            }
        });
        MenuItem quit = new MenuItem(t("menu.quit"));
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> {
            if (window() != null) {
                ((javafx.stage.Stage) window()).close();
            }
        });
        file.getItems().addAll(newP, open, recent, saveAs, new SeparatorMenuItem(), export, new SeparatorMenuItem(),
                quit);

        Menu view = new Menu(t("menu.view"));
        MenuItem fit = new MenuItem(t("canvas.fit"));
        fit.setAccelerator(KeyCombination.keyCombination("Shortcut+0"));
        fit.setOnAction(e -> canvas.fit());
        MenuItem actual = new MenuItem(t("canvas.actual"));
        actual.setAccelerator(KeyCombination.keyCombination("Shortcut+1"));
        actual.setOnAction(e -> canvas.actualSize());
        Menu language = new Menu(t("menu.language"));
        javafx.scene.control.ToggleGroup lg = new javafx.scene.control.ToggleGroup();
        for (Locale l : I18n.LANGUAGES) {
            RadioMenuItem mi = new RadioMenuItem(l.getDisplayName(l));
            mi.setId("lang-" + l.getLanguage());
            mi.setToggleGroup(lg);
            mi.setSelected(l.equals(i18n.locale()));
            mi.setOnAction(e -> languageSwitcher.accept(l));
            language.getItems().add(mi);
        }
        view.getItems().addAll(fit, actual, new SeparatorMenuItem(), language);
        MenuBar mb = new MenuBar(file, view, engineMenu());
        mb.setId("menuBar");
        return mb;
    }

    /** Engine → Device / Memory mode / Precision: radio items applied to the next generation. */
    private Menu engineMenu() {
        Menu engine = new Menu(t("menu.engine"));
        // the model service's lock is held by a running generation: change the engine between runs
        engine.disableProperty().bind(vm.runningProperty());
        List<List<String>> options = List.of(Studio.EngineChoice.DEVICES, Studio.EngineChoice.MEMORY_MODES,
                Studio.EngineChoice.PRECISIONS);
        String[] names = {"device", "memory", "precision"};
        List<RadioMenuItem> items = new java.util.ArrayList<>();
        for (int g = 0; g < names.length; g++) {
            int group = g;
            Menu sub = new Menu(t("engine." + names[g]));
            javafx.scene.control.ToggleGroup tg = new javafx.scene.control.ToggleGroup();
            for (String id : options.get(g)) {
                RadioMenuItem mi = new RadioMenuItem(t("engine." + names[g] + "." + id));
                mi.setId("engine-" + names[g] + "-" + id);
                mi.setUserData(id);
                mi.setToggleGroup(tg);
                mi.setOnAction(e -> {
                    String[] chosen = engineIds(vm.engineChoice());
                    chosen[group] = id;
                    vm.setEngine(chosen[0], chosen[1], chosen[2]);
                    // a refused combination leaves the previous settings: show those
                    selectEngineItems(items, names);
                });
                items.add(mi);
                sub.getItems().add(mi);
            }
            engine.getItems().add(sub);
        }
        selectEngineItems(items, names);
        MenuItem machine = new MenuItem(t("engine.machine"));
        machine.setId("engine-machine");
        machine.setOnAction(e -> vm.machine().ifPresent(this::showMachine));
        engine.getItems().addAll(new SeparatorMenuItem(), machine);
        return engine;
    }

    /** Engine → This machine: the runtime, the GPUs and what a GPU request runs on (the CLI's devices). */
    private void showMachine(dev.seedframe.service.MachineSummary m) {
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setId("machineInfo");
        grid.setHgap(12);
        grid.setVgap(8);
        String[][] rows = {
            {t("machine.runtime"), m.runtime()},
            {t("machine.cpu"), vm.i18n().f("machine.cpuThreads", m.cpuThreads())},
            {t("machine.gpus"), m.gpus().isEmpty() ? t("machine.noGpu") : String.join("\n", m.gpus())},
            {t("machine.gpuUse"), m.gpuUsable() ? m.gpuUse() : vm.i18n().f("machine.gpuFallback", m.gpuUse())},
        };
        int row = 0;
        for (String[] r : rows) {
            Label k = new Label(r[0]);
            k.getStyleClass().add("field-label");
            Label v = new Label(r[1]);
            v.setWrapText(true);
            v.setMaxWidth(560);
            grid.addRow(row++, k, v);
        }
        for (String w : m.warnings()) {
            Label v = new Label(w);
            v.setWrapText(true);
            v.setMaxWidth(560);
            v.getStyleClass().add("warning");
            grid.add(v, 0, row++, 2, 1);
        }
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.NONE,
                "", javafx.scene.control.ButtonType.CLOSE);
        alert.initOwner(window());
        alert.setTitle(t("machine.title"));
        alert.setHeaderText(t("machine.title"));
        alert.getDialogPane().setContent(grid);
        alert.getDialogPane().getStylesheets().addAll(root.getScene().getStylesheets());
        alert.show();
    }

    /** A share of the window's width, between {@code min} and {@code max} pixels. */
    private javafx.beans.binding.DoubleBinding sidePanelWidth(double share, double min, double max) {
        return Bindings.createDoubleBinding(() -> Math.max(min, Math.min(max, root.getWidth() * share)),
                root.widthProperty());
    }

    /** Deleting cannot be undone: the designer confirms, told what happens to the node's children. */
    private void confirmDelete() {
        Long id = vm.selectedId();
        if (id == null) {
            return;
        }
        int children = vm.childCount(id);
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(
                javafx.scene.control.Alert.AlertType.CONFIRMATION);
        alert.initOwner(window());
        alert.setTitle(vm.i18n().f("confirm.delete.title", id));
        alert.setHeaderText(vm.i18n().f("confirm.delete.title", id));
        alert.setContentText(t("confirm.delete.text")
                + (children > 0 ? " " + vm.i18n().f("confirm.delete.children", children) : ""));
        alert.getDialogPane().getStylesheets().addAll(root.getScene().getStylesheets());
        alert.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK).setId("confirmDelete");
        alert.getDialogPane().lookupButton(javafx.scene.control.ButtonType.CANCEL).setId("cancelDelete");
        alert.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).ifPresent(b -> vm.deleteSelected());
    }

    private static String[] engineIds(Studio.EngineChoice c) {
        return new String[] {c.device().startsWith("cuda") ? "gpu" : c.device(), c.memoryMode(), c.precision()};
    }

    private void selectEngineItems(List<RadioMenuItem> items, String[] names) {
        String[] now = engineIds(vm.engineChoice());
        for (RadioMenuItem mi : items) {
            for (int g = 0; g < names.length; g++) {
                if (mi.getId().equals("engine-" + names[g] + "-" + mi.getUserData())) {
                    mi.setSelected(now[g].equals(mi.getUserData()));
                }
            }
        }
    }

    private java.util.Optional<Path> chooseProject(boolean save) {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(t("file.projects"), "*.seedframe"));
        File f = save ? fc.showSaveDialog(window()) : fc.showOpenDialog(window());
        return java.util.Optional.ofNullable(f).map(File::toPath);
    }

    private Node errorBanner() {
        Label msg = new Label();
        msg.setId("errorText");
        msg.setWrapText(true);
        msg.textProperty().bind(vm.errorProperty());
        Button close = iconButton("mdi2c-close", t("action.dismiss"));
        close.setOnAction(e -> vm.dismissError());
        HBox.setHgrow(msg, Priority.ALWAYS);
        msg.setMaxWidth(Double.MAX_VALUE);
        HBox banner = new HBox(10, Icons.of("mdi2a-alert-circle-outline"), msg, close);
        banner.setId("errorBanner");
        banner.getStyleClass().add("error-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    // ------------------------------------------------------------------ settings

    private Node settings() {
        VBox box = new VBox(8);
        box.getStyleClass().add("settings");
        box.setPadding(new Insets(12, 14, 14, 14));

        // model
        Label modelName = new Label();
        modelName.setId("modelName");
        modelName.getStyleClass().add("model-name");
        modelName.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelSummary m = vm.modelProperty().get();
            return m == null ? t("model.none") : m.name();
        }, vm.modelProperty()));
        Tooltip modelTip = new Tooltip();
        modelTip.textProperty().bind(Bindings.createStringBinding(() -> vm.modelProperty().get() == null ? ""
                : vm.modelProperty().get().folder().toAbsolutePath().toString(), vm.modelProperty()));
        modelName.setTooltip(modelTip);
        modelName.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(modelName, Priority.ALWAYS);
        Button pickModel = iconButton("mdi2f-folder-open-outline", t("model.choose"));
        pickModel.setId("pickModel");
        pickModel.disableProperty().bind(vm.runningProperty());
        pickModel.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle(t("model.choose"));
            File f = dc.showDialog(window());
            if (f != null) {
                vm.setModel(f.toPath());
            }
        });
        Label tiny = new Label(t("model.tinyNotice"));
        tiny.setId("tinyNotice");
        tiny.getStyleClass().add("notice");
        tiny.setWrapText(true);
        tiny.setGraphic(Icons.of("mdi2i-information-outline"));
        tiny.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.modelProperty().get() != null && vm.modelProperty().get().tiny(), vm.modelProperty()));
        tiny.managedProperty().bind(tiny.visibleProperty());
        box.getChildren().addAll(section(t("section.model")), new HBox(6, modelName, pickModel), tiny);

        // mode
        SegmentedButton modes = new SegmentedButton();
        modes.setId("modes");
        modes.getStyleClass().add(SegmentedButton.STYLE_CLASS_DARK);
        Map<Mode, ToggleButton> byMode = new HashMap<>();
        for (Mode m : Mode.values()) {
            ToggleButton b = new ToggleButton(t("mode." + m.name().toLowerCase(Locale.ROOT)));
            b.setId("mode-" + m.name().toLowerCase(Locale.ROOT));
            b.setUserData(m);
            b.setOnAction(e -> {
                vm.modeProperty().set(m);
                b.setSelected(true);
            });
            if (m == Mode.EDIT) {
                b.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.modelProperty().get() == null
                        || !vm.modelProperty().get().kinds().contains(PipelineKind.EDIT), vm.modelProperty()));
                b.setTooltip(new Tooltip(t("mode.editTooltip")));
            } else if (m != Mode.CREATE) {
                b.disableProperty().bind(vm.imageProperty().isNull());
            }
            byMode.put(m, b);
            modes.getButtons().add(b);
        }
        byMode.get(vm.modeProperty().get()).setSelected(true);
        subscriptions.listen(vm.modeProperty(), (o, a, m) -> byMode.get(m).setSelected(true));
        modes.setMaxWidth(Double.MAX_VALUE);
        // a disabled button shows no tooltip in JavaFX: say why Edit is unavailable in the panel itself
        Label editUnavailable = new Label(t("mode.editTooltip"));
        editUnavailable.setId("editUnavailable");
        editUnavailable.getStyleClass().add("hint");
        editUnavailable.setWrapText(true);
        editUnavailable.visibleProperty().bind(byMode.get(Mode.EDIT).disableProperty());
        editUnavailable.managedProperty().bind(editUnavailable.visibleProperty());
        box.getChildren().addAll(section(t("section.mode")), modes, editUnavailable, editOptions());

        // prompt
        TextArea prompt = new TextArea();
        prompt.setId("prompt");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(3);
        prompt.setPromptText(t("prompt.placeholder"));
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        MenuButton history = new MenuButton(null, Icons.of("mdi2h-history"));
        history.setId("promptHistory");
        history.setTooltip(new Tooltip(t("prompt.history")));
        history.getStyleClass().add("icon-button");
        Runnable fillHistory = () -> {
            history.getItems().clear();
            for (String p : vm.promptHistory()) {
                MenuItem mi = new MenuItem(p.length() > 70 ? p.substring(0, 70) + "…" : p);
                mi.setMnemonicParsing(false);
                mi.setOnAction(e -> vm.promptProperty().set(p));
                history.getItems().add(mi);
            }
            history.setDisable(history.getItems().isEmpty());
        };
        subscriptions.listen(vm.promptHistory(), (ListChangeListener<String>) c -> fillHistory.run());
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
        negative.textProperty().bindBidirectional(vm.negativePromptProperty());
        box.getChildren().addAll(promptHead, prompt, section(t("section.negative")), negative);

        // seed
        TextField seed = new TextField();
        seed.setId("seed");
        seed.textProperty().bindBidirectional(vm.seedTextProperty());
        Button dice = iconButton("mdi2d-dice-5", t("seed.random"));
        dice.setId("randomSeed");
        dice.setOnAction(e -> vm.randomizeSeed());
        Button copy = iconButton("mdi2c-content-copy", t("seed.copy"));
        copy.setId("copySeed");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(vm.seedTextProperty().get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        ChoiceBox<SeedMode> seedMode = new ChoiceBox<>();
        seedMode.setId("seedMode");
        seedMode.getItems().setAll(SeedMode.values());
        seedMode.setConverter(converter(m -> t("seed.mode." + m.name().toLowerCase(Locale.ROOT))));
        seedMode.valueProperty().bindBidirectional(vm.seedModeProperty());
        Label seedErr = errorLabel(vm.seedErrorProperty());
        // the field has the row to itself: a random seed has up to 19 digits
        seed.setMaxWidth(Double.MAX_VALUE);
        HBox seedTools = new HBox(6, dice, copy, seedMode);
        seedTools.setAlignment(Pos.CENTER_LEFT);
        box.getChildren().addAll(section(t("section.seed")), seed, seedTools, seedErr);

        // size
        ComboBox<SizePreset> preset = new ComboBox<>();
        preset.setId("sizePreset");
        preset.getItems().setAll(SizePreset.all());
        preset.setConverter(converter(p -> {
            if (p == SizePreset.MODEL_DEFAULT) {
                ModelSummary m = vm.modelProperty().get();
                int s = m == null ? 0 : m.suggestedSize();
                return i18n.f("size.default", s, s);
            }
            return p.isFixed() ? i18n.f(p.key(), p.width(), p.height()) : t(p.key());
        }));
        preset.valueProperty().bindBidirectional(vm.sizePresetProperty());
        preset.setMaxWidth(Double.MAX_VALUE);
        Spinner<Integer> w = intSpinner("width", vm.widthProperty(), 8, 4096, 8);
        Spinner<Integer> h = intSpinner("height", vm.heightProperty(), 8, 4096, 8);
        stepBySizeMultiple(w, h);
        Label times = new Label("×");
        HBox wh = new HBox(6, w, times, h);
        wh.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(w, Priority.ALWAYS);
        HBox.setHgrow(h, Priority.ALWAYS);
        Label sizeErr = errorLabel(vm.sizeErrorProperty());
        // the size is chosen when creating; the other modes take it from the image (outpaint: plus the sides)
        VBox sizeChoice = new VBox(6, preset, wh, sizeErr);
        sizeChoice.visibleProperty().bind(vm.modeProperty().isEqualTo(Mode.CREATE));
        sizeChoice.managedProperty().bind(sizeChoice.visibleProperty());
        Label sizeFromImage = new Label(t("size.fromImage"));
        sizeFromImage.setId("sizeFromImage");
        sizeFromImage.getStyleClass().add("hint");
        sizeFromImage.setWrapText(true);
        sizeFromImage.visibleProperty().bind(sizeChoice.visibleProperty().not());
        sizeFromImage.managedProperty().bind(sizeFromImage.visibleProperty());
        box.getChildren().addAll(section(t("section.size")), sizeChoice, sizeFromImage);

        // sampling
        Spinner<Integer> steps = intSpinner("steps", vm.stepsProperty(), 1, 200, 1);
        Spinner<Double> cfg = doubleSpinner("cfg", vm.cfgProperty(), 1, 20, 0.5);
        Spinner<Integer> variants = intSpinner("variants", vm.variantsProperty(), 1, 16, 1);
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


        return box;
    }

    private Node actions() {
        Button generate = new Button(t("action.generate"), Icons.of("mdi2c-creation"));
        generate.setId("generate");
        generate.getStyleClass().add("accent");
        generate.setMaxWidth(Double.MAX_VALUE);
        generate.disableProperty().bind(vm.canGenerate().not());
        generate.setOnAction(e -> generateWithTypedValues());
        generate.setTooltip(new Tooltip(t("action.generateTooltip")));
        subscriptions.listen(vm.modeProperty(), (o, a, m) -> generate.setText(t("action." + m.name().toLowerCase(Locale.ROOT))));
        generate.setText(t("action." + vm.modeProperty().get().name().toLowerCase(Locale.ROOT)));
        Button cancel = new Button(t("action.cancel"), Icons.of("mdi2s-stop"));
        cancel.setId("cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        cancel.setTooltip(new Tooltip(t("action.cancelTooltip")));
        HBox.setHgrow(generate, Priority.ALWAYS);
        HBox actions = new HBox(8, generate, cancel);
        actions.getStyleClass().add("actions");
        return actions;
    }

    private Node editOptions() {
        VBox box = new VBox(6);
        Slider strength = new Slider(0.05, 1, 0.6);
        strength.setId("strength");
        strength.valueProperty().bindBidirectional(vm.strengthProperty());
        Label sv = new Label();
        sv.getStyleClass().add("value");
        sv.textProperty().bind(vm.strengthProperty().asString("%.2f"));
        HBox.setHgrow(strength, Priority.ALWAYS);
        HBox srow = new HBox(8, strength, sv);
        srow.setAlignment(Pos.CENTER_LEFT);
        Spinner<Integer> feather = intSpinner("feather", vm.featherProperty(), 0, 128, 1);
        HBox frow = new HBox(8, fieldLabel(t("field.feather")), feather);
        frow.setAlignment(Pos.CENTER_LEFT);
        frow.visibleProperty().bind(vm.modeProperty().isEqualTo(Mode.INPAINT).or(vm.modeProperty().isEqualTo(Mode.OUTPAINT)));
        frow.managedProperty().bind(frow.visibleProperty());

        GridPane out = new GridPane();
        out.setHgap(8);
        out.setVgap(6);
        Spinner<Integer> l = intSpinner("outLeft", vm.outLeftProperty(), 0, 2048, 8);
        Spinner<Integer> r = intSpinner("outRight", vm.outRightProperty(), 0, 2048, 8);
        Spinner<Integer> tp = intSpinner("outTop", vm.outTopProperty(), 0, 2048, 8);
        Spinner<Integer> b = intSpinner("outBottom", vm.outBottomProperty(), 0, 2048, 8);
        stepBySizeMultiple(l, r, tp, b);
        out.addRow(0, fieldLabel(t("out.left")), l, fieldLabel(t("out.right")), r);
        out.addRow(1, fieldLabel(t("out.top")), tp, fieldLabel(t("out.bottom")), b);
        Button portrait = new Button(t("out.toPortrait"), Icons.of("mdi2c-crop-portrait"));
        portrait.setId("toPortrait");
        portrait.setOnAction(e -> vm.outpaintToAspect(9, 16));
        Button landscape = new Button(t("out.toLandscape"), Icons.of("mdi2a-arrow-expand-all"));
        landscape.setId("toLandscape");
        landscape.setOnAction(e -> vm.outpaintToAspect(16, 9));
        HBox aspects = new HBox(6, portrait, landscape);
        VBox outBox = new VBox(6, out, aspects);
        outBox.visibleProperty().bind(vm.modeProperty().isEqualTo(Mode.OUTPAINT));
        outBox.managedProperty().bind(outBox.visibleProperty());

        Label hint = new Label();
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        hint.textProperty().bind(Bindings.createStringBinding(
                () -> t("hint." + vm.modeProperty().get().name().toLowerCase(Locale.ROOT)), vm.modeProperty()));
        box.getChildren().addAll(section(t("section.edit")), hint, fieldLabel(t("field.strength")), srow, frow, outBox);
        box.visibleProperty().bind(vm.modeProperty().isNotEqualTo(Mode.CREATE));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    // ------------------------------------------------------------------ centre

    private Node center() {
        ToggleGroup tools = new ToggleGroup();
        ToggleButton brush = new ToggleButton(null, Icons.of("mdi2b-brush"));
        brush.setId("brushTool");
        brush.setTooltip(new Tooltip(t("tool.brush")));
        brush.setToggleGroup(tools);
        ToggleButton eraser = new ToggleButton(null, Icons.of("mdi2e-eraser"));
        eraser.setId("eraserTool");
        eraser.setTooltip(new Tooltip(t("tool.eraser")));
        eraser.setToggleGroup(tools);
        brush.setSelected(!vm.eraserProperty().get());
        eraser.setSelected(vm.eraserProperty().get());
        tools.selectedToggleProperty().addListener((o, a, s) -> {
            if (s == null) {
                a.setSelected(true);
                return;
            }
            vm.eraserProperty().set(s == eraser);
        });
        subscriptions.listen(vm.eraserProperty(), (o, a, v) -> (v ? eraser : brush).setSelected(true));

        Slider size = slider("brushSize", 1, 256, vm.brushSizeProperty());
        Label sizeValue = new Label();
        sizeValue.getStyleClass().add("value");
        sizeValue.textProperty().bind(vm.brushSizeProperty().asString("%.0f px"));
        sizeValue.setMinWidth(48);
        Slider hardness = slider("hardness", 0, 1, vm.brushHardnessProperty());
        Slider opacity = slider("maskOpacity", 0, 1, vm.overlayOpacityProperty());
        Button invert = iconButton("mdi2i-invert-colors", t("tool.invert"));
        invert.setId("invertMask");
        invert.setOnAction(e -> vm.invertMask());
        Button clear = iconButton("mdi2s-selection-remove", t("tool.clear"));
        clear.setId("clearMask");
        clear.setOnAction(e -> vm.clearMask());
        Button undo = iconButton("mdi2u-undo", t("tool.undo"));
        undo.setId("undoMask");
        undo.setOnAction(e -> vm.undoMask());
        Button redo = iconButton("mdi2r-redo", t("tool.redo"));
        redo.setId("redoMask");
        redo.setOnAction(e -> vm.redoMask());
        Button fit = iconButton("mdi2f-fit-to-screen-outline", t("canvas.fit"));
        fit.setId("fit");
        fit.setOnAction(e -> canvas.fit());
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
            g.visibleProperty().bind(vm.modeProperty().isEqualTo(Mode.INPAINT));
            g.managedProperty().bind(g.visibleProperty());
        }
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(brushGroup, maskGroup, viewGroup);
        bar.setId("canvasBar");
        bar.getStyleClass().add("canvas-bar");

        ProgressBar pb = new ProgressBar(0);
        pb.setId("progress");
        pb.progressProperty().bind(vm.progressProperty());
        pb.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(pb, Priority.ALWAYS);
        Label pt = new Label();
        pt.setId("progressText");
        pt.textProperty().bind(vm.progressTextProperty());
        pt.setMinWidth(190);
        HBox progress = new HBox(10, pb, pt);
        progress.getStyleClass().add("progress-row");
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(vm.runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label empty = new Label(t("canvas.empty"));
        empty.getStyleClass().add("empty-hint");
        empty.setMouseTransparent(true);
        empty.visibleProperty().bind(vm.imageProperty().isNull().and(vm.previewProperty().isNull()));
        javafx.scene.layout.StackPane stack = new javafx.scene.layout.StackPane(canvas, empty);

        BorderPane c = new BorderPane(stack);
        c.setTop(bar);
        c.setBottom(new VBox(variantsStrip(), progress));
        c.getStyleClass().add("center");
        return c;
    }

    /** Below this height (px) the variants strip shows small thumbnails. */
    private static final double SHORT_WINDOW = 800;

    private Node variantsStrip() {
        TilePane tiles = new TilePane(8, 8);
        tiles.setId("variants");
        tiles.setPrefColumns(8);
        Label title = new Label(t("variants.title"));
        title.getStyleClass().add("section");
        VBox box = new VBox(6, title, tiles);
        box.getStyleClass().add("variants");
        Runnable fill = () -> {
            tiles.getChildren().clear();
            for (GenerationSummary s : vm.variantResults()) {
                ImageView iv = new ImageView(thumb(s));
                // smaller in a short window, where the canvas needs the height more
                iv.fitWidthProperty().bind(Bindings.when(root.heightProperty().lessThan(SHORT_WINDOW))
                        .then(56).otherwise(96));
                iv.fitHeightProperty().bind(iv.fitWidthProperty());
                iv.setPreserveRatio(true);
                Button b = new Button(String.valueOf(s.seed()), iv);
                b.setContentDisplay(ContentDisplay.TOP);
                b.setId("variant-" + s.id());
                b.getStyleClass().add("variant");
                if (Long.valueOf(s.id()).equals(vm.selectedId())) {
                    b.getStyleClass().add("picked"); // the variant the canvas shows
                }
                b.setOnAction(e -> vm.select(s.id()));
                tiles.getChildren().add(b);
            }
        };
        subscriptions.listen(vm.variantResults(), (ListChangeListener<GenerationSummary>) c -> fill.run());
        subscriptions.listen(vm.selectedIdProperty(), (o, a, id) -> fill.run());
        fill.run();
        box.visibleProperty().bind(Bindings.isNotEmpty(vm.variantResults()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    // ------------------------------------------------------------------ right

    private Node rightPanel() {
        tree = new TreeView<>();
        tree.setId("historyTree");
        tree.setShowRoot(false);
        tree.setCellFactory(tv -> new HistoryCell());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!syncingTree && item != null && item.getValue() != null) {
                vm.select(item.getValue().id());
            }
        });
        subscriptions.listen(vm.history(), (ListChangeListener<GenerationSummary>) c -> rebuildTree());
        subscriptions.listen(vm.selectedIdProperty(), (o, a, id) -> syncTreeSelection());
        rebuildTree();
        VBox.setVgrow(tree, Priority.ALWAYS);

        Button star = iconButton("mdi2s-star-outline", t("history.star"));
        star.setId("star");
        star.setOnAction(e -> vm.toggleStar());
        Runnable starState = () -> {
            Long id = vm.selectedId();
            var s = id == null ? null : vm.summary(id);
            boolean starred = s != null && s.starred();
            star.setGraphic(Icons.of(starred ? "mdi2s-star" : "mdi2s-star-outline"));
            star.setTooltip(new Tooltip(t(starred ? "history.unstar" : "history.star")));
        };
        subscriptions.listen(vm.selectedIdProperty(), (o, a, b) -> starState.run());
        subscriptions.listen(vm.history(), (ListChangeListener<GenerationSummary>) c -> starState.run());
        starState.run();
        Button compare = iconButton("mdi2c-compare", t("history.compare"));
        compare.setId("compare");
        compare.setOnAction(e -> openCompare());
        Button replay = iconButton("mdi2r-replay", t("history.replay"));
        replay.setId("replay");
        replay.setOnAction(e -> vm.replaySelected());
        Button delete = iconButton("mdi2d-delete-outline", t("history.delete"));
        delete.setId("delete");
        delete.setOnAction(e -> confirmDelete());
        for (Button b : List.of(star, compare)) {
            b.disableProperty().bind(vm.selectedIdProperty().isNull());
        }
        // a running generation may be a child of the selection: deleting it mid-run would lose the result
        for (Button b : List.of(replay, delete)) {
            b.disableProperty().bind(vm.selectedIdProperty().isNull().or(vm.runningProperty()));
        }
        Label h = section(t("section.history"));
        h.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(h, Priority.ALWAYS);
        HBox head = new HBox(4, h, star, compare, replay, delete);
        head.setAlignment(Pos.CENTER_LEFT);

        ListView<LayerItem> layers = new ListView<>(vm.layers());
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
                ImageView iv = new ImageView(thumb(vm.summary(item.generationId())));
                iv.setFitWidth(32);
                iv.setFitHeight(32);
                iv.setPreserveRatio(true);
                Label l = new Label(item.label());
                HBox row = new HBox(8, cb, iv, l);
                row.setAlignment(Pos.CENTER_LEFT);
                setGraphic(row);
                setText(null);
            }
        });
        VBox right = new VBox(8, head, tree, section(t("section.layers")), layers);
        right.getStyleClass().add("right-panel");
        right.setPadding(new Insets(12, 12, 12, 10));
        right.prefWidthProperty().bind(sidePanelWidth(0.22, 228, 320));
        right.setMinWidth(228);
        return right;
    }

    /** Opens the compare window for the selection and its parent (else the previous node); null if none. */
    public javafx.stage.Stage openCompare() {
        Long a = vm.selectedId();
        Long b = vm.compareCandidate();
        if (a == null || b == null) {
            return null;
        }
        RgbImage ia = vm.imageOf(a);
        RgbImage ib = vm.imageOf(b);
        if (ia != null && ib != null) {
            return CompareDialog.show(window(), i18n, "#" + b, ib, "#" + a, ia, vm.offsetIn(a, b));
        }
        return null;
    }

    private void rebuildTree() {
        TreeItem<GenerationSummary> rootItem = new TreeItem<>();
        Map<Long, TreeItem<GenerationSummary>> items = new HashMap<>();
        for (GenerationSummary s : vm.history()) {
            TreeItem<GenerationSummary> it = new TreeItem<>(s);
            it.setExpanded(true);
            items.put(s.id(), it);
        }
        for (GenerationSummary s : vm.history()) {
            TreeItem<GenerationSummary> parent = s.parentId() == null ? null : items.get(s.parentId());
            (parent != null ? parent : rootItem).getChildren().add(items.get(s.id()));
        }
        syncingTree = true;
        tree.setRoot(rootItem);
        syncingTree = false;
        syncTreeSelection();
    }

    private void syncTreeSelection() {
        Long id = vm.selectedId();
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

    private Image thumb(GenerationSummary s) {
        if (s == null) {
            return null;
        }
        Image img = thumbs.get(s.imageSha256());
        if (img == null) {
            RgbImage r = vm.imageOf(s.id());
            if (r == null) {
                return null;
            }
            img = FxImages.toFx(r);
            thumbs.put(s.imageSha256(), img);
        }
        return img;
    }

    /** A history node: thumbnail, id and kind, seed, prompt, star. */
    private final class HistoryCell extends TreeCell<GenerationSummary> {
        @Override
        protected void updateItem(GenerationSummary s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            ImageView iv = new ImageView(thumb(s));
            iv.setFitWidth(THUMB);
            iv.setFitHeight(THUMB);
            iv.setPreserveRatio(true);
            javafx.scene.layout.StackPane frame = new javafx.scene.layout.StackPane(iv);
            frame.getStyleClass().add("thumb");
            frame.setMinSize(THUMB + 4, THUMB + 4);
            frame.setMaxSize(THUMB + 4, THUMB + 4);
            Label title = new Label("#" + s.id() + "  " + vm.kindName(s.kind()));
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
            VBox text = new VBox(2, titleLine, prompt);
            HBox row = new HBox(8, frame, text);
            row.setAlignment(Pos.CENTER_LEFT);
            setId("node-" + s.id());
            setGraphic(row);
            setText(null);
        }
    }

    // ------------------------------------------------------------------ status

    private Node statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(vm.statusProperty());
        status.setMaxWidth(Double.MAX_VALUE);
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        // a long message is cut: the whole of it is in the tooltip
        Tooltip full = new Tooltip();
        full.textProperty().bind(vm.statusProperty());
        full.setWrapText(true);
        full.setMaxWidth(640);
        status.setTooltip(full);
        Label project = new Label();
        project.setId("projectName");
        project.textProperty().bind(vm.titleProperty());
        project.setMinWidth(Region.USE_PREF_SIZE); // the project's name is never what gives way
        HBox bar = new HBox(12, status, project);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    // ------------------------------------------------------------------ helpers

    private static Node labelled(String icon, String tooltip, Node control) {
        Label l = new Label(null, Icons.of(icon));
        l.setTooltip(new Tooltip(tooltip));
        Tooltip.install(control, new Tooltip(tooltip));
        HBox b = new HBox(4, l, control);
        b.setAlignment(Pos.CENTER_LEFT);
        return b;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        return l;
    }

    private static Label fieldLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    private static Label errorLabel(javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.getStyleClass().add("field-error");
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(Bindings.isNotEmpty(text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static Button iconButton(String icon, String tooltip) {
        Button b = new Button(null, Icons.of(icon));
        b.getStyleClass().add("icon-button");
        b.setTooltip(new Tooltip(tooltip));
        return b;
    }

    /** A row of canvas tools kept together when the bar wraps. */
    private static HBox toolGroup(String id, Node... nodes) {
        HBox g = new HBox(6, nodes);
        g.setId(id);
        g.setAlignment(Pos.CENTER_LEFT);
        g.getStyleClass().add("tool-group");
        return g;
    }

    private Slider slider(String id, double min, double max, DoubleProperty p) {
        Slider s = new Slider(min, max, p.get());
        s.setId(id);
        s.setPrefWidth(72);
        s.valueProperty().bindBidirectional(p);
        return s;
    }

    /** The arrows step by the model's size multiple (16 for Qwen-Image), so they never make a size it refuses. */
    @SafeVarargs
    private void stepBySizeMultiple(Spinner<Integer>... spinners) {
        java.util.function.Consumer<ModelSummary> apply = m -> {
            for (Spinner<Integer> s : spinners) {
                ((SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory())
                        .setAmountToStepBy(m == null ? 8 : m.sizeMultiple());
            }
        };
        apply.accept(vm.modelProperty().get());
        subscriptions.listen(vm.modelProperty(), (o, a, m) -> apply.accept(m));
    }

    private Spinner<Integer> intSpinner(String id, IntegerProperty p, int min, int max, int step) {
        return spinner(id, new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, p.get(), step), p.asObject());
    }

    private Spinner<Double> doubleSpinner(String id, DoubleProperty p, double min, double max, double step) {
        return spinner(id, new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, p.get(), step), p.asObject());
    }

    /**
     * An editable number field bound both ways to {@code boxed} (kept reachable: the property's boxed view
     * is otherwise only weakly held by the binding), taking its typed value on Enter, on leaving the field
     * and before generating.
     */
    private <T> Spinner<T> spinner(String id, SpinnerValueFactory<T> f, ObjectProperty<T> boxed) {
        Spinner<T> s = new Spinner<>();
        s.setValueFactory(f);
        s.setEditable(true);
        s.setId(id);
        s.setPrefWidth(90);
        keep.add(boxed);
        f.valueProperty().bindBidirectional(boxed);
        spinners.add(s);
        // digits (and for decimals one point) only: JavaFX's own converter throws on anything else
        s.getEditor().setTextFormatter(new javafx.scene.control.TextFormatter<>(change ->
                change.getControlNewText().matches("-?[0-9]*([.,][0-9]*)?") ? change : null));
        s.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                commit(s);
            }
        });
        return s;
    }

    private static void commit(Spinner<?> s) {
        try {
            s.commitValue();
        } catch (RuntimeException e) {
            s.cancelEdit();
        }
    }

    /** Takes what is typed in every number field, so that Ctrl+Enter runs with the values the window shows. */
    private void generateWithTypedValues() {
        spinners.forEach(StudioView::commit);
        vm.generate();
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> f) {
        return new StringConverter<>() {
            @Override
            public String toString(T v) {
                return v == null ? "" : f.apply(v);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }
}
