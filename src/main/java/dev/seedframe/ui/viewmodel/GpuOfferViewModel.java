package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.service.Failure;
import dev.seedframe.service.StudioEngine;
import dev.seedframe.service.StudioGpu;
import dev.seedframe.service.TransferProgress;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The GPU set-up in the studio: on the first start with an NVIDIA driver and no CUDA libtorch, the offer (made once;
 * its answer is remembered, and nothing is fetched without a yes), then the download with progress and cancel (the
 * next try resumes), the check, and the Engine menu switched to the GPU, with an honest word when a restart is
 * needed. Engine → Set up the GPU opens the same dialog at any time.
 */
public final class GpuOfferViewModel {

    /** Where the dialog stands. */
    public enum Step {
        /** Nothing to show. */
        NONE,
        /** The question, before any download. */
        OFFER,
        /** Downloading and checking. */
        RUNNING,
        /** Finished, cancelled or failed: the outcome is said. */
        DONE
    }

    private final StudioGpu port;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final EngineMenuViewModel engine;
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.NONE);
    private final ReadOnlyObjectWrapper<StudioGpu.Offer> offer = new ReadOnlyObjectWrapper<>();
    private final TransferState transfer;
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper restartNeeded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper checked = new ReadOnlyBooleanWrapper();

    public GpuOfferViewModel(StudioGpu port, Feedback feedback, UiExecutors executors, EngineMenuViewModel engine) {
        this.port = port;
        this.feedback = feedback;
        this.executors = executors;
        this.engine = engine;
        this.transfer = new TransferState(feedback);
    }

    /** At start: asks off the UI thread whether the offer is due, and makes it if so. */
    void checkOffer() {
        executors.transfer(() -> port.gpuOffer().orElse(null), o -> {
            if (o != null && step.get() == Step.NONE) {
                offer.set(o);
                step.set(Step.OFFER);
            }
            checked.set(true);
        }, f -> checked.set(true)); // a driver that cannot be asked: no offer
    }

    /** Engine → Set up the GPU: the same dialog, asked for. */
    public void openFromMenu() {
        if (step.get() == Step.RUNNING) {
            return;
        }
        executors.transfer(port::gpuSetup, o -> {
            offer.set(o);
            result.set("");
            step.set(Step.OFFER);
        }, feedback::showFailure);
    }

    /** The offer in words: the GPU found, what would be fetched from where into where. */
    public String offerText() {
        StudioGpu.Offer o = offer.get();
        if (o == null) {
            return "";
        }
        return o.gpu() != null ? feedback.f("gpu.offer", o.gpu(), o.libtorch(), o.source(), o.target())
                : feedback.f("gpu.noDriver", o.libtorch());
    }

    /** Yes: downloads, verifies, checks and remembers; the Engine menu goes to the GPU once it is installed. */
    public void accept() {
        if (step.get() == Step.RUNNING) {
            return;
        }
        CancellationToken token = transfer.begin(feedback.t("transfer.planning"));
        step.set(Step.RUNNING);
        result.set("");
        executors.transfer(() -> port.setUpGpu(p -> executors.ui(() -> show(p)), token), this::finished, f -> {
            step.set(Step.DONE);
            transfer.end(0);
            if (f.kind() == Failure.Kind.CANCELLED) {
                result.set(feedback.t("gpu.cancelled"));
            } else {
                String said = feedback.t("gpu.failed") + " " + f.getMessage();
                result.set(said);
                feedback.error(said);
            }
        });
    }

    private void show(TransferProgress p) {
        if (step.get() != Step.RUNNING) {
            return;
        }
        transfer.show(p);
        if (p.files() > 0 && p.filesDone() >= p.files()) {
            transfer.say(feedback.t("gpu.checking")); // every file verified: the engine check runs now
        }
    }

    private void finished(StudioGpu.SetUp s) {
        step.set(Step.DONE);
        transfer.end(s.installed() ? 1 : 0);
        restartNeeded.set(s.installed() && s.restartNeeded());
        if (!s.installed()) {
            result.set(feedback.f("gpu.notInstalled", s.message()));
            return;
        }
        StudioEngine.EngineChoice now = engine.engineChoice();
        engine.setEngine("gpu", now.memoryMode(), now.precision()); // remembered for the next start too
        result.set(feedback.f("gpu.installed", s.message()) + "\n\n"
                + (s.restartNeeded() ? feedback.t("gpu.restart") : feedback.t("gpu.noRestart")));
    }

    /** Not now: remembered, so the offer is not made again (the Engine menu keeps the way to do it later). */
    public void decline() {
        step.set(Step.NONE);
        offer.set(null);
        executors.transfer(() -> {
            port.declineGpuOffer();
            return null;
        }, ok -> feedback.status(feedback.t("gpu.later")), feedback::showFailure);
    }

    /** Stops the download at its next read; what arrived is kept for the next try. */
    public void cancel() {
        if (step.get() == Step.RUNNING) {
            transfer.cancel();
        }
    }

    /** The dialog is closed after the outcome was read. */
    public void close() {
        if (step.get() != Step.RUNNING) {
            step.set(Step.NONE);
        }
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StudioGpu.Offer> offerProperty() {
        return offer.getReadOnlyProperty();
    }

    /** Between 0 and 1, or -1 while not known (planning, checking). */
    public ReadOnlyDoubleProperty progressProperty() {
        return transfer.fractionProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return transfer.wordsProperty();
    }

    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Whether the start-up check for the offer has run (made or not). */
    public ReadOnlyBooleanProperty checkedProperty() {
        return checked.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty restartNeededProperty() {
        return restartNeeded.getReadOnlyProperty();
    }
}
