package dev.seedframe.ui.view;

import dev.seedframe.service.MachineSummary;
import dev.seedframe.service.StudioEngine;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.EngineMenuViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * The Engine menu: device, memory mode and precision as radio items applied to the next generation, and This
 * machine; bound to the {@link EngineMenuViewModel}.
 */
final class EngineMenu {

    private static final String[] GROUPS = {"device", "memory", "precision"};

    private final EngineMenuViewModel engine;
    private final I18n i18n;
    private final Supplier<Window> window;
    private final Supplier<Scene> scene;
    private final List<RadioMenuItem> items = new ArrayList<>();

    EngineMenu(EngineMenuViewModel engine, I18n i18n, Supplier<Window> window, Supplier<Scene> scene) {
        this.engine = engine;
        this.i18n = i18n;
        this.window = window;
        this.scene = scene;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    /** @param running the model service's lock is held by a running generation: change the engine between runs */
    Menu menu(ObservableBooleanValue running) {
        Menu menu = new Menu(t("menu.engine"));
        menu.setId("menu-engine");
        menu.disableProperty().bind(running);
        List<List<String>> options = List.of(StudioEngine.EngineChoice.DEVICES, StudioEngine.EngineChoice.MEMORY_MODES,
                StudioEngine.EngineChoice.PRECISIONS);
        for (int g = 0; g < GROUPS.length; g++) {
            int group = g;
            Menu sub = new Menu(t("engine." + GROUPS[g]));
            ToggleGroup tg = new ToggleGroup();
            for (String id : options.get(g)) {
                RadioMenuItem mi = new RadioMenuItem(t("engine." + GROUPS[g] + "." + id));
                mi.setId("engine-" + GROUPS[g] + "-" + id);
                mi.setUserData(id);
                mi.setToggleGroup(tg);
                mi.setOnAction(e -> {
                    String[] chosen = ids(engine.engineChoice());
                    chosen[group] = id;
                    engine.setEngine(chosen[0], chosen[1], chosen[2]);
                    // a refused combination leaves the previous settings: show those
                    selectItems();
                });
                items.add(mi);
                sub.getItems().add(mi);
            }
            menu.getItems().add(sub);
        }
        selectItems();
        menu.setOnShowing(e -> selectItems()); // the engine may have changed elsewhere (Preferences, the GPU set-up)
        MenuItem machine = new MenuItem(t("engine.machine"));
        machine.setId("engine-machine");
        machine.setOnAction(e -> engine.machine().ifPresent(this::showMachine));
        menu.getItems().addAll(new SeparatorMenuItem(), machine);
        return menu;
    }

    private static String[] ids(StudioEngine.EngineChoice c) {
        return new String[] {c.device().startsWith("cuda") ? "gpu" : c.device(), c.memoryMode(), c.precision()};
    }

    private void selectItems() {
        String[] now = ids(engine.engineChoice());
        for (RadioMenuItem mi : items) {
            for (int g = 0; g < GROUPS.length; g++) {
                if (mi.getId().equals("engine-" + GROUPS[g] + "-" + mi.getUserData())) {
                    mi.setSelected(now[g].equals(mi.getUserData()));
                }
            }
        }
    }

    /** Engine → This machine: the runtime, the GPUs and what a GPU request runs on (the CLI's devices). */
    private void showMachine(MachineSummary m) {
        GridPane grid = new GridPane();
        grid.setId("machineInfo");
        grid.setHgap(12);
        grid.setVgap(8);
        String[][] rows = {
            {t("machine.runtime"), m.runtime()},
            {t("machine.cpu"), i18n.f("machine.cpuThreads", m.cpuThreads())},
            {t("machine.gpus"), m.gpus().isEmpty() ? t("machine.noGpu") : String.join("\n", m.gpus())},
            {t("machine.gpuUse"), m.gpuUsable() ? m.gpuUse() : i18n.f("machine.gpuFallback", m.gpuUse())},
        };
        int row = 0;
        for (String[] r : rows) {
            Label k = new Label(r[0]);
            k.getStyleClass().add("field-label");
            grid.addRow(row++, k, wrapped(r[1]));
        }
        for (String w : m.warnings()) {
            Label v = wrapped(w);
            v.getStyleClass().add("warning");
            grid.add(v, 0, row++, 2, 1);
        }
        DialogStages.info(window.get(), scene.get(), t("machine.title"), grid);
    }

    private static Label wrapped(String text) {
        Label v = new Label(text);
        v.setWrapText(true);
        v.setMaxWidth(560);
        return v;
    }
}
