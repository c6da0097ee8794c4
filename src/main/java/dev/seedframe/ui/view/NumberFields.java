package dev.seedframe.ui.view;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextFormatter;

/**
 * The window's number fields: editable spinners bound both ways to view-model properties, taking their typed value
 * on Enter, on leaving the field and before generating ({@link #commitAll}), so a run uses what the window shows.
 */
final class NumberFields {

    /** The properties' boxed views, kept reachable (a bidirectional binding only holds them weakly). */
    private final List<Object> keep = new ArrayList<>();
    private final List<Spinner<?>> spinners = new ArrayList<>();

    Spinner<Integer> ints(String id, IntegerProperty p, int min, int max, int step) {
        return spinner(id, new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, p.get(), step), p.asObject());
    }

    Spinner<Double> doubles(String id, DoubleProperty p, double min, double max, double step) {
        return spinner(id, new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, p.get(), step), p.asObject());
    }

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
        s.getEditor().setTextFormatter(new TextFormatter<>(change ->
                change.getControlNewText().matches("-?[0-9]*([.,][0-9]*)?") ? change : null));
        s.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                commit(s);
            }
        });
        return s;
    }

    static Slider slider(String id, double min, double max, DoubleProperty p) {
        Slider s = new Slider(min, max, p.get());
        s.setId(id);
        s.setPrefWidth(72);
        s.valueProperty().bindBidirectional(p);
        return s;
    }

    private static void commit(Spinner<?> s) {
        try {
            s.commitValue();
        } catch (RuntimeException e) {
            s.cancelEdit();
        }
    }

    /** Takes what is typed in every number field. */
    void commitAll() {
        spinners.forEach(NumberFields::commit);
    }
}
