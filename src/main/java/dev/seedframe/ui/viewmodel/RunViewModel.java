package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.Failure;
import dev.seedframe.service.Generation;
import dev.seedframe.service.ModelChoice;
import dev.seedframe.service.ModelSummary;
import dev.seedframe.service.ProgressListener;
import dev.seedframe.service.ReplayReport;
import dev.seedframe.service.StudioRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Running: the form's requests (one per variant) on the engine executor, with progress, time left and a live
 * preview; cancelling within one step; replaying the selected node. Each finished image is recorded by the service
 * the moment it is made and shown from the history. After an inpaint the next run is an explicit choice ({@link
 * FollowUp}): try again from the same parent, or continue from the result; a plain run never reuses the mask on the
 * result unasked.
 */
public final class RunViewModel {

    /**
     * What an inpaint just made, while the canvas shows one of its results: the next inpaint either tries again from
     * {@code parentId} (a new variant, the same mask and box, the next seed) or continues from {@code resultId}.
     *
     * @param parentId the node the inpaint started from
     * @param resultId the result the canvas shows (one of the batch's variants)
     * @param request the first request of the batch (its image is the parent's pixels)
     * @param nextSeed the seed after the batch's seeds
     */
    public record FollowUp(long parentId, long resultId, GenerationRequest request, long nextSeed) {}

    private final StudioRuns port;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final GenerationFormViewModel form;
    private final CanvasViewModel canvas;
    private final HistoryViewModel history;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ReplayReport> lastReplay = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<FollowUp> followUp = new ReadOnlyObjectWrapper<>();
    private volatile CancellationToken cancel;

    public RunViewModel(StudioRuns port, Feedback feedback, UiExecutors executors, GenerationFormViewModel form,
            CanvasViewModel canvas, HistoryViewModel history) {
        this.port = port;
        this.feedback = feedback;
        this.executors = executors;
        this.form = form;
        this.canvas = canvas;
        this.history = history;
        history.selectedIdProperty().addListener((o, a, id) -> followShown(id));
        // a layer hidden or shown changes what the canvas shows without a new selection
        canvas.imageProperty().addListener((o, a, img) -> followShown(history.shownId()));
        form.modeProperty().addListener((o, a, m) -> {
            if (m != Mode.INPAINT) {
                followUp.set(null);
            }
        });
    }

    /**
     * Runs the current mode (Ctrl+Enter). Right after an inpaint it runs nothing and asks for the choice instead (try
     * again from the parent, or continue from the result).
     */
    public void generate() {
        if (running.get()) {
            return;
        }
        if (followUp.get() != null && form.modeProperty().get() == Mode.INPAINT) {
            feedback.status(feedback.t("status.chooseNext"));
            return;
        }
        feedback.dismissError();
        List<GenerationRequest> requests;
        try {
            requests = form.requests(canvas.mask(), canvas.contextBox().box());
        } catch (Failure f) {
            feedback.showFailure(f);
            return;
        }
        // an edit continues from the pixels it takes: the layer the canvas shows, not a hidden one above it
        Mode runMode = form.modeProperty().get();
        start(requests, runMode == Mode.CREATE ? history.selectedId() : history.shownId(), runMode);
    }

    /**
     * After an inpaint: a new variant from the same parent, with the mask and context box the canvas shows (the same
     * ones unless they were changed since) and the next seed (a new random one in random seed mode).
     */
    public void tryAgain() {
        FollowUp f = followUp.get();
        if (f == null || running.get()) {
            return;
        }
        feedback.dismissError();
        if (form.seedModeProperty().get() != SeedMode.RANDOM) {
            form.seedTextProperty().set(Long.toString(f.nextSeed()));
        }
        List<GenerationRequest> requests;
        try {
            requests = form.requests(canvas.mask(), canvas.contextBox().box(), f.request().images().get(0));
        } catch (Failure e) {
            feedback.showFailure(e);
            return;
        }
        start(requests, f.parentId(), Mode.INPAINT);
    }

