package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.ByteSizes;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.service.Failure;
import dev.seedframe.service.ListedModel;
import dev.seedframe.service.StudioModelLibrary;
import dev.seedframe.service.TransferProgress;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The model picker's download: a Hub repository (and revision) into the Hugging Face cache, with where it goes and
 * how much room is there, progress (bytes, rate, time left), cancel, and resume (the same download continues what an
 * earlier one left). A failure is said in the banner and in the picker; the list is searched again after each run,
 * so a cancelled download shows as incomplete with Resume.
 */
public final class ModelDownloadViewModel {

    /** What the download field suggests. */
    public static final String DEFAULT_REPO = "Qwen/Qwen-Image";

    private final StudioModelLibrary port;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final ModelPickerViewModel picker;
    private final StringProperty repo = new SimpleStringProperty(DEFAULT_REPO);
    private final StringProperty revision = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final TransferState transfer;
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");

    public ModelDownloadViewModel(StudioModelLibrary port, Feedback feedback, UiExecutors executors,
            ModelPickerViewModel picker) {
        this.port = port;
        this.feedback = feedback;
        this.executors = executors;
        this.picker = picker;
        this.transfer = new TransferState(feedback);
        transfer.end(0);
    }

    /** Where a download goes, from where, with which token, and the free space: one line each. */
    public List<String> target() {
        StudioModelLibrary.DownloadTarget t = port.downloadTarget();
        List<String> out = new ArrayList<>();
        out.add(t.freeBytes() >= 0 ? feedback.f("download.target", t.cache(), ByteSizes.format(t.freeBytes()))
                : feedback.f("download.targetUnknown", t.cache()));
        out.add(t.mirror() ? feedback.f("download.mirror", t.endpoint())
                : feedback.f("download.endpoint", t.endpoint()) + " " + feedback.t("download.mirrorHint"));
        out.add(t.tokenSource() != null ? feedback.f("download.token", t.tokenSource()) : feedback.t("download.noToken"));
        return out;
    }

    /** Downloads the repository and revision in the fields. */
    public void start() {
        String r = repo.get() == null ? "" : repo.get().strip();
        if (r.isEmpty()) {
            result.set(feedback.t("download.emptyRepo"));
            return;
        }
        if (running.get()) {
            return;
        }
        String rev = revision.get() == null || revision.get().isBlank() ? "main" : revision.get().strip();
        CancellationToken token = transfer.begin(feedback.f("download.asking", r, rev));
        running.set(true);
        result.set("");
        executors.transfer(() -> port.download(r, rev, p -> executors.ui(() -> show(p)), token), d -> {
            running.set(false);
            transfer.end(1);
            String said = d.problems().isEmpty()
                    ? feedback.f("download.done", d.repoId(), d.commit().substring(0, Math.min(7, d.commit().length())),
                            d.fetched(), ByteSizes.format(d.bytesFetched()), d.present())
                    : feedback.f("download.doneIncomplete", d.repoId(), String.join("; ", d.problems()));
            result.set(said);
            feedback.status(said);
            picker.refresh(d.snapshot(), listing -> ""); // said beside the download
        }, this::failed);
    }

    /** Continues an interrupted download from the list. */
    public void resume(ListedModel m) {
        if (m == null || m.resume() == null) {
            return;
        }
        repo.set(m.resume().repoId());
        revision.set(m.resume().revision());
        start();
    }

    /** Stops the download at its next read; what arrived is kept. */
    public void cancel() {
        if (running.get()) {
            transfer.cancel();
        }
    }

    private void show(TransferProgress p) {
        if (!running.get()) {
            return; // a late report after the end
        }
        transfer.show(p);
        if (p.note() != null) {
            result.set(p.note());
        }
    }

    private void failed(Failure f) {
        running.set(false);
        transfer.end(transfer.last().fraction());
        if (f.kind() == Failure.Kind.CANCELLED) {
            result.set(feedback.t("download.cancelled"));
            feedback.status(feedback.t("download.cancelled"));
        } else {
            String said = feedback.t("download.failed") + " " + f.getMessage();
            result.set(said);
            feedback.error(said);
        }
        picker.refresh(null, listing -> "");
    }

    public StringProperty repoProperty() {
        return repo;
    }

    public StringProperty revisionProperty() {
        return revision;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Between 0 and 1, or -1 while the size is not known yet. */
    public ReadOnlyDoubleProperty progressProperty() {
        return transfer.fractionProperty();
    }

    /** Bytes, percent, rate, time left and the file, while it runs. */
    public ReadOnlyStringProperty progressTextProperty() {
        return transfer.wordsProperty();
    }

    /** How the last download ended (done, cancelled, failed and why). */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** The last progress reported (tests, the screenshot tour). */
    public TransferProgress lastProgress() {
        return transfer.last();
    }
}
