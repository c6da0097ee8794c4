package dev.seedframe.ui.view;

import dev.seedframe.ui.I18n;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Help → Keyboard shortcuts: every {@link Shortcut}, its keys and what it does. */
final class ShortcutsDialog {

    private ShortcutsDialog() {}

    static Alert show(Window owner, Scene styled, I18n i18n) {
        GridPane grid = new GridPane();
        grid.setId("shortcuts");
        grid.setHgap(18);
        grid.setVgap(6);
        int row = 0;
        for (Shortcut s : Shortcut.values()) {
            Label keys = new Label(s.keysText());
            keys.getStyleClass().add("shortcut-keys");
            keys.setId("shortcut-" + s.name());
            Label what = new Label(s.what(i18n));
            what.setWrapText(true);
            what.setMaxWidth(420);
            grid.addRow(row++, keys, what);
        }
        return DialogStages.info(owner, styled, i18n.t("shortcuts.title"), grid);
    }
}
