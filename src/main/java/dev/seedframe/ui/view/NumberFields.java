package dev.seedframe.ui.view;

import dev.seedframe.service.ParametersText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextFormatter;
import javafx.util.StringConverter;

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

    /**
     * A field that shows {@code shown} exactly (not rounded, not held to a range: a restored value the person did not
     * set) and hands what the person types or steps to {@code typed}, which decides what {@code shown} becomes.
     */
    Spinner<Double> exactDoubles(String id, ReadOnlyDoubleProperty shown, DoubleConsumer typed, double step) {
        SpinnerValueFactory.DoubleSpinnerValueFactory f = new SpinnerValueFactory.DoubleSpinnerValueFactory(
                -Double.MAX_VALUE, Double.MAX_VALUE, shown.get(), step);
        f.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : ParametersText.plain(d);
            }

            @Override
            public Double fromString(String text) {
                String t = text == null ? "" : text.trim().replace(',', '.');
                return t.isEmpty() || t.equals("-") || t.equals(".") || t.equals("-.") ? shown.get()
                        : Double.valueOf(t);
            }
        });
        Spinner<Double> s = spinner(id, f);
        Shown show = new Shown(() -> f.setValue(shown.get()));
        shown.addListener((o, a, b) -> show.run());
        // added last, so the field's own listeners have seen the typed value when the value shown replaces it
        f.valueProperty().addListener((o, a, b) -> {
            if (!show.running && b != null) {
                typed.accept(b);
                show.run();
            }
        });
        return s;
    }

    private <T> Spinner<T> spinner(String id, SpinnerValueFactory<T> f, ObjectProperty<T> boxed) {
        keep.add(boxed);
        f.valueProperty().bindBidirectional(boxed);
        return spinner(id, f);
    }

    private <T> Spinner<T> spinner(String id, SpinnerValueFactory<T> f) {
        Spinner<T> s = new Spinner<>();
        s.setValueFactory(f);
        s.setEditable(true);
        s.setId(id);
        s.setPrefWidth(90);
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

    /**
     * A slider at {@code shown} (at its end when {@code shown} lies beyond it) that hands where the person slides it to
     * {@code slid}; its own position never changes {@code shown}.
     */
    static Slider exactSlider(String id, double min, double max, ReadOnlyDoubleProperty shown, DoubleConsumer slid) {
        Slider s = new Slider(min, max, shown.get());
        s.setId(id);
        s.setPrefWidth(72);
        Shown show = new Shown(() -> s.setValue(shown.get()));
        shown.addListener((o, a, b) -> show.run());
        s.valueProperty().addListener((o, a, b) -> {
            if (!show.running) {
                slid.accept(b.doubleValue());
            }
        });
        return s;
    }

    /** Puts a value shown into a control, marked so that the control's listener does not take it as the person's. */
    private static final class Shown implements Runnable {
        private final Runnable put;
        boolean running;

        Shown(Runnable put) {
            this.put = put;
        }

        @Override
        public void run() {
            running = true;
            try {
                put.run();
            } finally {
                running = false;
            }
        }
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
