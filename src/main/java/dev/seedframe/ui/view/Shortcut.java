package dev.seedframe.ui.view;

import dev.seedframe.ui.I18n;
import javafx.scene.input.KeyCombination;

/**
 * Every keyboard shortcut of the studio, in one place: the menus take their accelerators from here, the window's key
 * handling follows the same list, and Help → Keyboard shortcuts shows it. A shortcut added anywhere else is missing
 * from the help (a test checks the menus against this list).
 */
public enum Shortcut {
    NEW_PROJECT("Shortcut+N", "menu.new"),
    OPEN_PROJECT("Shortcut+O", "menu.open"),
    OPEN_PICTURE("Shortcut+Shift+O", "menu.openPicture"),
    SAVE_AS("Shortcut+Shift+S", "menu.saveAs"),
    EXPORT_PNG("Shortcut+E", "menu.export"),
    PREFERENCES("Shortcut+Comma", "menu.preferences"),
    QUIT("Shortcut+Q", "menu.quit"),
    PASTE("Shortcut+V", "shortcut.paste"),
    COPY("Shortcut+C", "shortcut.copy"),
    UNDO("Shortcut+Z", "shortcut.undo"),
    REDO("Shortcut+Shift+Z", "shortcut.redo"),
    DELETE("Delete", "shortcut.delete"),
    GENERATE("Shortcut+Enter", "shortcut.generate"),
    ESCAPE("Esc", "shortcut.escape"),
    BRUSH_SMALLER("[", "shortcut.brushSmaller"),
    BRUSH_LARGER("]", "shortcut.brushLarger"),
    FIT("Shortcut+0", "canvas.fit"),
    ACTUAL_SIZE("Shortcut+1", "canvas.actual"),
    MODELS("Shortcut+M", "menu.models"),
    SHORTCUTS("F1", "menu.shortcuts");

    private final String keys;
    private final String what;

    Shortcut(String keys, String what) {
        this.keys = keys;
        this.what = what;
    }

    /** The key combination (for menu accelerators). */
    public KeyCombination combination() {
        return KeyCombination.keyCombination(keys);
    }

    /** The keys as this system shows them (Ctrl on Linux and Windows, ⌘ on macOS). */
    public String keysText() {
        return keys.length() == 1 ? keys : combination().getDisplayText();
    }

    /** What it does, in {@code i18n}'s language. */
    public String what(I18n i18n) {
        return i18n.t(what);
    }

    /** Whether {@code c} is this shortcut. */
    public boolean is(KeyCombination c) {
        return keys.length() > 1 && combination().equals(c);
    }
}
