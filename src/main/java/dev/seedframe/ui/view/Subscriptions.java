package dev.seedframe.ui.view;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Listeners a view adds to the longer-lived view model, removed together when the view is replaced (a
 * language switch builds a new view over the same model; the old one must stop reacting).
 */
final class Subscriptions {

    private final List<Runnable> removers = new ArrayList<>();

    <T> void listen(ObservableValue<T> value, ChangeListener<? super T> listener) {
        value.addListener(listener);
        removers.add(() -> value.removeListener(listener));
    }

    <E> void listen(ObservableList<E> list, ListChangeListener<? super E> listener) {
        list.addListener(listener);
        removers.add(() -> list.removeListener(listener));
    }

    /** Removes every listener added so far. */
    void cancelAll() {
        removers.forEach(Runnable::run);
        removers.clear();
    }
}
