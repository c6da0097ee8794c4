package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.SchedulerOverride;
import dev.seedframe.service.ContextBoxes;
import dev.seedframe.service.EditPolicy;
import dev.seedframe.service.Failure;
import dev.seedframe.service.ModelChoice;
import dev.seedframe.service.ModelSummary;
import dev.seedframe.service.StudioModels;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The generation form: model, mode, prompt, seed, size, sampling and edit options, checked as they are typed, and
 * the requests they describe. Restoring a node's request fills it from that node.
 */
public final class GenerationFormViewModel {

    private static final SecureRandom SEEDS = new SecureRandom();
    static final int PROMPT_HISTORY_LIMIT = 30;
    static final int MAX_SIZE = 4096;

    private final StudioModels models;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final ReadOnlyObjectProperty<RgbImage> shown;

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
    private final DoubleProperty strength = new SimpleDoubleProperty(GenerationRequest.DEFAULT_STRENGTH);
    private final IntegerProperty feather = new SimpleIntegerProperty(GenerationRequest.DEFAULT_FEATHER_PX);
    private final ReadOnlyObjectWrapper<ModelSummary> model = new ReadOnlyObjectWrapper<>();
    /** Whether a model the picker chose is being inspected off the UI thread: {@link #model} is about to change. */
    private final ReadOnlyBooleanWrapper modelPending = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper sizeError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper seedError = new ReadOnlyStringWrapper("");
    private final ObservableList<String> promptHistory = FXCollections.observableArrayList();
    /** The LoRAs the requests carry (the LoRA panel sets them) and the scheduler replacing the model's, or null. */
    private final ObservableList<LoraSpec> loras = FXCollections.observableArrayList();
    private final ObjectProperty<SchedulerOverride> scheduler = new SimpleObjectProperty<>();
    /** What a restore does with the node's LoRAs (the LoRA panel finds their files): the node's id, or null. */
    private BiConsumer<Long, List<LoraSpec>> lorasRestorer = (id, l) -> { };
    /** Why the LoRAs cannot run (some are missing), or empty. */
    private String lorasMissing = "";
    private boolean restoring;
    private final OutpaintAmounts outpaint;

    /** A form whose {@link #chooseModel} inspects on the calling thread (unit tests). */
    public GenerationFormViewModel(StudioModels models, Feedback feedback, ReadOnlyObjectProperty<RgbImage> shown) {
        this(models, feedback, shown, UiExecutors.direct());
    }

    /**
     * @param shown the image the canvas shows: what the edit modes work on
     * @param executors where {@link #chooseModel} inspects a model (io) and applies it (ui)
     */
    public GenerationFormViewModel(StudioModels models, Feedback feedback, ReadOnlyObjectProperty<RgbImage> shown,
            UiExecutors executors) {
        this.models = models;
        this.feedback = feedback;
        this.executors = executors;
        this.shown = shown;
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
        mode.addListener((o, a, m) -> {
            if (!restoring) {
                strength.set(defaultStrength(m));
            }
        });
        feedback.i18nProperty().addListener((o, a, b) -> {
            validateSize();
            validateSeed();
        });
        outpaint = new OutpaintAmounts(mode, shown, model.getReadOnlyProperty(), () -> restoring, feedback);
    }

    static double defaultStrength(Mode m) {
        return switch (m) {
            case INPAINT -> 1.0;
            case OUTPAINT -> 0.9;
            default -> GenerationRequest.DEFAULT_STRENGTH;
        };
    }

    /** The embedded default model's folder. */
    Path defaultModel() {
        return models.defaultModel();
    }

    /**
     * Whether {@code m} is the embedded default model and a trained one (the demo model, which draws only
     * shapes in named colours at named places; the studio says what to ask it for).
     */
    public boolean isEmbeddedDemo(ModelSummary m) {
        Path d = defaultModel();
        return m != null && !m.tiny() && m.folder() != null && d != null
                && m.folder().toAbsolutePath().normalize().equals(d.toAbsolutePath().normalize());
    }

