package dev.seedframe.ui.view;

import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.CanvasViewModel;
import dev.seedframe.ui.viewmodel.GpuOfferViewModel;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.event.EventHandler;
import javafx.scene.Parent;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The studio window's content, one view per panel: the menus (File: {@link ProjectsMenu} with the pictures' items of
 * {@link PicturesView}, Edit, View, Engine: {@link EngineMenu}, Help) and the error and offer banners on top, the
 * generation form with its LoRAs and the run buttons on the left ({@link GenerationFormView}, {@link LoraView}, {@link
 * RunView}), the canvas in the middle ({@link CanvasView}) over the variants and the progress, the history and layers
 * on the right ({@link HistoryView}, {@link LayersView}), the status line at the foot ({@link FeedbackView}); the model
 * picker ({@link ModelPickerDialog}), the GPU offer ({@link GpuOfferDialog}) and the Preferences ({@link
 * PreferencesDialog}) in windows of their own. It lays them out and routes the window's keys; the panels only bind to
 * their view models.
 */
public final class StudioView {

    private final StudioViewModel vm;
    private final I18n i18n;
    private final Consumer<Locale> languageSwitcher;
    private final Consumer<Locale> languageShower;
    private final BorderPane root = new BorderPane();
    /** Listeners on the view models, until {@link #dispose()}. */
    private final Subscriptions subscriptions = new Subscriptions();
    private final NumberFields fields = new NumberFields();
    private final CanvasView canvasView;
    private final HistoryView historyView;
    private final RunView runView;
    private final PicturesView picturesView;
    private final GenerationFormView formView;
    private final ModelPickerDialog pickerDialog;
    private final GpuOfferDialog gpuDialog;
    private final PreferencesDialog preferencesDialog;
    private boolean bracketPressed;
    /** Every file and folder chooser of the window (tests answer them: see {@link #setChoosers}). */
    private Choosers choosers = Choosers.system();

    /**
     * @param languageSwitcher View → Language: the window in another language, remembered for the next session
     * @param languageShower the window in another language only (the Preferences dialog saved its own choice)
     */
    public StudioView(StudioViewModel vm, Consumer<Locale> languageSwitcher, Consumer<Locale> languageShower) {
        this.languageShower = languageShower;
        this.vm = vm;
        this.i18n = vm.i18n();
        this.languageSwitcher = languageSwitcher;
        this.canvasView = new CanvasView(vm.canvas(), vm.maskFiles(), i18n, subscriptions, this::window,
                this::choosers);
        this.historyView = new HistoryView(vm.history(), vm.run(), i18n, subscriptions, root, this::window);
        this.runView = new RunView(vm.run(), vm.form(), i18n, subscriptions, fields);
        this.picturesView = new PicturesView(vm.pictures(), vm.history(), i18n, subscriptions, this::window,
                this::choosers);
        this.formView = new GenerationFormView(vm.form(), vm.canvas(), vm.run().runningProperty(), i18n,
                subscriptions, fields, this::window, this::choosers);
        this.pickerDialog = vm.picker() == null ? null : new ModelPickerDialog(vm.picker(), vm.download(), i18n,
                this::window, formView::chooseFolder, vm.run().runningProperty(), subscriptions, this::choosers);
        this.gpuDialog = new GpuOfferDialog(vm.gpu(), i18n, this::window, subscriptions);
        this.preferencesDialog = vm.preferences() == null ? null
                : new PreferencesDialog(vm.preferences(), i18n, this::window, languageShower, this::choosers);
        FeedbackView feedback = new FeedbackView(vm.feedback(), i18n);
        root.getStyleClass().add("studio");
        root.setTop(new VBox(menuBar(), feedback.errorBanner(), picturesView.offerBanner()));
        root.setCenter(canvasView.panel(new VBox(historyView.variantsStrip(), runView.progress())));
        VBox settings = formView.onChooseModel(pickerDialog == null ? null : this::openModels).panel();
        settings.getChildren().addAll(new LoraView(vm.loras(), i18n, subscriptions, fields, this::window,
                this::choosers).nodes());
        ScrollPane scroll = new ScrollPane(settings);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("side-scroll");
        BorderPane left = new BorderPane(scroll);
        left.setBottom(runView.actions());
        left.getStyleClass().add("left-panel");
        // the side panels give way first on a small window, so the canvas keeps room for the image and tools
        left.prefWidthProperty().bind(sidePanelWidth(0.24, 320, 344));
        left.setMinWidth(320);
        root.setLeft(left);
        LayersView layers = new LayersView(vm.layers(), vm.history(), historyView.thumbnails(), i18n);
        VBox right = historyView.panel(layers, layers.exportButtons(picturesView::exportFlattened,
                picturesView::exportOpenRaster), this::exportNode);
        right.prefWidthProperty().bind(sidePanelWidth(0.22, 228, 320));
        right.setMinWidth(228);
        root.setRight(right);
        root.setBottom(feedback.statusBar(vm.projects().titleProperty()));
        installKeys();
        picturesView.installDrops(root, canvasView.canvas());
        picturesView.installDragOut(canvasView.canvas(), vm.canvas()::image, vm.canvas()::masking);
        // the first-run GPU offer, when the view model finds it due (also after a language switch mid-offer)
        subscriptions.listen(vm.gpu().stepProperty(), (o, a, step) -> {
            if (step == GpuOfferViewModel.Step.OFFER) {
                gpuDialog.show();
            }
        });
        if (vm.gpu().stepProperty().get() != GpuOfferViewModel.Step.NONE) {
            javafx.application.Platform.runLater(gpuDialog::show);
        }
    }

