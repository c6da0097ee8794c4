package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.EngineStatus;
import dev.seedframe.service.MachineSummary;
import dev.seedframe.service.ModelSummary;
import dev.seedframe.service.ProgressListener;
import dev.seedframe.service.EditPolicy;
import dev.seedframe.service.Generation;
import dev.seedframe.service.ReplayReport;
import dev.seedframe.service.Studio;
import dev.seedframe.service.Failure;
import dev.seedframe.ui.I18n;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The studio window's state and actions. Views bind to its properties and call its methods; it calls
 * the {@link Studio} service. All methods are called on the FX thread; generation runs on one
 * background thread and reports back through {@link Platform#runLater}.
 */
public final class StudioViewModel implements AutoCloseable {

    private static final SecureRandom SEEDS = new SecureRandom();
    static final int PROMPT_HISTORY_LIMIT = 30;
    static final int MAX_SIZE = 4096;
    /** Decoded history images kept in memory: 256 MiB, about 48 images of 1328² (the rest are read back). */
    static final long IMAGE_CACHE_BYTES = 256L << 20;
    static final long CLOSE_WAIT_SECONDS = 60;

    private final Studio studio;
    private final ExecutorService engine;

    private final ObjectProperty<I18n> i18n;

    // settings
    private final StringProperty prompt = new SimpleStringProperty("");
    private final StringProperty negativePrompt = new SimpleStringProperty(" ");
    private final StringProperty seedText = new SimpleStringProperty("42");
    private final ObjectProperty<SeedMode> seedMode = new SimpleObjectProperty<>(SeedMode.FIXED);
    private final ObjectProperty<SizePreset> sizePreset = new SimpleObjectProperty<>(SizePreset.MODEL_DEFAULT);
    private final IntegerProperty width = new SimpleIntegerProperty(256);
    private final IntegerProperty height = new SimpleIntegerProperty(256);
    private final IntegerProperty steps = new SimpleIntegerProperty(8);
    private final DoubleProperty cfg = new SimpleDoubleProperty(GenerationRequest.DEFAULT_CFG);
    private final IntegerProperty variants = new SimpleIntegerProperty(1);
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.CREATE);
    private final ObjectProperty<ReplayReport> lastReplay = new SimpleObjectProperty<>();
    private final DoubleProperty strength = new SimpleDoubleProperty(GenerationRequest.DEFAULT_STRENGTH);
    private final IntegerProperty feather = new SimpleIntegerProperty(GenerationRequest.DEFAULT_FEATHER_PX);
    private final IntegerProperty outLeft = new SimpleIntegerProperty(0);
    private final IntegerProperty outRight = new SimpleIntegerProperty(0);
    private final IntegerProperty outTop = new SimpleIntegerProperty(0);
    private final IntegerProperty outBottom = new SimpleIntegerProperty(0);
    private final ReadOnlyObjectWrapper<ModelSummary> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper sizeError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper seedError = new ReadOnlyStringWrapper("");

    // brush
    private final DoubleProperty brushSize = new SimpleDoubleProperty(24);
    private final DoubleProperty brushHardness = new SimpleDoubleProperty(0.8);
    private final DoubleProperty overlayOpacity = new SimpleDoubleProperty(0.5);
    private final BooleanProperty eraser = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<MaskModel> mask = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper maskVersion = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper maskShown = new ReadOnlyBooleanWrapper(true);

    // run state
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<RgbImage> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RgbImage> preview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Seedframe");
    private CancellationToken cancel;
    private int[] runSize = {0, 0};

    // history
    private final ObservableList<GenerationSummary> history = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Long> selectedId = new ReadOnlyObjectWrapper<>();
    private final ObservableList<LayerItem> layers = FXCollections.observableArrayList();
    private final ObservableList<GenerationSummary> variantResults = FXCollections.observableArrayList();
    private final ObservableList<String> promptHistory = FXCollections.observableArrayList();
    private final ObservableList<Path> recentProjects = FXCollections.observableArrayList();
    private final Map<Long, GenerationSummary> byId = new HashMap<>();
    private final ImageCache images = new ImageCache(IMAGE_CACHE_BYTES);
    private boolean restoring;

    public StudioViewModel(Studio studio, Locale locale) {
        this.studio = studio;
        this.i18n = new SimpleObjectProperty<>(new I18n(locale));
        this.engine = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "seedframe-engine");
            t.setDaemon(true);
            return t;
        });
        sizePreset.addListener((o, a, p) -> {
            if (restoring || p == null) {
                return;
            }
            if (p.isFixed()) {
                setSizeKeepingPreset(p.width(), p.height());
            } else if (p == SizePreset.MODEL_DEFAULT && model.get() != null) {
                setSizeKeepingPreset(model.get().suggestedSize(), model.get().suggestedSize());
            }
        });
        width.addListener((o, a, b) -> sizeEdited());
        height.addListener((o, a, b) -> sizeEdited());
        seedText.addListener((o, a, b) -> validateSeed());
        overlayOpacity.addListener((o, a, b) -> maskShown.set(true)); // adjusting the overlay shows it
        mode.addListener((o, a, m) -> {
            if (!restoring) {
                strength.set(defaultStrength(m));
            }
        });
        i18n.addListener((o, a, b) -> {
            validateSize();
            validateSeed();
        });
    }

    static double defaultStrength(Mode m) {
        return switch (m) {
            case INPAINT -> 1.0;
            case OUTPAINT -> 0.9;
            default -> GenerationRequest.DEFAULT_STRENGTH;
        };
    }

    /** Opens the start-up project and the default model; failures are shown, never thrown. */
    public void start() {
        setModel(studio.defaultModel());
        try {
            Optional<String> note = studio.openStartupProject();
            note.ifPresent(n -> error.set(t("error.startupProject") + " " + n));
            restoreEngine();
        } catch (Failure f) {
            showFailure(f);
        }
        projectChanged();
    }

    // ------------------------------------------------------------------ model

    /** Switches to the model in {@code dir}; an unusable folder is reported and the current model kept. */
    public boolean setModel(Path dir) {
        try {
            ModelSummary m = studio.inspectModel(dir);
            model.set(m);
            if (sizePreset.get() == SizePreset.MODEL_DEFAULT) {
                setSizeKeepingPreset(m.suggestedSize(), m.suggestedSize());
            }
            steps.set(m.suggestedSteps());
            validateSize();
            return true;
        } catch (Failure f) {
            error.set(t("error.model") + " " + f.getMessage());
            return false;
        }
    }

    // ------------------------------------------------------------------ validation

    /** Sets both sides at once: the half-way size (new width, old height) must not turn the preset into Custom. */
    private void setSizeKeepingPreset(int w, int h) {
        boolean was = restoring;
        restoring = true;
        try {
            width.set(w);
            height.set(h);
        } finally {
            restoring = was;
        }
        validateSize();
    }

    private void sizeEdited() {
        if (!restoring) {
            SizePreset p = sizePreset.get();
            boolean matches = p != null && (p.isFixed() ? p.width() == width.get() && p.height() == height.get()
                    : p == SizePreset.MODEL_DEFAULT && model.get() != null
                            && width.get() == model.get().suggestedSize() && height.get() == model.get().suggestedSize()
                            || p == SizePreset.CUSTOM && presetFor(width.get(), height.get()) == SizePreset.CUSTOM);
            if (!matches) {
                restoring = true;
                sizePreset.set(presetFor(width.get(), height.get()));
                restoring = false;
            }
        }
        validateSize();
    }

    private SizePreset presetFor(int w, int h) {
        for (SizePreset p : SizePreset.QWEN_IMAGE) {
            if (p.width() == w && p.height() == h) {
                return p;
            }
        }
        ModelSummary m = model.get();
        if (m != null && w == m.suggestedSize() && h == m.suggestedSize()) {
            return SizePreset.MODEL_DEFAULT;
        }
        return SizePreset.CUSTOM;
    }

    private void validateSize() {
        ModelSummary m = model.get();
        int mult = m == null ? 1 : m.sizeMultiple();
        int w = width.get();
        int h = height.get();
        if (w < mult || h < mult || w > MAX_SIZE || h > MAX_SIZE) {
            sizeError.set(f("error.sizeRange", mult, MAX_SIZE));
        } else if (w % mult != 0 || h % mult != 0) {
            sizeError.set(f("error.sizeMultiple", mult, m.snap(w), m.snap(h)));
        } else {
            sizeError.set("");
        }
    }

    private void validateSeed() {
        seedError.set(parseSeed(seedText.get()) == null ? t("error.seed") : "");
    }

    static Long parseSeed(String s) {
        try {
            long v = Long.parseLong(s.strip());
            return v >= 0 ? v : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ seeds

    public void randomizeSeed() {
        seedText.set(Long.toString(SEEDS.nextLong() & Long.MAX_VALUE));
    }

    // ------------------------------------------------------------------ generating

    /** Runs the current mode (Ctrl+Enter). */
    public void generate() {
        if (running.get()) {
            return;
        }
        error.set("");
        List<GenerationRequest> requests;
        List<String> notes = new ArrayList<>();
        try {
            requests = buildRequests(notes);
        } catch (Failure f) {
            showFailure(f);
            return;
        }
        ModelSummary m = model.get();
        Mode runMode = mode.get();
        runSize = new int[] {requests.get(0).width(), requests.get(0).height()};
        // an edit continues from the pixels it takes: the layer the canvas shows, not a hidden one above it
        Long parent = runMode == Mode.CREATE ? selectedId.get() : shownId();
        rememberPrompt(prompt.get());
        CancellationToken token = new CancellationToken();
        cancel = token;
        running.set(true);
        progress.set(0);
        progressText.set(t("progress.starting"));
        variantResults.clear();
        engine.submit(() -> runBatch(m.folder(), requests, parent, notes, runMode, token));
    }

    private void runBatch(Path modelDir, List<GenerationRequest> requests, Long parent, List<String> notes,
            Mode runMode, CancellationToken token) {
        List<Long> done = new ArrayList<>();
        try {
            for (int i = 0; i < requests.size(); i++) {
                int index = i;
                GenerationRequest r = requests.get(i);
                ProgressListener listener = new ProgressListener() {
                    @Override
                    public void stage(Stage stage, String detail) {
                        String message = switch (stage) {
                            case LOADING_MODEL -> f("stage.loadingModel", detail);
                            case GENERATING -> t("stage.generating");
                        };
                        Platform.runLater(() -> status.set(message));
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
                        Platform.runLater(() -> {
                            if (cancel != token) {
                                return;
                            }
                            double overall = (index + step / (double) total) / requests.size();
                            progress.set(overall);
                            progressText.set(requests.size() > 1
                                    ? f("progress.variantStep", index + 1, requests.size(), step, total, Math.round(left))
                                    : f("progress.step", step, total, Math.round(left)));
                            if (pv != null) {
                                preview.set(pv);
                            }
                        });
                    }
                };
                Generation o = studio.generate(modelDir, r, parent, listener, token);
                done.add(o.id());
                Platform.runLater(() -> finished(o, runMode, parent));
            }
            Platform.runLater(() -> batchDone(done, requests.size()));
        } catch (Failure f) {
            Platform.runLater(() -> {
                endRun();
                if (f.kind() == Failure.Kind.CANCELLED) {
                    status.set((done.isEmpty() ? t("status.cancelled")
                            : f("status.cancelledAfter", done.size(), requests.size())) + " (" + f.getMessage() + ")");
                } else {
                    showFailure(f);
                }
                if (!done.isEmpty()) {
                    reloadHistory();
                }
            });
        } catch (RuntimeException | Error e) {
            Platform.runLater(() -> {
                endRun();
                showFailure(Failure.of(e));
            });
        }
    }

    private void finished(Generation o, Mode runMode, Long parent) {
        if (runMode == Mode.INPAINT || runMode == Mode.IMG2IMG || runMode == Mode.EDIT) {
            try {
                if (!o.fromCache()) {
                    studio.addLayer(o.id());
                }
            } catch (Failure f) {
                showFailure(f);
            }
        }
        images.put(o.image().sha256(), o.image());
        reloadHistory();
        preview.set(null);
        select(o.id(), false);
        if (runMode == Mode.INPAINT) {
            maskShown.set(false);
        }
        status.set(o.fromCache() ? f("status.fromCache", o.id())
                : f("status.recorded", o.id(), o.timings().totalMs() / 1000.0));
        if (!o.notes().isEmpty()) {
            status.set(status.get() + " · " + String.join("; ", o.notes().stream().map(i18n.get()::note).toList()));
        }
    }

    private void batchDone(List<Long> ids, int n) {
        endRun();
        if (n > 1) {
            for (Long id : ids) {
                GenerationSummary s = byId.get(id);
                if (s != null) {
                    variantResults.add(s);
                }
            }
        }
        if (seedMode.get() == SeedMode.INCREMENT) {
            Long s = parseSeed(seedText.get());
            if (s != null) {
                seedText.set(Long.toString((s + n) & Long.MAX_VALUE));
            }
        }
    }

    private void endRun() {
        running.set(false);
        cancel = null;
        progress.set(0);
        progressText.set("");
        preview.set(null);
    }

    /** Stops the running generation within one step (Esc); nothing half-done is recorded. */
    public void cancel() {
        CancellationToken c = cancel;
        if (c != null) {
            c.cancel();
            progressText.set(t("progress.cancelling"));
        }
    }

    List<GenerationRequest> buildRequests(List<String> notes) throws Failure {
        ModelSummary m = model.get();
        if (m == null) {
            throw invalid(t("error.noModel"));
        }
        Mode md = mode.get();
        if (prompt.get() == null || prompt.get().isBlank()) {
            throw invalid(t("error.emptyPrompt"));
        }
        if (seedMode.get() == SeedMode.RANDOM) {
            randomizeSeed();
        }
        Long seed = parseSeed(seedText.get());
        if (seed == null) {
            throw invalid(t("error.seed"));
        }
        if (!m.kinds().contains(md.kind())) {
            throw invalid(md == Mode.EDIT ? t("error.editModel")
                    : f("error.modeUnsupported", t("mode." + md.name().toLowerCase(Locale.ROOT))));
        }
        GenerationRequest.Builder b = GenerationRequest.builder(md.kind())
                .prompt(prompt.get())
                .negativePrompt(negativePrompt.get() == null || negativePrompt.get().isEmpty() ? null
                        : negativePrompt.get())
                .seed(seed)
                .steps(steps.get())
                .cfg(cfg.get());
        if (md == Mode.CREATE) {
            if (!sizeError.get().isEmpty()) {
                throw invalid(sizeError.get());
            }
            b.size(width.get(), height.get());
        } else {
            RgbImage src = image.get();
            if (src == null) {
                throw invalid(t("error.noImage"));
            }
            if (md != Mode.OUTPAINT && (src.width() % m.sizeMultiple() != 0 || src.height() % m.sizeMultiple() != 0)) {
                throw invalid(f("error.sizeMultiple", m.sizeMultiple(), m.snap(src.width()), m.snap(src.height())));
            }
            b.image(src).size(src.width(), src.height()).strength(strength.get());
            switch (md) {
                case INPAINT -> {
                    MaskModel mm = mask.get();
                    if (mm == null || mm.isEmpty()) {
                        throw invalid(t("error.emptyMask"));
                    }
                    b.mask(mm.toMask()).featherPx(feather.get());
                }
                case OUTPAINT -> {
                    Outpaint wanted = new Outpaint(outLeft.get(), outRight.get(), outTop.get(), outBottom.get());
                    if (wanted.isEmpty()) {
                        throw invalid(t("error.emptyOutpaint"));
                    }
                    Outpaint e = EditPolicy.roundedOutpaint(src.width(), src.height(), wanted, m.sizeMultiple());
                    b.outpaint(wanted).featherPx(feather.get())
                            .size(src.width() + e.left() + e.right(), src.height() + e.top() + e.bottom());
                }
                case EDIT -> {
                    // the reference conditions on about a megapixel; the tiny test model on the image's own size
                    b.conditionSize(m.tiny() ? Math.max(64, Math.max(src.width(), src.height()))
                            : GenerationRequest.DEFAULT_CONDITION_SIZE);
                }
                default -> { }
            }
        }
        GenerationRequest base = b.build();
        List<GenerationRequest> out = new ArrayList<>();
        int n = Math.max(1, variants.get());
        for (int i = 0; i < n; i++) {
            out.add(base.toBuilder().seed((seed + i) & Long.MAX_VALUE).build());
        }
        return out;
    }

    private static Failure invalid(String message) {
        return new Failure(Failure.Kind.INVALID_INPUT, message, null);
    }

    /** Sets the outpaint amounts that turn the current image into {@code aw:ah} (e.g. 9:16), no cropping. */
    public void outpaintToAspect(int aw, int ah) {
        RgbImage src = image.get();
        if (src == null) {
            error.set(t("error.noImage"));
            return;
        }
        Outpaint o = EditPolicy.outpaintToAspect(src.width(), src.height(), aw, ah);
        outLeft.set(o.left());
        outRight.set(o.right());
        outTop.set(o.top());
        outBottom.set(o.bottom());
        mode.set(Mode.OUTPAINT);
    }

    // ------------------------------------------------------------------ history

    private void reloadHistory() {
        try {
            List<GenerationSummary> h = studio.history();
            byId.clear();
            for (GenerationSummary s : h) {
                byId.put(s.id(), s);
            }
            history.setAll(h);
            List<String> prompts = new ArrayList<>();
            for (int i = h.size() - 1; i >= 0 && prompts.size() < PROMPT_HISTORY_LIMIT; i--) {
                String p = h.get(i).prompt();
                if (p != null && !p.isBlank() && !prompts.contains(p)) {
                    prompts.add(p);
                }
            }
            for (String p : promptHistory) {
                if (!prompts.contains(p) && prompts.size() < PROMPT_HISTORY_LIMIT) {
                    prompts.add(p);
                }
            }
            promptHistory.setAll(prompts);
        } catch (Failure f) {
            showFailure(f);
        }
    }

    private void rememberPrompt(String p) {
        if (p != null && !p.isBlank()) {
            promptHistory.remove(p);
            promptHistory.add(0, p);
        }
    }

    /** Shows a node's image and restores all its settings. */
    public void select(Long id) {
        select(id, true);
    }

    private void select(Long id, boolean restore) {
        if (id == null) {
            selectedId.set(null);
            image.set(null);
            layers.clear();
            return;
        }
        try {
            GenerationRecord rec = studio.load(id);
            images.put(rec.outputSha256(), rec.output());
            if (variantResults.stream().noneMatch(v -> v.id() == id)) {
                variantResults.clear(); // the strip is for choosing among the last batch, not for any node
            }
            selectedId.set(id);
            if (restore) {
                restore(rec);
            }
            rebuildLayers(id);
            showImage(composite());
        } catch (Failure f) {
            showFailure(f);
        }
    }

    private void restore(GenerationRecord rec) {
        GenerationRequest r = rec.request();
        restoring = true;
        try {
            prompt.set(r.prompt());
            negativePrompt.set(r.negativePrompt() == null ? "" : r.negativePrompt());
            seedText.set(Long.toString(r.seed()));
            steps.set(r.steps());
            cfg.set(r.cfg());
            mode.set(Mode.of(r.kind()));
            if (r.kind() != PipelineKind.TEXT_TO_IMAGE) {
                strength.set(r.strength());
                feather.set(r.featherPx());
            }
            if (r.outpaint() != null) {
                outLeft.set(r.outpaint().left());
                outRight.set(r.outpaint().right());
                outTop.set(r.outpaint().top());
                outBottom.set(r.outpaint().bottom());
            }
            width.set(r.width());
            height.set(r.height());
            sizePreset.set(presetFor(r.width(), r.height()));
        } finally {
            restoring = false;
        }
        validateSize();
        validateSeed();
    }

    private void showImage(RgbImage img) {
        image.set(img);
        MaskModel mm = mask.get();
        if (img != null && (mm == null || mm.width() != img.width() || mm.height() != img.height())) {
            mask.set(new MaskModel(img.width(), img.height()));
            maskVersion.set(maskVersion.get() + 1);
        }
    }

    private static boolean isLayerEdit(PipelineKind k) {
        return k == PipelineKind.INPAINT || k == PipelineKind.IMAGE_TO_IMAGE || k == PipelineKind.EDIT;
    }

    /** The edit chain of {@code id}: its base image, then each edit over it, as layers (top first). */
    private void rebuildLayers(long id) throws Failure {
        List<GenerationSummary> chain = new ArrayList<>();
        GenerationSummary s = byId.get(id);
        while (s != null) {
            chain.add(0, s);
            if (!isLayerEdit(s.kind()) || s.parentId() == null) {
                break;
            }
            GenerationSummary parent = byId.get(s.parentId());
            if (parent == null || parent.width() != s.width() || parent.height() != s.height()) {
                break;
            }
            s = parent;
        }
        Map<Long, Layer> stored = new HashMap<>();
        for (Layer l : studio.layers()) {
            if (l.generationId() != null) {
                stored.put(l.generationId(), l);
            }
        }
        List<LayerItem> items = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            GenerationSummary g = chain.get(i);
            boolean base = i == 0;
            Layer l = stored.get(g.id());
            String label = base ? f("layer.base", g.id(), g.width(), g.height())
                    : f("layer.edit", g.id(), kindName(g.kind()));
            LayerItem item = new LayerItem(g.id(), label, base, base || l == null || l.visible());
            item.visible().addListener((o, a, v) -> layerVisibilityChanged(item, v));
            items.add(0, item);
        }
        layers.setAll(items);
    }

    private void layerVisibilityChanged(LayerItem item, boolean visible) {
        try {
            Long layerId = null;
            for (Layer l : studio.layers()) {
                if (l.generationId() != null && l.generationId() == item.generationId()) {
                    layerId = l.id();
                }
            }
            if (layerId == null) {
                layerId = studio.addLayer(item.generationId());
            }
            studio.setLayerVisible(layerId, visible);
        } catch (Failure f) {
            showFailure(f);
        }
        showImage(composite());
    }

    /** The generation whose image the canvas shows: the topmost visible layer, else the selection. */
    Long shownId() {
        for (LayerItem l : layers) {
            if (l.base() || l.visible().get()) {
                return l.generationId();
            }
        }
        return selectedId.get();
    }

    /** What the canvas shows: the topmost visible layer of the chain (each edit is a whole image). */
    private RgbImage composite() {
        for (LayerItem l : layers) {
            if (l.base() || l.visible().get()) {
                RgbImage img = imageOf(l.generationId());
                if (img != null) {
                    return img;
                }
            }
        }
        return null;
    }

    /** The output image of a node, from the cache or the project. */
    public RgbImage imageOf(long id) {
        GenerationSummary s = byId.get(id);
        if (s == null) {
            return null;
        }
        RgbImage img = images.get(s.imageSha256());
        if (img == null) {
            try {
                img = studio.image(s.imageSha256());
                images.put(s.imageSha256(), img);
            } catch (Failure f) {
                showFailure(f);
                return null;
            }
        }
        return img;
    }

    public GenerationSummary summary(long id) {
        return byId.get(id);
    }

    public String kindName(PipelineKind k) {
        return t("kind." + k.id());
    }

    public void toggleStar() {
        Long id = selectedId.get();
        GenerationSummary s = id == null ? null : byId.get(id);
        if (s == null) {
            return;
        }
        try {
            studio.star(id, !s.starred());
            reloadHistory();
        } catch (Failure f) {
            showFailure(f);
        }
    }

    /**
     * Replays the selected node with the current model and reports whether the pixels came back identical
     * (the verdict lands in the status line and {@link #lastReplayProperty()}); nothing new is recorded.
     */
    public void replaySelected() {
        Long id = selectedId.get();
        ModelSummary m = model.get();
        if (id == null || m == null || running.get()) {
            return;
        }
        error.set("");
        CancellationToken token = new CancellationToken();
        cancel = token;
        running.set(true);
        progress.set(0);
        progressText.set(f("progress.replaying", id));
        engine.submit(() -> {
            try {
                ReplayReport r = studio.replay(id, m.folder(), new ProgressListener() {
                    @Override
                    public void step(int step, int total, long elapsedNanos, Supplier<RgbImage> previewer) {
                        Platform.runLater(() -> {
                            if (cancel == token) {
                                progress.set(step / (double) total);
                            }
                        });
                    }
                }, token);
                Platform.runLater(() -> {
                    endRun();
                    lastReplay.set(r);
                    status.set(f("status.replayed", r.describe()));
                });
            } catch (Failure f) {
                Platform.runLater(() -> {
                    endRun();
                    if (f.kind() == Failure.Kind.CANCELLED) {
                        status.set(t("status.cancelled") + " (" + f.getMessage() + ")");
                    } else {
                        showFailure(f);
                    }
                });
            } catch (RuntimeException | Error e) {
                Platform.runLater(() -> {
                    endRun();
                    showFailure(Failure.of(e));
                });
            }
        });
    }

    /** The engine settings models are opened with (device, memory mode, precision by their CLI ids). */
    public Studio.EngineChoice engineChoice() {
        return studio.engineChoice();
    }

    /**
     * Chooses the device, memory mode and precision for the next generations; the status line says what
     * the device resolved to (or why a GPU is not usable and the CPU runs instead).
     */
    public void setEngine(String device, String memoryMode, String precision) {
        try {
            status.set(engineStatus(studio.setEngine(new Studio.EngineChoice(device, memoryMode, precision))));
        } catch (Failure f) {
            showFailure(f);
        }
    }

    /** What the engine runs on here (loads no model); empty after showing why it cannot tell. */
    public Optional<MachineSummary> machine() {
        try {
            return Optional.of(studio.machine());
        } catch (Failure f) {
            showFailure(f);
            return Optional.empty();
        }
    }

    /** The Engine menu as the last session left it; said only when it cannot be what it was. */
    private void restoreEngine() {
        try {
            studio.restoreEngine().ifPresent(e -> status.set(engineStatus(e)));
        } catch (Failure f) {
            status.set(f("engine.restoreFailed", f.getMessage()));
        }
    }

    /** What the engine resolved to, in the window's language (the reason for a fallback stays the engine's). */
    private String engineStatus(EngineStatus e) {
        String s = e.fellBack() ? f("engine.status.fallback", e.fallbackReason(), e.device(), e.runtime(), e.memoryMode())
                : f("engine.status.running", e.device(), e.runtime(), e.memoryMode());
        return e.bf16OnCpu() ? s + t("engine.status.bf16OnCpu") : s;
    }

    /** Width and height of the running (or last) request's output: the size its live preview stands for. */
    public int[] runSize() {
        return runSize.clone();
    }

    /** The verdict of the last replay from the history (null before the first). */
    public ReadOnlyObjectProperty<ReplayReport> lastReplayProperty() {
        return lastReplay;
    }

    /** Deletes the selected node; its parent (if any) becomes the selection. */
    public void deleteSelected() {
        Long id = selectedId.get();
        GenerationSummary s = id == null ? null : byId.get(id);
        if (s == null || running.get()) {
            return;
        }
        try {
            studio.delete(id);
            reloadHistory();
            variantResults.removeIf(v -> v.id() == id);
            select(s.parentId() != null && byId.containsKey(s.parentId()) ? s.parentId() : null, false);
            status.set(f("status.deleted", id));
        } catch (Failure f) {
            showFailure(f);
        }
    }

    /**
     * Where {@code parent}'s image lies inside {@code child}'s, in pixels (x, y): the left and top amounts
     * when the child outpainted the parent, else the origin.
     */
    public int[] offsetIn(long child, long parent) {
        GenerationSummary c = byId.get(child);
        if (c == null || c.kind() != PipelineKind.OUTPAINT || c.parentId() == null || c.parentId() != parent) {
            return new int[] {0, 0};
        }
        try {
            var o = studio.load(child).request().outpaint();
            return o == null ? new int[] {0, 0} : new int[] {o.left(), o.top()};
        } catch (Failure f) {
            return new int[] {0, 0};
        }
    }

    /** How many generations have {@code id} as their parent. */
    public int childCount(long id) {
        int n = 0;
        for (GenerationSummary g : history) {
            if (g.parentId() != null && g.parentId() == id) {
                n++;
            }
        }
        return n;
    }

    /** The node to compare the selection with: its parent, else the previous node. */
    public Long compareCandidate() {
        Long id = selectedId.get();
        GenerationSummary s = id == null ? null : byId.get(id);
        if (s == null) {
            return null;
        }
        if (s.parentId() != null && byId.containsKey(s.parentId())) {
            return s.parentId();
        }
        Long prev = null;
        for (GenerationSummary g : history) {
            if (g.id() == id) {
                return prev;
            }
            prev = g.id();
        }
        return null;
    }

    // ------------------------------------------------------------------ mask

    public void maskChanged() {
        maskShown.set(true);
        maskVersion.set(maskVersion.get() + 1);
    }

    /**
     * Whether the canvas draws the mask over the image: in Inpaint mode, except right after an inpaint (its
     * result is what the designer wants to see); any change to the mask shows it again. The mask itself is
     * kept, so the same region can be tried again from the parent.
     */
    public ReadOnlyBooleanProperty maskShownProperty() {
        return maskShown.getReadOnlyProperty();
    }


    public void invertMask() {
        if (mask.get() != null) {
            mask.get().invert();
            maskChanged();
        }
    }

    public void clearMask() {
        if (mask.get() != null) {
            mask.get().clear();
            maskChanged();
        }
    }

    public void undoMask() {
        if (mask.get() != null) {
            mask.get().undo();
            maskChanged();
        }
    }

    public void redoMask() {
        if (mask.get() != null) {
            mask.get().redo();
            maskChanged();
        }
    }

    /** {@code [} and {@code ]}: brush size down or up by about 15%. */
    public void growBrush(boolean up) {
        double s = brushSize.get();
        brushSize.set(Math.max(1, Math.min(512, up ? Math.ceil(s * 1.15) : Math.floor(s / 1.15))));
    }

    // ------------------------------------------------------------------ projects

    public void newProject(Path file) {
        projectAction(() -> studio.create(file));
    }

    public void openProject(Path file) {
        projectAction(() -> studio.open(file));
    }

    public void saveProjectAs(Path file) {
        projectAction(() -> studio.saveAs(file));
    }

    /** Writes the selected node's PNG. */
    public void exportSelected(Path file) {
        Long id = selectedId.get();
        if (id == null) {
            return;
        }
        try {
            studio.export(id, file);
            status.set(f("status.exported", file.getFileName()));
        } catch (Failure f) {
            showFailure(f);
        }
    }

    private interface ProjectAction {
        void run() throws Failure;
    }

    private void projectAction(ProjectAction a) {
        if (running.get()) {
            error.set(t("error.busy"));
            return;
        }
        try {
            a.run();
            projectChanged();
        } catch (Failure f) {
            showFailure(f);
        }
    }

    private void projectChanged() {
        Path p = studio.projectPath();
        title.set(p == null ? "Seedframe" : "Seedframe — " + p.getFileName());
        recentProjects.setAll(studio.recentProjects());
        images.clear();
        variantResults.clear();
        status.set(""); // a message about the previous project would mislead
        reloadHistory();
        select(history.isEmpty() ? null : history.get(history.size() - 1).id(), false);
    }

    // ------------------------------------------------------------------ errors and texts

    private void showFailure(Failure f) {
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

    public void dismissError() {
        error.set("");
    }

    private String t(String key) {
        return i18n.get().t(key);
    }

    private String f(String key, Object... args) {
        return i18n.get().f(key, args);
    }

    public void setLocale(Locale l) {
        i18n.set(new I18n(l));
        Long id = selectedId.get();
        if (id != null) {
            try {
                rebuildLayers(id);
            } catch (Failure f) {
                showFailure(f);
            }
        }
    }

    @Override
    public void close() {
        cancel();
        engine.shutdown();
        try {
            // a run stops at its next step once cancelled; closing the model under it would crash the engine
            if (!engine.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                engine.shutdownNow();
                engine.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        studio.close();
    }

    // ------------------------------------------------------------------ properties

    public ObjectProperty<I18n> i18nProperty() {
        return i18n;
    }

    public I18n i18n() {
        return i18n.get();
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public StringProperty negativePromptProperty() {
        return negativePrompt;
    }

    public StringProperty seedTextProperty() {
        return seedText;
    }

    public ObjectProperty<SeedMode> seedModeProperty() {
        return seedMode;
    }

    public ObjectProperty<SizePreset> sizePresetProperty() {
        return sizePreset;
    }

    public IntegerProperty widthProperty() {
        return width;
    }

    public IntegerProperty heightProperty() {
        return height;
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    public DoubleProperty cfgProperty() {
        return cfg;
    }

    public IntegerProperty variantsProperty() {
        return variants;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public DoubleProperty strengthProperty() {
        return strength;
    }

    public IntegerProperty featherProperty() {
        return feather;
    }

    public IntegerProperty outLeftProperty() {
        return outLeft;
    }

    public IntegerProperty outRightProperty() {
        return outRight;
    }

    public IntegerProperty outTopProperty() {
        return outTop;
    }

    public IntegerProperty outBottomProperty() {
        return outBottom;
    }

    public ReadOnlyObjectProperty<ModelSummary> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sizeErrorProperty() {
        return sizeError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty seedErrorProperty() {
        return seedError.getReadOnlyProperty();
    }

    public DoubleProperty brushSizeProperty() {
        return brushSize;
    }

    public DoubleProperty brushHardnessProperty() {
        return brushHardness;
    }

    public DoubleProperty overlayOpacityProperty() {
        return overlayOpacity;
    }

    public BooleanProperty eraserProperty() {
        return eraser;
    }

    public ReadOnlyObjectProperty<MaskModel> maskProperty() {
        return mask.getReadOnlyProperty();
    }

    public MaskModel mask() {
        return mask.get();
    }

    public ReadOnlyIntegerProperty maskVersionProperty() {
        return maskVersion.getReadOnlyProperty();
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

    public ReadOnlyObjectProperty<RgbImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    public RgbImage image() {
        return image.get();
    }

    public ReadOnlyObjectProperty<RgbImage> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ObservableList<GenerationSummary> history() {
        return history;
    }

    public ReadOnlyObjectProperty<Long> selectedIdProperty() {
        return selectedId.getReadOnlyProperty();
    }

    public Long selectedId() {
        return selectedId.get();
    }

    public ObservableList<LayerItem> layers() {
        return layers;
    }

    public ObservableList<GenerationSummary> variantResults() {
        return variantResults;
    }

    public ObservableList<String> promptHistory() {
        return promptHistory;
    }

    public ObservableList<Path> recentProjects() {
        return recentProjects;
    }

    /** Whether the main button can run now. */
    public BooleanBinding canGenerate() {
        return Bindings.createBooleanBinding(() -> !running.get() && model.get() != null
                && seedError.get().isEmpty() && (mode.get() != Mode.CREATE || sizeError.get().isEmpty()),
                running, model, seedError, sizeError, mode);
    }
}
