package dev.seedframe.ui.view;

import org.kordamp.ikonli.javafx.FontIcon;

/** Ikonli Material Design 2 icons, one size and style class everywhere. */
final class Icons {

    private Icons() {}

    static FontIcon of(String literal) {
        FontIcon i = new FontIcon(literal);
        i.setIconSize(16);
        i.getStyleClass().add("icon");
        return i;
    }
}