    /** Replaces every file and folder chooser of the window (tests: a native chooser cannot be driven headless). */
    public void setChoosers(Choosers c) {
        choosers = c;
    }

    private Choosers choosers() {
        return choosers;
    }

    /** What a drop on the window does with its dragboard (tests hand it a clipboard: see {@link PicturesView}). */
    public void drop(javafx.scene.input.Clipboard dragboard) {
        picturesView.drop(dragboard);
    }

    /** Help → Keyboard shortcuts. */
    public javafx.scene.control.Alert showShortcuts() {
        return ShortcutsDialog.show(window(), root.getScene(), i18n);
    }

    /** The context menu's Export…: a node's PNG with its generation data, into the export folder last used. */
    private void exportNode(long id) {
        picturesView.saveAs("menu.export", "PNG", "png", "seedframe-" + id + ".png")
                .ifPresent(out -> vm.projects().export(id, out));
    }

    /** Opens the model picker (searching the folders the first time); null without a model library. */
    public Stage openModels() {
        return pickerDialog == null ? null : pickerDialog.show();
    }

    /** Opens the Preferences on the saved preferences; null without them. */
    public Stage openPreferences() {
        return preferencesDialog == null ? null : preferencesDialog.show();
    }

    /** Engine → Set up the GPU: the offer's window, asked for. */
    public Stage openGpuSetup() {
        vm.gpu().openFromMenu();
        return gpuDialog.show();
    }

    public Parent root() {
        return root;
    }

    public ImageCanvas canvas() {
        return canvasView.canvas();
    }

    /** Opens the compare window for the selection and its parent (else the previous node); null if none. */
    public Stage openCompare() {
        return historyView.openCompare();
    }