    /**
     * After an inpaint: the result becomes the base of the next edit; the mask is cleared (one undo brings it back),
     * so the next region is painted on the result.
     */
    public void continueFromResult() {
        FollowUp f = followUp.get();
        if (f == null || running.get()) {
            return;
        }
        followUp.set(null);
        canvas.clearMask();
        feedback.status(feedback.f("status.continuing", f.resultId()));
    }

    /** The choice stays while the canvas shows one of the inpaint's results; any other node ends it. */
    private void followShown(Long id) {
        FollowUp f = followUp.get();
        if (f == null) {
            return;
        }
        GenerationSummary s = id == null ? null : history.summary(id);
        if (s == null || s.kind() != PipelineKind.INPAINT || s.parentId() == null || s.parentId() != f.parentId()) {
            followUp.set(null);
        } else if (id != f.resultId()) {
            followUp.set(new FollowUp(f.parentId(), id, f.request(), f.nextSeed()));
        }
    }

    private void start(List<GenerationRequest> requests, Long parent, Mode runMode) {
        ModelSummary m = form.modelProperty().get();
        GenerationRequest first = requests.get(0);
        canvas.runStarts(first.width(), first.height(), first.context());
        form.rememberPrompt();
        followUp.set(null);
        CancellationToken token = begin(feedback.t("progress.starting"));
        history.variantResults().clear();
        executors.engine(() -> runBatch(m.model(), requests, parent, runMode, token));
    }

    private CancellationToken begin(String text) {
        CancellationToken token = new CancellationToken();
        cancel = token;
        running.set(true);
        progress.set(0);
        progressText.set(text);
        return token;
    }

    private void runBatch(ModelChoice model, List<GenerationRequest> requests, Long parent, Mode runMode,
            CancellationToken token) {
        List<Long> done = new ArrayList<>();
        try {
            for (int i = 0; i < requests.size(); i++) {
                Generation o = port.generate(model, requests.get(i), parent, listener(i, requests.size(), token),
                        token);
                done.add(o.id());
                executors.ui(() -> finished(o, runMode));
            }
            executors.ui(() -> batchDone(done, requests, parent, runMode));
        } catch (Failure f) {
            executors.ui(() -> {
                endRun();
                if (f.kind() == Failure.Kind.CANCELLED) {
                    feedback.status((done.isEmpty() ? feedback.t("status.cancelled")
                            : feedback.f("status.cancelledAfter", done.size(), requests.size())) + " ("
                            + f.getMessage() + ")");
                } else {
                    feedback.showFailure(f);
                }
                if (!done.isEmpty()) {
                    history.reload();
                }
            });
        } catch (RuntimeException | Error e) {
            executors.ui(() -> {
                endRun();
                feedback.showFailure(Failure.of(e));
            });
        }
    }

    /** Progress of variant {@code index} of {@code count}, told on the UI thread while the run is the current one. */
    private ProgressListener listener(int index, int count, CancellationToken token) {
        return new ProgressListener() {
            @Override
            public void stage(Stage stage, String detail) {
                String message = switch (stage) {
                    case LOADING_MODEL -> feedback.f("stage.loadingModel", detail);
                    case GENERATING -> feedback.t("stage.generating");
                };
                executors.ui(() -> feedback.status(message));
            }

            @Override
            public void step(int step, int total, long elapsedNanos, Supplier<RgbImage> previewer) {
                RgbImage p = null;
                try {
                    p = previewer == null ? null : previewer.get();
                } catch (RuntimeException e) {
                    // a preview is a nicety
                }
                RgbImage pv = p;
                double left = step == 0 ? 0 : elapsedNanos / 1e9 / step * (total - step);
                executors.ui(() -> {
                    if (cancel != token) {
                        return;
                    }
                    progress.set((index + step / (double) total) / count);
                    progressText.set(count > 1
                            ? feedback.f("progress.variantStep", index + 1, count, step, total, Math.round(left))
                            : feedback.f("progress.step", step, total, Math.round(left)));
                    if (pv != null) {
                        canvas.showPreview(pv);
                    }
                });
            }
        };
    }

