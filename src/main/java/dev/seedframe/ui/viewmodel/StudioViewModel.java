package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.ui.I18n;
import java.time.Duration;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The studio window's view models, one per panel, wired to each other and to the {@link StudioPorts}: the
 * generation form, the run and its progress, the history and layers, the canvas and mask tools, the projects (File
 * menu) and the Engine menu, the model picker with its download, the GPU offer and the preferences, with the banner
 * and status line they share. Views bind to the panel they show.
 */
public final class StudioViewModel implements AutoCloseable {

    static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final StudioPorts ports;
    private final UiExecutors executors;
    private final Feedback feedback;
    private final GenerationFormViewModel form;
    private final CanvasViewModel canvas;
    private final HistoryViewModel history;
    private final RunViewModel run;
    private final ProjectsViewModel projects;
    private final EngineMenuViewModel engine;
    private final ModelPickerViewModel picker;
    private final ModelDownloadViewModel download;
    private final GpuOfferViewModel gpu;
    private final PreferencesViewModel preferences;

    public StudioViewModel(StudioPorts ports, Locale locale, UiExecutors executors) {
        this.ports = ports;
        this.executors = executors;
        this.feedback = new Feedback(locale);
        // the form works on the image the canvas shows; the canvas paints in the form's Inpaint mode
        ReadOnlyObjectWrapper<RgbImage> shown = new ReadOnlyObjectWrapper<>();
        this.form = new GenerationFormViewModel(ports.models(), feedback, shown.getReadOnlyProperty());
        this.canvas = new CanvasViewModel(form.modeProperty());
        shown.bind(canvas.imageProperty());
        this.history = new HistoryViewModel(ports.history(), feedback, executors, form, canvas);
        this.run = new RunViewModel(ports.runs(), feedback, executors, form, canvas, history);
        this.projects = new ProjectsViewModel(ports.projects(), ports.history(), feedback, executors, history,
                run::isRunning);
        this.engine = new EngineMenuViewModel(ports.engine(), feedback);
        this.picker = ports.library() == null ? null
                : new ModelPickerViewModel(ports.library(), feedback, executors, form);
        this.download = ports.library() == null ? null
                : new ModelDownloadViewModel(ports.library(), feedback, executors, picker);
        this.gpu = new GpuOfferViewModel(ports.gpu(), feedback, executors, engine);
        this.preferences = ports.preferences() == null ? null
                : new PreferencesViewModel(ports.preferences(), feedback, engine);
    }

    /**
     * Opens the start-up project and the default model, applies the saved Engine menu, and looks whether the GPU
     * offer is due; failures are shown.
     */
    public void start() {
        form.setModel(form.defaultModel());
        projects.start();
        engine.restore();
        gpu.checkOffer();
    }

    /** Switches the texts to {@code l}; the work stays. */
    public void setLocale(Locale l) {
        feedback.i18nProperty().set(new I18n(l));
        history.relabel();
    }

    /** Whether nothing runs and no project read is pending (tests wait for this). */
    public boolean idle() {
        return !run.isRunning() && executors.idle();
    }

    public Feedback feedback() {
        return feedback;
    }

    public I18n i18n() {
        return feedback.i18n();
    }

    public GenerationFormViewModel form() {
        return form;
    }

    public CanvasViewModel canvas() {
        return canvas;
    }

    public HistoryViewModel history() {
        return history;
    }

    public RunViewModel run() {
        return run;
    }

    public ProjectsViewModel projects() {
        return projects;
    }

    public EngineMenuViewModel engine() {
        return engine;
    }

    /** The model picker; null when the ports have no model library (tests of other panels). */
    public ModelPickerViewModel picker() {
        return picker;
    }

    /** The picker's download; null with the picker. */
    public ModelDownloadViewModel download() {
        return download;
    }

    public GpuOfferViewModel gpu() {
        return gpu;
    }

    /** The Preferences dialog; null when the ports have no preferences (tests of other panels). */
    public PreferencesViewModel preferences() {
        return preferences;
    }

    @Override
    public void close() {
        run.cancel();
        if (download != null) {
            download.cancel();
        }
        gpu.cancel();
        // a run stops at its next step once cancelled; closing the model under it would crash the engine
        executors.close(CLOSE_WAIT);
        try {
            ports.closer().close();
        } catch (Exception e) {
            feedback.error(e.getMessage());
        }
    }
}
