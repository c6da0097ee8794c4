package dev.seedframe.ui.view;

import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.HistoryViewModel;
import dev.seedframe.ui.viewmodel.ProjectsViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The File menu (the projects panel): new, open, recent, save as, export, quit; bound to {@link ProjectsViewModel}. */
final class ProjectsMenu {

    private final ProjectsViewModel projects;
    private final HistoryViewModel history;
    private final I18n i18n;
    private final Subscriptions subscriptions;
    private final Supplier<Window> window;
    private final LongConsumer exportNode;
    private final Supplier<Choosers> choosers;

    /** @param exportNode Export image as PNG…: asks where, in the export folder last used, and writes the node */
    ProjectsMenu(ProjectsViewModel projects, HistoryViewModel history, I18n i18n, Subscriptions subscriptions,
            Supplier<Window> window, LongConsumer exportNode, Supplier<Choosers> choosers) {
        this.choosers = choosers;
        this.exportNode = exportNode;
        this.projects = projects;
        this.history = history;
        this.i18n = i18n;
        this.subscriptions = subscriptions;
        this.window = window;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    Menu menu() {
        Menu file = new Menu(t("menu.file"));
        file.setId("menu-file");
        MenuItem newP = item("menu.new", "mdi2f-file-outline", Shortcut.NEW_PROJECT);
        newP.setOnAction(e -> chooseProject(true, "menu.new").ifPresent(projects::newProject));
        MenuItem open = item("menu.open", "mdi2f-folder-open-outline", Shortcut.OPEN_PROJECT);
        open.setOnAction(e -> chooseProject(false, "menu.open").ifPresent(projects::openProject));
        MenuItem saveAs = item("menu.saveAs", "mdi2c-content-save-outline", Shortcut.SAVE_AS);
        saveAs.setOnAction(e -> chooseProject(true, "menu.saveAs").ifPresent(projects::saveProjectAs));
        MenuItem export = item("menu.export", "mdi2e-export", Shortcut.EXPORT_PNG);
        export.disableProperty().bind(history.selectedIdProperty().isNull());
        export.setOnAction(e -> {
            Long id = history.selectedId();
            if (id != null) {
                exportNode.accept(id);
            }
        });
        MenuItem quit = new MenuItem(t("menu.quit"));
        quit.setAccelerator(Shortcut.QUIT.combination());
        quit.setOnAction(e -> {
            if (window.get() != null) {
                ((Stage) window.get()).close();
            }
        });
        file.getItems().addAll(newP, open, recent(), saveAs, new SeparatorMenuItem(), export, new SeparatorMenuItem(),
                quit);
        return file;
    }

    private MenuItem item(String key, String icon, Shortcut shortcut) {
        MenuItem mi = new MenuItem(t(key), Icons.of(icon));
        mi.setId(key.replace('.', '-'));
        mi.setAccelerator(shortcut.combination());
        return mi;
    }

    private Menu recent() {
        Menu recent = new Menu(t("menu.recent"));
        Runnable fill = () -> {
            recent.getItems().clear();
            for (Path p : projects.recentProjects()) {
                MenuItem mi = new MenuItem(p.getFileName() + "  —  " + p.getParent());
                mi.setMnemonicParsing(false);
                mi.setOnAction(e -> projects.openProject(p));
                recent.getItems().add(mi);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        subscriptions.listen(projects.recentProjects(), (ListChangeListener<Path>) c -> fill.run());
        fill.run();
        return recent;
    }

    private Optional<Path> chooseProject(boolean save, String titleKey) {
        Path where = projects.projectsFolder(); // the preferences' folder for new projects
        return save
                ? choosers.get().saveFile(window.get(), t(titleKey), t("file.projects"), "seedframe", null, where)
                : choosers.get().openFile(window.get(), t(titleKey), t("file.projects"), List.of("seedframe"), null);
    }
}
