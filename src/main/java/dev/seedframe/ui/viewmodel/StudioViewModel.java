package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.ui.I18n;
import java.time.Duration;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The studio window's view models, one per panel, wired to each other and to the {@link StudioPorts}: the generation
 * form with its LoRAs, the run and its progress, the history and layers, the canvas and mask tools, the projects (File
 * menu) and the Engine menu, the model picker with its download, the GPU offer and the preferences, with the banner and
 * status line they share. Views bind to the panel they show.
 */
public final class StudioViewModel implements AutoCloseable {

    static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final StudioPorts ports;
    private final UiExecutors executors;
    private final Feedback feedback;
    private final GenerationFormViewModel form;
    private final LoraViewModel loras;
    private final CanvasViewModel canvas;
    private final MaskFilesViewModel maskFiles;
    private final HistoryViewModel history;
    private final RunViewModel run;
    private final ProjectsViewModel projects;
    private final EngineMenuViewModel engine;
    private final PicturesViewModel pictures;
    private final ModelPickerViewModel picker;
    private final ModelDownloadViewModel download;
    private final GpuOfferViewModel gpu;
    private final PreferencesViewModel preferences;
    /** Whether Ctrl+Z undoes deletes (see {@link #undo}), and the mask the canvas had at its last change. */
    private boolean undoDeletes;
    private MaskModel maskSeen;

    public StudioViewModel(StudioPorts ports, Locale locale, UiExecutors executors) {
        this.ports = ports;
        this.executors = executors;
        this.feedback = new Feedback(locale);
        // the form works on the image the canvas shows; the canvas paints in the form's Inpaint mode
        ReadOnlyObjectWrapper<RgbImage> shown = new ReadOnlyObjectWrapper<>();
        this.form = new GenerationFormViewModel(ports.models(), feedback, shown.getReadOnlyProperty(), executors);
        this.loras = new LoraViewModel(ports.loras(), feedback, executors, form);
        this.canvas = new CanvasViewModel(form.modeProperty());
        shown.bind(canvas.imageProperty());
        // the canvas draws what the form plans: the inpaint's context box for its model, the outpaint's new area
        canvas.contextBox().modelProperty().bind(form.modelProperty());
        canvas.outpaintPreviewProperty().bind(form.outpaint().extentsProperty());
        this.history = new HistoryViewModel(ports.history(), ports.pictures(), feedback, executors, form, canvas);
        this.maskFiles = new MaskFilesViewModel(ports.masks(), feedback, executors, canvas);
        maskFiles.shownNodeProperty().bind(history.selectedIdProperty());
        this.run = new RunViewModel(ports.runs(), feedback, executors, form, canvas, history);
        this.projects = new ProjectsViewModel(ports.projects(), ports.history(), feedback, executors, history,
                run::isRunning);
        this.engine = new EngineMenuViewModel(ports.engine(), feedback);
        this.pictures = new PicturesViewModel(ports.pictures(), ports.memory(), feedback, executors, history, form,
                canvas);
        // an imported PNG's offer names a node of the project it came into: another project ends it
        projects.titleProperty().addListener((o, a, b) -> pictures.dismissOffer());
        this.picker = ports.library() == null ? null
                : new ModelPickerViewModel(ports.library(), feedback, executors, form);
        this.download = ports.library() == null ? null
                : new ModelDownloadViewModel(ports.library(), feedback, executors, picker);
        this.gpu = new GpuOfferViewModel(ports.gpu(), feedback, executors, engine);
        this.preferences = ports.preferences() == null ? null
                : new PreferencesViewModel(ports.preferences(), feedback, engine);
        armUndoOfDeletes();
    }

    /**
     * Ctrl+Z undoes a delete right after it (and the deletes before it, one per press), until the mask is painted:
     * then it undoes strokes again. A mask replaced because another image is shown is not painting.
     */
    private void armUndoOfDeletes() {
        history.trash().addListener((javafx.collections.ListChangeListener<Long>) c -> {
            while (c.next()) {
                if (c.wasAdded()) {
                    undoDeletes = true;
                }
            }
        });
        canvas.maskVersionProperty().addListener((o, a, b) -> {
            if (canvas.mask() == maskSeen) {
                undoDeletes = false;
            }
            maskSeen = canvas.mask();
        });
    }

    /** Ctrl+Z: restores the node deleted last right after a delete (see above), else undoes a mask stroke. */
    public void undo() {
        if (undoDeletes && history.canUndoDelete()) {
            history.undoDelete();
        } else {
            canvas.undoMask();
        }
    }

    /**
     * Opens the start-up project and the default model, applies the saved Engine menu, looks whether the GPU offer
     * is due and lists the LoRA folders' files; failures are shown.
     */
    public void start() {
        form.setModel(form.defaultModel());
        projects.start();
        engine.restore();
        pictures.start();
        gpu.checkOffer();
        loras.refresh();
    }

    /** Switches the texts to {@code l}; the work stays. */
    public void setLocale(Locale l) {
        feedback.i18nProperty().set(new I18n(l));
        history.relabel();
        loras.relabel();
    }

    /**
     * View → Language: {@code l} remembered for the next session (the preferences' language). The Preferences dialog
     * saves its own choice, which may be "the system's", and only switches the texts ({@link #setLocale}).
     */
    public void rememberLanguage(Locale l) {
        executors.io(() -> {
            ports.memory().saveLanguage(l);
            return null;
        }, none -> {}, feedback::showFailure);
    }

    /** The language chosen in an earlier session, else {@code fallback} (the system's). */
    public static Locale startingLocale(StudioPorts ports, Locale fallback) {
        return ports.memory().language().orElse(fallback);
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

    /** The LoRA panel. */
    public LoraViewModel loras() {
        return loras;
    }

    public CanvasViewModel canvas() {
        return canvas;
    }

    public MaskFilesViewModel maskFiles() {
        return maskFiles;
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

    public PicturesViewModel pictures() {
        return pictures;
    }

    public LayersViewModel layers() {
        return history.layers();
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
        history.emptyTrashNow(); // the deleted nodes leave the project for good
        try {
            ports.closer().close();
        } catch (Exception e) {
            feedback.error(e.getMessage());
        }
    }
}