    /** Switches to the model in {@code dir}; an unusable folder is reported and the current model kept. */
    public boolean setModel(Path dir) {
        return setModel(ModelChoice.folder(dir));
    }

    /**
     * Switches to {@code choice} (a folder, or single files) on the calling thread; an unusable one is reported and
     * the current model kept. What the person chooses goes through {@link #chooseModel} instead, off the UI thread.
     */
    public boolean setModel(ModelChoice choice) {
        try {
            apply(models.inspectModel(choice));
            return true;
        } catch (Failure f) {
            refused(f);
            return false;
        }
    }

    /**
     * Switches to {@code choice} as {@link #setModel(ModelChoice)} does, inspecting it on the io thread (its configs
     * and file headers read; single files may write the bundled configs, and the engine makes it wait for a model
     * being loaded) and applying it on the UI thread. Meanwhile {@link #modelPendingProperty} is set and the form
     * keeps its current model.
     *
     * @param then on the UI thread, with whether the model changed
     * @return whether the check started (false while another is pending)
     */
    public boolean chooseModel(ModelChoice choice, Consumer<Boolean> then) {
        if (modelPending.get()) {
            return false;
        }
        modelPending.set(true);
        executors.io(() -> models.inspectModel(choice), m -> {
            modelPending.set(false);
            apply(m);
            then.accept(true);
        }, f -> {
            modelPending.set(false);
            refused(f);
            then.accept(false);
        });
        return true;
    }

    /** Makes {@code m}, as inspected, the form's model, with its suggested size and steps. */
    private void apply(ModelSummary m) {
        model.set(m);
        if (sizePreset.get() == SizePreset.MODEL_DEFAULT) {
            setSizeKeepingPreset(m.suggestedSize(), m.suggestedSize());
        }
        steps.set(m.suggestedSteps());
        validateSize();
    }

    /** Reports a model that could not be used; the current model stays. */
    private void refused(Failure f) {
        feedback.error(feedback.t("error.model") + " " + f.getMessage());
    }

