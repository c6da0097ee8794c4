package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.service.TransferProgress;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What a panel shows of one download at a time (the picker's, the GPU set-up's): the bar's fraction (-1 while the
 * size is not known), the progress in words ({@link TransferText}), the last report, and the cancel flag of the run.
 */
final class TransferState {

    private final Feedback feedback;
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper words = new ReadOnlyStringWrapper("");
    private volatile CancellationToken cancel;
    private TransferProgress last = TransferProgress.NONE;

    TransferState(Feedback feedback) {
        this.feedback = feedback;
    }

    /** A new run: nothing known yet, {@code first} said; returns its cancel flag. */
    CancellationToken begin(String first) {
        CancellationToken token = new CancellationToken();
        cancel = token;
        last = TransferProgress.NONE;
        fraction.set(-1);
        words.set(first);
        return token;
    }

    /** A report of the running download. */
    void show(TransferProgress p) {
        last = p;
        fraction.set(p.total() > 0 ? p.fraction() : -1);
        words.set(TransferText.progress(feedback, p));
    }

    /** Something else to say while it runs (e.g. the check after the last file), with the bar not knowing. */
    void say(String text) {
        fraction.set(-1);
        words.set(text);
    }

    /** Asks the run to stop at its next read. */
    void cancel() {
        CancellationToken c = cancel;
        if (c != null) {
            c.cancel();
            words.set(feedback.t("download.cancelling"));
        }
    }

    /** The run ended: no words, the bar at {@code at}. */
    void end(double at) {
        words.set("");
        fraction.set(at);
    }

    TransferProgress last() {
        return last;
    }

    ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    ReadOnlyStringProperty wordsProperty() {
        return words.getReadOnlyProperty();
    }
}