    /**
     * Detaches this view from the view models (a language switch builds a new view over the same models): its
     * listeners go; bindings to the models are weak and go with the nodes.
     */
    public void dispose() {
        subscriptions.cancelAll();
        canvasView.canvas().dispose();
        if (pickerDialog != null) {
            pickerDialog.close();
        }
        gpuDialog.close();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    /** A share of the window's width, between {@code min} and {@code max} pixels. */
    private DoubleBinding sidePanelWidth(double share, double min, double max) {
        return Bindings.createDoubleBinding(() -> Math.max(min, Math.min(max, root.getWidth() * share)),
                root.widthProperty());
    }

    // ------------------------------------------------------------------ menus

    private MenuBar menuBar() {
        Menu file = new ProjectsMenu(vm.projects(), vm.history(), i18n, subscriptions, this::window,
                this::exportNode, this::choosers).menu();
        // the pictures' items: Open picture… after the projects' Open, the exports after Export image
        file.getItems().add(indexOf(file, "menu-open") + 1, picturesView.openItem());
        file.getItems().addAll(indexOf(file, "menu-export") + 1, picturesView.exportItems());
        Menu edit = picturesView.editMenu(vm::undo, this::copy, picturesView::paste);
        Menu engine = new EngineMenu(vm.engine(), i18n, this::window, root::getScene).menu(vm.run().runningProperty());
        MenuItem shortcuts = new MenuItem(i18n.t("menu.shortcuts"), Icons.of("mdi2k-keyboard-outline"));
        shortcuts.setId("menu-shortcuts");
        shortcuts.setAccelerator(Shortcut.SHORTCUTS.combination());
        shortcuts.setOnAction(e -> showShortcuts());
        Menu help = new Menu(i18n.t("menu.help"), null, shortcuts);
        help.setId("menu-help");
        addModelItems(file, engine);
        MenuBar mb = new MenuBar(file, edit, viewMenu(), engine, help);
        mb.setId("menuBar");
        return mb;
    }

    private static int indexOf(Menu menu, String id) {
        for (int i = 0; i < menu.getItems().size(); i++) {
            if (id.equals(menu.getItems().get(i).getId())) {
                return i;
            }
        }
        return menu.getItems().size() - 1;
    }

    private void copy() {
        picturesView.copy(vm.canvas().image());
    }

    /** File → Preferences (before Quit); Engine → Models and Set up the GPU. */
    private void addModelItems(Menu file, Menu engine) {
        if (preferencesDialog != null) {
            MenuItem prefs = new MenuItem(i18n.t("menu.preferences"), Icons.of("mdi2c-cog-outline"));
            prefs.setId("menuPreferences");
            prefs.setAccelerator(Shortcut.PREFERENCES.combination());
            prefs.setOnAction(e -> openPreferences());
            file.getItems().add(Math.max(0, file.getItems().size() - 1), prefs);
            file.getItems().add(Math.max(0, file.getItems().size() - 1), new SeparatorMenuItem());
        }
        MenuItem gpu = new MenuItem(i18n.t("menu.setupGpu"), Icons.of("mdi2e-expansion-card-variant"));
        gpu.setId("menuSetupGpu");
        gpu.setOnAction(e -> openGpuSetup());
        engine.getItems().add(gpu);
        if (pickerDialog != null) {
            MenuItem models = new MenuItem(i18n.t("menu.models"), Icons.of("mdi2v-view-list-outline"));
            models.setId("menuModels");
            models.setAccelerator(Shortcut.MODELS.combination());
            models.setOnAction(e -> openModels());
            engine.getItems().add(0, models);
            engine.getItems().add(1, new SeparatorMenuItem());
        }
    }

    private Menu viewMenu() {
        Menu view = new Menu(i18n.t("menu.view"));
        view.setId("menu-view");
        MenuItem fit = new MenuItem(i18n.t("canvas.fit"));
        fit.setAccelerator(Shortcut.FIT.combination());
        fit.setOnAction(e -> canvas().fit());
        MenuItem actual = new MenuItem(i18n.t("canvas.actual"));
        actual.setAccelerator(Shortcut.ACTUAL_SIZE.combination());
        actual.setOnAction(e -> canvas().actualSize());
        Menu language = new Menu(i18n.t("menu.language"));
        ToggleGroup lg = new ToggleGroup();
        for (Locale l : I18n.LANGUAGES) {
            RadioMenuItem mi = new RadioMenuItem(l.getDisplayName(l));
            mi.setId("lang-" + l.getLanguage());
            mi.setToggleGroup(lg);
            mi.setSelected(l.equals(i18n.locale()));
            mi.setOnAction(e -> languageSwitcher.accept(l));
            language.getItems().add(mi);
        }
        view.getItems().addAll(fit, actual, new SeparatorMenuItem(), language);
        return view;
    }

    // ------------------------------------------------------------------ keys

    private void installKeys() {
        EventHandler<KeyEvent> pressed = this::onKeyPressed;
        EventHandler<KeyEvent> typed = this::onKeyTyped;
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
        return root.getScene() != null && root.getScene().getFocusOwner() instanceof TextInputControl;
    }

    private void onKeyPressed(KeyEvent e) {
        CanvasViewModel canvas = vm.canvas();
        if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
            runView.generateWithTypedValues();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && vm.run().isRunning()) {
            vm.run().cancel();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && vm.history().comparingFromProperty().get() != null) {
            vm.history().cancelCompare();
            e.consume();
        } else if (!typingInAField()) {
            // outside text fields, where they copy and paste text: the picture
            if (Shortcut.PASTE.combination().match(e)) {
                picturesView.paste();
                e.consume();
                return;
            }
            if (Shortcut.COPY.combination().match(e)) {
                copy();
                e.consume();
                return;
            }
            if (e.getCode() == KeyCode.OPEN_BRACKET || e.getCode() == KeyCode.CLOSE_BRACKET) {
                canvas.growBrush(e.getCode() == KeyCode.CLOSE_BRACKET);
                bracketPressed = true;
                e.consume();
            } else if (e.getCode() == KeyCode.Z && e.isShortcutDown()) {
                if (e.isShiftDown()) {
                    canvas.redoMask();
                } else {
                    vm.undo(); // a delete right after it, else a mask stroke
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
            vm.canvas().growBrush(false);
            e.consume();
        } else if ("]".equals(e.getCharacter())) {
            vm.canvas().growBrush(true);
            e.consume();
        }
    }
}
