package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.converter;
import static dev.seedframe.ui.view.Controls.fieldLabel;

import dev.seedframe.service.Preferences;
import dev.seedframe.service.StudioEngine;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.PreferencesViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The Preferences window, bound to the {@link PreferencesViewModel}: Engine (device, memory mode, precision),
 * Folders (model and LoRA folders, where new projects go), Interface (language, cache limits), Content filter (on or
 * off, locked by a studio's policy, the default lists, the person's English and Chinese terms), and the problems that
 * keep Save from saving. Built anew each time it opens, from the saved preferences.
 */
final class PreferencesDialog {

    private final PreferencesViewModel prefs;
    private final I18n i18n;
    private final Supplier<Window> owner;
    private final Consumer<Locale> languageSwitcher;
    private final Supplier<Choosers> choosers;

    PreferencesDialog(PreferencesViewModel prefs, I18n i18n, Supplier<Window> owner, Consumer<Locale> languageSwitcher,
            Supplier<Choosers> choosers) {
        this.choosers = choosers;
        this.prefs = prefs;
        this.i18n = i18n;
        this.owner = owner;
        this.languageSwitcher = languageSwitcher;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    /** Opens the window on the saved preferences. */
    Stage show() {
        prefs.load();
        Stage[] stage = new Stage[1];
        Supplier<Window> self = () -> stage[0];
        TabPane tabs = new TabPane(tab("prefs.tab.engine", engine()), tab("prefs.tab.folders", folders(self)),
                tab("prefs.tab.interface", ui()), tab("prefs.tab.filter", filter()));
        tabs.setId("prefsTabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);

        VBox problems = new VBox(2);
        problems.setId("prefsProblems");
        Runnable fill = () -> {
            problems.getChildren().clear();
            if (!prefs.problems().isEmpty()) {
                problems.getChildren().add(new Label(t("prefs.problems")));
            }
            for (String p : prefs.problems()) {
                Label l = new Label("• " + p);
                l.getStyleClass().add("problems");
                l.setWrapText(true);
                l.setMnemonicParsing(false);
                problems.getChildren().add(l);
            }
        };
        ListChangeListener<String> onProblems = c -> fill.run();
        prefs.problems().addListener(onProblems);
        fill.run();

        Button save = new Button(t("prefs.save"), Icons.of("mdi2c-content-save-outline"));
        save.setId("prefsSave");
        save.getStyleClass().add("accent");
        save.setDefaultButton(false);
        save.setOnAction(e -> {
            if (prefs.save()) {
                stage[0].close();
                prefs.languageToApply().ifPresent(languageSwitcher);
            }
        });
        Button cancel = new Button(t("prefs.cancel"));
        cancel.setId("prefsCancel");
        cancel.setOnAction(e -> stage[0].close());
        HBox buttons = new HBox(8, save, cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox root = new VBox(10, tabs, problems, buttons);
        root.setPadding(new Insets(12));
        Stage st = DialogStages.of(owner, t("prefs.title"), root, Modality.WINDOW_MODAL, 720, 640);
        stage[0] = st;
        st.setOnHidden(e -> prefs.problems().removeListener(onProblems));
        st.show();
        return st;
    }

    private Tab tab(String key, Node content) {
        VBox box = new VBox(10, content);
        box.setPadding(new Insets(12));
        Tab tab = new Tab(t(key), box);
        tab.setClosable(false);
        return tab;
    }

    private Node engine() {
        ChoiceBox<String> device = choice("prefsDevice", options(StudioEngine.EngineChoice.DEVICES,
                prefs.deviceProperty().get()), prefs.deviceProperty(), id -> id.startsWith("cuda:") ? id
                        : t("engine.device." + id));
        ChoiceBox<String> memory = choice("prefsMemory", StudioEngine.EngineChoice.MEMORY_MODES,
                prefs.memoryModeProperty(), id -> t("engine.memory." + id));
        ChoiceBox<String> precision = choice("prefsPrecision", StudioEngine.EngineChoice.PRECISIONS,
                prefs.precisionProperty(), id -> t("engine.precision." + id));
        GridPane g = grid();
        g.addRow(0, fieldLabel(t("engine.device")), device);
        g.addRow(1, fieldLabel(t("engine.memory")), memory);
        g.addRow(2, fieldLabel(t("engine.precision")), precision);
        return new VBox(10, g, note(t("prefs.engineNote")));
    }

    /** The menu's choices, and the saved one when it is another ({@code cuda:1}). */
    private static List<String> options(List<String> choices, String current) {
        List<String> out = new ArrayList<>(choices);
        if (current != null && !out.contains(current)) {
            out.add(current);
        }
        return out;
    }

    private Node folders(Supplier<Window> st) {
        TextField projects = new TextField();
        projects.setId("prefsProjectsFolder");
        projects.textProperty().bindBidirectional(prefs.projectsFolderProperty());
        projects.promptTextProperty().bind(Bindings.createStringBinding(
                () -> i18n.f("prefs.projectsDefault", prefs.defaultProjectsProperty().get()),
                prefs.defaultProjectsProperty()));
        HBox.setHgrow(projects, Priority.ALWAYS);
        Button choose = new Button(t("prefs.choose"));
        choose.setOnAction(e -> chooseFolder(st, t("prefs.projectsFolder"))
                .ifPresent(p -> prefs.projectsFolderProperty().set(p.toString())));
        return new VBox(8, folderList("prefsModelFolders", t("prefs.modelFolders"), prefs.modelFolders(), st),
                folderList("prefsLoraFolders", t("prefs.loraFolders"), prefs.loraFolders(), st),
                fieldLabel(t("prefs.projectsFolder")), new HBox(8, projects, choose));
    }

    private Node folderList(String id, String title, ObservableList<Path> folders, Supplier<Window> st) {
        ListView<Path> list = new ListView<>(folders);
        list.setId(id);
        list.setPrefHeight(90);
        Button add = new Button(t("prefs.add"));
        add.setId(id + "Add");
        add.setOnAction(e -> chooseFolder(st, title).ifPresent(p -> {
            if (!folders.contains(p)) {
                folders.add(p);
            }
        }));
        Button remove = new Button(t("prefs.remove"));
        remove.setId(id + "Remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> folders.remove(list.getSelectionModel().getSelectedItem()));
        return new VBox(4, fieldLabel(title), list, new HBox(8, add, remove));
    }

    private java.util.Optional<Path> chooseFolder(Supplier<Window> st, String title) {
        return choosers.get().folder(st.get(), title, null);
    }

    private Node ui() {
        ChoiceBox<String> lang = choice("prefsLanguage", Preferences.LANGUAGES, prefs.languageProperty(),
                id -> t("prefs.lang." + id));
        TextField image = text("prefsImageCache", prefs.imageCacheMbProperty());
        TextField disk = text("prefsDiskCache", prefs.diskCacheMbProperty());
        GridPane g = grid();
        g.addRow(0, fieldLabel(t("prefs.language")), lang);
        g.addRow(1, fieldLabel(t("prefs.imageCache")), image);
        g.addRow(2, fieldLabel(t("prefs.diskCache")), disk);
        return new VBox(10, g, note(t("prefs.cacheNote")));
    }

    private Node filter() {
        Label policy = new Label();
        policy.setId("prefsPolicy");
        policy.getStyleClass().add("notice");
        policy.setWrapText(true);
        policy.setMnemonicParsing(false);
        policy.textProperty().bind(prefs.policyTextProperty());
        policy.visibleProperty().bind(Bindings.isNotEmpty(prefs.policyTextProperty()));
        policy.managedProperty().bind(policy.visibleProperty());
        CheckBox on = new CheckBox(t("prefs.filterOn"));
        on.setId("prefsFilterOn");
        if (prefs.lockedProperty().get()) {
            on.setSelected(true); // the policy keeps it on; the person's own choice stays as saved
            on.setDisable(true);
        } else {
            on.selectedProperty().bindBidirectional(prefs.contentFilterProperty());
        }
        CheckBox defaults = new CheckBox(t("prefs.defaultLists"));
        defaults.setId("prefsDefaultLists");
        defaults.selectedProperty().bindBidirectional(prefs.defaultListsProperty());
        TextArea defaultEn = readOnly(prefs.defaultTerms("en"));
        TextArea defaultZh = readOnly(prefs.defaultTerms("zh"));
        TitledPane shown = new TitledPane(t("prefs.showDefaults"), new HBox(8, defaultEn, defaultZh));
        shown.setExpanded(false);
        TextArea en = area("prefsTermsEn", prefs.termsEnProperty());
        TextArea zh = area("prefsTermsZh", prefs.termsZhProperty());
        HBox terms = new HBox(8, new VBox(4, fieldLabel(t("prefs.termsEn")), en),
                new VBox(4, fieldLabel(t("prefs.termsZh")), zh));
        for (Node n : terms.getChildren()) {
            HBox.setHgrow(n, Priority.ALWAYS);
        }
        return new VBox(8, policy, on, note(t("prefs.filterNote")), defaults, shown, terms);
    }

    // ------------------------------------------------------------------ controls

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(8);
        return g;
    }

    private static Label note(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static ChoiceBox<String> choice(String id, List<String> options, StringProperty value,
            java.util.function.Function<String, String> words) {
        ChoiceBox<String> c = new ChoiceBox<>();
        c.setId(id);
        c.getItems().setAll(options);
        c.setConverter(converter(words));
        c.valueProperty().bindBidirectional(value);
        return c;
    }

    private static TextField text(String id, StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(8);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static TextArea area(String id, StringProperty value) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setPrefRowCount(7);
        a.setPrefColumnCount(18);
        a.textProperty().bindBidirectional(value);
        return a;
    }

    private static TextArea readOnly(String text) {
        TextArea a = new TextArea(text);
        a.setEditable(false);
        a.setPrefRowCount(5);
        a.setPrefColumnCount(16);
        return a;
    }
}