    private void finished(Generation o, Mode runMode) {
        history.showResult(o);
        canvas.showPreview(null);
        if (runMode == Mode.INPAINT) {
            canvas.outlineMask();
        }
        String status = o.fromCache() ? feedback.f("status.fromCache", o.id())
                : feedback.f("status.recorded", o.id(), o.timings().totalMs() / 1000.0);
        if (!o.notes().isEmpty()) {
            status += " · " + String.join("; ", o.notes().stream().map(feedback.i18n()::note).toList());
        }
        feedback.status(status);
    }

    private void batchDone(List<Long> ids, List<GenerationRequest> requests, Long parent, Mode runMode) {
        int n = requests.size();
        endRun();
        if (n > 1) {
            history.showVariants(ids);
        }
        form.batchFinished(n);
        if (runMode == Mode.INPAINT && parent != null && !ids.isEmpty()) {
            GenerationRequest first = requests.get(0);
            followUp.set(new FollowUp(parent, ids.get(ids.size() - 1), first, (first.seed() + n) & Long.MAX_VALUE));
        }
    }

    private void endRun() {
        running.set(false);
        cancel = null;
        progress.set(0);
        progressText.set("");
        canvas.showPreview(null);
    }

    /** Stops the running generation within one step (Esc); nothing half-done is recorded. */
    public void cancel() {
        CancellationToken c = cancel;
        if (c != null) {
            c.cancel();
            progressText.set(feedback.t("progress.cancelling"));
        }
    }

    /**
     * Replays the selected node with the current model and reports whether the pixels came back identical (the
     * verdict lands in the status line and {@link #lastReplayProperty()}); nothing new is recorded.
     */
    public void replaySelected() {
        Long id = history.selectedId();
        if (id != null) {
            replay(id);
        }
    }

    /** Replays node {@code id} (see {@link #replaySelected}). */
    public void replay(long id) {
        ModelSummary m = form.modelProperty().get();
        if (m == null || running.get()) {
            return;
        }
        feedback.dismissError();
        CancellationToken token = begin(feedback.f("progress.replaying", id));
        executors.engine(() -> {
            try {
                ReplayReport r = port.replay(id, m.folder(), new ProgressListener() {
                    @Override
                    public void step(int step, int total, long elapsedNanos, Supplier<RgbImage> previewer) {
                        executors.ui(() -> {
                            if (cancel == token) {
                                progress.set(step / (double) total);
                            }
                        });
                    }
                }, token);
                executors.ui(() -> {
                    endRun();
                    lastReplay.set(r);
                    feedback.status(feedback.f("status.replayed", r.describe()));
                });
            } catch (Failure f) {
                executors.ui(() -> {
                    endRun();
                    if (f.kind() == Failure.Kind.CANCELLED) {
                        feedback.status(feedback.t("status.cancelled") + " (" + f.getMessage() + ")");
                    } else {
                        feedback.showFailure(f);
                    }
                });
            } catch (RuntimeException | Error e) {
                executors.ui(() -> {
                    endRun();
                    feedback.showFailure(Failure.of(e));
                });
            }
        });
    }

    /** Whether the main button can run now (not while a model chosen in the picker is being checked). */
    public BooleanBinding canGenerate() {
        return Bindings.createBooleanBinding(() -> !running.get() && form.modelProperty().get() != null
                && !form.modelPendingProperty().get() && form.seedErrorProperty().get().isEmpty()
                && (form.modeProperty().get() != Mode.CREATE || form.sizeErrorProperty().get().isEmpty()),
                running, form.modelProperty(), form.modelPendingProperty(), form.seedErrorProperty(),
                form.sizeErrorProperty(), form.modeProperty());
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** What the last inpaint made while the canvas shows it (the next inpaint is a choice), else null. */
    public ReadOnlyObjectProperty<FollowUp> followUpProperty() {
        return followUp.getReadOnlyProperty();
    }

    /** The verdict of the last replay from the history (null before the first). */
    public ReadOnlyObjectProperty<ReplayReport> lastReplayProperty() {
        return lastReplay.getReadOnlyProperty();
    }
}