    /** Whether a chosen model is being inspected: runs wait for it, the current model stays until it is applied. */
    public ReadOnlyBooleanProperty modelPendingProperty() {
        return modelPending.getReadOnlyProperty();
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
            sizeError.set(feedback.f("error.sizeRange", mult, MAX_SIZE));
        } else if (!EditPolicy.fits(w, h, mult)) {
            sizeError.set(feedback.f("error.sizeMultiple", mult, m.snap(w), m.snap(h)));
        } else {
            sizeError.set("");
        }
    }

    private void validateSeed() {
        seedError.set(parseSeed(seedText.get()) == null ? feedback.t("error.seed") : "");
    }

    static Long parseSeed(String s) {
        try {
            long v = Long.parseLong(s.strip());
            return v >= 0 ? v : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ seeds and prompts

    public void randomizeSeed() {
        seedText.set(Long.toString(SEEDS.nextLong() & Long.MAX_VALUE));
    }

    /** After a batch of {@code n}: in increment mode the seed moves past the seeds it used. */
    void batchFinished(int n) {
        outpaint.settled();
        if (seedMode.get() == SeedMode.INCREMENT) {
            Long s = parseSeed(seedText.get());
            if (s != null) {
                seedText.set(Long.toString((s + n) & Long.MAX_VALUE));
            }
        }
    }

    /** The prompts of the history, newest first, then the ones typed this session. */
    void historyChanged(List<GenerationSummary> h) {
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
    }

    void rememberPrompt() {
        String p = prompt.get();
        if (p != null && !p.isBlank()) {
            promptHistory.remove(p);
            promptHistory.add(0, p);
        }
    }

    // ------------------------------------------------------------------ restoring and building requests

    /** Fills the form with {@code r}'s settings (the node the canvas shows). */
    void restore(GenerationRequest r) {
        restore(r, false, null);
    }

    /**
     * Fills the form with {@code r}'s settings; with {@code keepMode} the mode stays as it is (a variant picked from
     * the batch's tiles is chosen to work on, in the mode the designer is in).
     *
     * @param nodeId the recorded node {@code r} is (its LoRA files are looked for by their recorded SHA-256), or null
     */
    void restore(GenerationRequest r, boolean keepMode, Long nodeId) {
        restoring = true;
        try {
            scheduler.set(r.scheduler());
            loras.setAll(r.loras());
            lorasRestorer.accept(nodeId, r.loras());
            prompt.set(r.prompt());
            negativePrompt.set(r.negativePrompt() == null ? "" : r.negativePrompt());
            seedText.set(Long.toString(r.seed()));
            steps.set(r.steps());
            cfg.set(r.cfg());
            if (!keepMode) {
                mode.set(Mode.of(r.kind()));
            }
            if (r.kind() != PipelineKind.TEXT_TO_IMAGE) {
                strength.set(r.strength());
                feather.set(r.featherPx());
            }
            if (r.outpaint() != null) {
                outpaint.set(r.outpaint());
            }
            width.set(r.width());
            height.set(r.height());
            sizePreset.set(presetFor(r.width(), r.height()));
        } finally {
            restoring = false;
        }
        outpaint.settled();
        validateSize();
        validateSeed();
    }

    /**
     * The requests the form describes: one per variant (seed, seed + 1, ...); the edit modes work on the image the
     * canvas shows. In random seed mode a new seed is drawn first.
     *
     * @param mask the painted mask (inpaint), or null
     * @param box the inpaint's context box around the mask (null: none can be made)
     */
    List<GenerationRequest> requests(MaskModel mask, ContextBox box) throws Failure {
        return requests(mask, box, shown.get());
    }

    /** The requests the form describes, an edit working on {@code source} (trying again from a parent's image). */
    List<GenerationRequest> requests(MaskModel mask, ContextBox box, RgbImage source) throws Failure {
        ModelSummary m = model.get();
        if (m == null) {
            throw Feedback.invalid(feedback.t("error.noModel"));
        }
        Mode md = mode.get();
        if (prompt.get() == null || prompt.get().isBlank()) {
            throw Feedback.invalid(feedback.t("error.emptyPrompt"));
        }
        if (seedMode.get() == SeedMode.RANDOM) {
            randomizeSeed();
        }
        Long seed = parseSeed(seedText.get());
        if (seed == null) {
            throw Feedback.invalid(feedback.t("error.seed"));
        }
        if (!lorasMissing.isEmpty()) {
            throw Feedback.invalid(lorasMissing);
        }
        if (!m.kinds().contains(md.kind())) {
            throw Feedback.invalid(md == Mode.EDIT ? feedback.t("error.editModel")
                    : feedback.f("error.modeUnsupported", feedback.t("mode." + md.name().toLowerCase(Locale.ROOT))));
        }
        GenerationRequest.Builder b = GenerationRequest.builder(md.kind())
                .prompt(prompt.get())
                .negativePrompt(negativePrompt.get() == null || negativePrompt.get().isEmpty() ? null
                        : negativePrompt.get())
                .seed(seed)
                .steps(steps.get())
                .cfg(cfg.get())
                .loras(List.copyOf(loras))
                .scheduler(scheduler.get());
        if (md == Mode.CREATE) {
            if (!sizeError.get().isEmpty()) {
                throw Feedback.invalid(sizeError.get());
            }
            b.size(width.get(), height.get());
        } else {
            edit(b, md, m, source, mask, box);
        }
        GenerationRequest base = atFullResolution(b.build(), m);
        List<GenerationRequest> out = new ArrayList<>();
        int n = Math.max(1, variants.get());
        for (int i = 0; i < n; i++) {
            out.add(base.toBuilder().seed((seed + i) & Long.MAX_VALUE).build());
        }
        return out;
    }

    /**
     * The edit of {@code src} the mode asks for: its size, mask and context box or outpaint amounts, condition size.
     * An inpaint works on the picture at its own size, whatever it is: the model sees the context box around the
     * mask, and every pixel outside the mask and its feather stays as it is.
     */
    private void edit(GenerationRequest.Builder b, Mode md, ModelSummary m, RgbImage src, MaskModel mask,
            ContextBox box) throws Failure {
        if (src == null) {
            throw Feedback.invalid(feedback.t("error.noImage"));
        }
        if (md == Mode.EDIT && !EditPolicy.fits(src.width(), src.height(), m.sizeMultiple())) {
            throw Feedback.invalid(feedback.f("error.sizeMultiple", m.sizeMultiple(), m.snap(src.width()),
                    m.snap(src.height())));
        }
        b.image(src).size(src.width(), src.height()).strength(strength.get());
        switch (md) {
            case INPAINT -> {
                if (mask == null || mask.isEmpty()) {
                    throw Feedback.invalid(feedback.t("error.emptyMask"));
                }
                if (box == null || !box.fitsIn(src.width(), src.height())) {
                    throw Feedback.invalid(feedback.t("error.contextTooNarrow"));
                }
                b.mask(mask.toMask()).featherPx(feather.get()).context(box);
            }
            case OUTPAINT -> {
                Outpaint wanted = outpaint.wanted();
                if (wanted.isEmpty()) {
                    throw Feedback.invalid(feedback.t("error.emptyOutpaint"));
                }
                int[] canvas = EditPolicy.outpaintCanvas(src, wanted, m.sizeMultiple());
                b.outpaint(wanted).featherPx(feather.get()).size(canvas[0], canvas[1]);
            }
            case EDIT ->
                // the reference conditions on about a megapixel; the tiny test model on the image's own size
                b.conditionSize(m.tiny() ? Math.max(64, Math.max(src.width(), src.height()))
                        : GenerationRequest.DEFAULT_CONDITION_SIZE);
            default -> { }
        }
    }

    /**
     * An img2img or outpaint of a picture the model cannot take whole (not a multiple of its size multiple, or beyond
     * its area budget) works on it at a size the model makes and keeps the picture's size, as on the command line
     * (an outpaint's canvas: the picture plus the amounts, not rounded); anything else is as the form built it.
     */
    private GenerationRequest atFullResolution(GenerationRequest r, ModelSummary m) throws Failure {
        try {
            if (r.kind() == PipelineKind.IMAGE_TO_IMAGE
                    && !ContextBoxes.fitsModel(r.images().get(0).width(), r.images().get(0).height(), m)) {
                return ContextBoxes.img2img(r, m);
            }
            if (r.kind() == PipelineKind.OUTPAINT && !ContextBoxes.fitsModel(r.width(), r.height(), m)) {
                return ContextBoxes.outpaint(r, m);
            }
            return r;
        } catch (IllegalArgumentException tooNarrow) {
            throw Feedback.invalid(feedback.t("error.contextTooNarrow"));
        }
    }

    // ------------------------------------------------------------------ properties

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

    /** The outpaint amounts and the area they add to the image shown. */
    public OutpaintAmounts outpaint() {
        return outpaint;
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

    /** The LoRAs the requests carry, as the LoRA panel sets them (read-only for the views). */
    public ObservableList<LoraSpec> loras() {
        return FXCollections.unmodifiableObservableList(loras);
    }

    /**
     * Why the LoRAs cannot run (restored ones found nowhere, named), or empty: the form refuses to generate with it.
     */
    void setLorasMissing(String why) {
        lorasMissing = why == null ? "" : why;
    }

    void setLoras(List<LoraSpec> l) {
        loras.setAll(l);
    }

    /** The scheduler configuration replacing the model's own (a Lightning LoRA's), or null for the model's. */
    public ObjectProperty<SchedulerOverride> schedulerProperty() {
        return scheduler;
    }

    /** Who finds a restored node's LoRA files (the LoRA panel): called with the node's id (or null) and its LoRAs. */
    void onLorasRestored(BiConsumer<Long, List<LoraSpec>> restorer) {
        this.lorasRestorer = restorer;
    }

    public ObservableList<String> promptHistory() {
        return promptHistory;
    }
}
