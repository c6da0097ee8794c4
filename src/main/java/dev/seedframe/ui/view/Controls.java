package dev.seedframe.ui.view;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

/** The small controls every panel view is made of, styled alike. */
final class Controls {

    private Controls() {}

    static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        return l;
    }

    static Label fieldLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    /** A field's error, shown only while there is one. */
    static Label errorLabel(ObservableStringValue text) {
        Label l = new Label();
        l.getStyleClass().add("field-error");
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(Bindings.isNotEmpty(text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    static Button iconButton(String icon, String tooltip) {
        Button b = new Button(null, Icons.of(icon));
        b.getStyleClass().add("icon-button");
        b.setTooltip(new Tooltip(tooltip));
        return b;
    }

    /** A control with an icon before it, both explained by {@code tooltip}. */
    static Node labelled(String icon, String tooltip, Node control) {
        Label l = new Label(null, Icons.of(icon));
        l.setTooltip(new Tooltip(tooltip));
        Tooltip.install(control, new Tooltip(tooltip));
        HBox b = new HBox(4, l, control);
        b.setAlignment(Pos.CENTER_LEFT);
        return b;
    }

    /** A row of canvas tools kept together when the bar wraps. */
    static HBox toolGroup(String id, Node... nodes) {
        HBox g = new HBox(6, nodes);
        g.setId(id);
        g.setAlignment(Pos.CENTER_LEFT);
        g.getStyleClass().add("tool-group");
        return g;
    }

    /** Shows values in words ({@code f}); nothing is typed back. */
    static <T> StringConverter<T> converter(java.util.function.Function<T, String> f) {
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
