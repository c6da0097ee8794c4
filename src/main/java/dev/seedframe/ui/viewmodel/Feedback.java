package dev.seedframe.ui.viewmodel;

import dev.seedframe.service.Failure;
import dev.seedframe.ui.I18n;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What every panel tells the person, in the window's language: the error banner (a failure, worded by its kind,
 * never a stack trace) and the status line.
 */
public final class Feedback {

    private final ObjectProperty<I18n> i18n;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public Feedback(Locale locale) {
        this.i18n = new SimpleObjectProperty<>(new I18n(locale));
    }

    public ObjectProperty<I18n> i18nProperty() {
        return i18n;
    }

    public I18n i18n() {
        return i18n.get();
    }

    String t(String key) {
        return i18n.get().t(key);
    }

    String f(String key, Object... args) {
        return i18n.get().f(key, args);
    }

    /** Shows {@code f} in the banner, prefixed by what kind of failure it is. */
    public void showFailure(Failure f) {
        String prefix = switch (f.kind()) {
            case CANCELLED -> t("status.cancelled");
            case INVALID_INPUT -> t("error.input");
            case MODEL -> t("error.model");
            case OUT_OF_MEMORY -> t("error.memory");
            case DISK_FULL -> t("error.disk");
            case PROJECT -> t("error.project");
            case FILE -> t("error.file");
            case INTERNAL -> t("error.internal");
        };
        error.set(prefix + " " + f.getMessage());
    }

    /** Shows {@code text} in the banner as it is. */
    void error(String text) {
        error.set(text);
    }

    public void dismissError() {
        error.set("");
    }

    void status(String text) {
        status.set(text);
    }

    String status() {
        return status.get();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    static Failure invalid(String message) {
        return new Failure(Failure.Kind.INVALID_INPUT, message, null);
    }
}
