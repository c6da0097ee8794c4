package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.ByteSizes;
import dev.seedframe.service.ListedModel;
import dev.seedframe.service.ModelChoice;
import dev.seedframe.service.StudioModelLibrary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The model picker: the Qwen-Image models found on this machine (Hugging Face caches, the person's folders, ComfyUI
 * folders), each described in the window's language (what it is, precision, size, complete or what is missing,
 * whether and how it runs here), the folders searched (added and forgotten here), and picking one as the form's
 * model. A ComfyUI transformer file is picked combined with the rest of a pipeline: a complete pipeline folder of its
 * family, or, for a text-to-image file, the text encoder and VAE files of its ComfyUI folder (the person chooses; the
 * first is the default); an Edit-family file needs a pipeline folder of its own kind.
 * Searching, and inspecting the model Use chose, read configs and headers off the UI thread.
 */
public final class ModelPickerViewModel {

    private final StudioModelLibrary port;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final GenerationFormViewModel form;
    private final ObservableList<ListedModel> models = FXCollections.observableArrayList();
    private final ObservableList<StudioModelLibrary.Folder> folders = FXCollections.observableArrayList();
    private final ObjectProperty<ListedModel> selected = new SimpleObjectProperty<>();
    private final ObservableList<Combination> combinations = FXCollections.observableArrayList();
    private final ObjectProperty<Combination> combination = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper memoryFor = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private boolean searchedOnce;

    public ModelPickerViewModel(StudioModelLibrary port, Feedback feedback, UiExecutors executors,
            GenerationFormViewModel form) {
        this.port = port;
        this.feedback = feedback;
        this.executors = executors;
        this.form = form;
        // a model that cannot be used says why as soon as it is selected; a transformer file what it runs with
        selected.addListener((o, a, m) -> {
            combinations.setAll(m == null ? List.of() : combinations(m));
            combination.set(combinations.isEmpty() ? null : combinations.get(0));
            message.set(said(m));
        });
        combination.addListener((o, a, c) -> message.set(said(selected.get())));
    }

    /** What the picker says of the selected {@code m}: why it cannot be used, or what a single file runs with. */
    private String said(ListedModel m) {
        if (m == null) {
            return "";
        }
        Combination c = combination.get();
        return m.loadable() && c != null ? feedback.f("picker.willCombine", m.name(), combinationLabel(c)) : whyNot(m);
    }

    /**
     * What a transformer file is combined with: a complete pipeline folder of its family (its text encoder, VAE and
     * configs), or, with {@code folder} null, the text encoder and VAE files of its ComfyUI folder.
     */
    public record Combination(ListedModel folder, Path textEncoder, Path vae) {}

    /** The combinations {@code m} can run in, the default first; empty for anything but a transformer file. */
    List<Combination> combinations(ListedModel m) {
        ListedModel.Pairing p = m.pairing();
        if (p == null) {
            return List.of();
        }
        List<Combination> out = new ArrayList<>();
        for (Path folder : p.folders()) {
            models.stream().filter(x -> normal(x.path()).equals(normal(folder))).findFirst()
                    .ifPresent(x -> out.add(new Combination(x, null, null)));
        }
        if (p.companions()) {
            out.add(new Combination(null, p.textEncoder(), p.vae()));
        }
        return out;
    }

    /** What {@code m} runs as when combined as {@code c}. */
    private static ModelChoice choice(ListedModel m, Combination c) {
        return c.folder() != null ? ModelChoice.transformerOver(m.path(), c.folder().path())
                : ModelChoice.singleFiles(m.path(), c.textEncoder(), c.vae());
    }

    /** Searches every folder again; the selection stays on the same path when it is still listed. */
    public void refresh() {
        refresh(null, null);
    }

    /**
     * @param select the path to select once listed (a download's snapshot), or null to keep the selection
     * @param then what to say once listed, given the listing (null: nothing)
     */
    void refresh(Path select, java.util.function.Function<StudioModelLibrary.Listing, String> then) {
        searching.set(true);
        Path keep = normal(select != null ? select : selected.get() != null ? selected.get().path() : null);
        executors.io(port::list, listing -> {
            searching.set(false);
            searchedOnce = true;
            models.setAll(listing.models());
            folders.setAll(listing.folders());
            memoryFor.set(feedback.f("picker.memoryFor", listing.gpu() ? listing.memoryFor()
                    : feedback.t("picker.hostMemory"), ByteSizes.format(listing.memoryBytes())));
            selected.set(listing.models().stream().filter(m -> normal(m.path()).equals(keep)).findFirst().orElse(null));
            ListedModel now = selected.get();
            String told = then != null ? then.apply(listing) : "";
            message.set(!told.isEmpty() ? told : listing.models().isEmpty() ? feedback.t("picker.empty")
                    : said(now));
        }, f -> {
            searching.set(false);
            message.set(feedback.t("picker.searchFailed") + " " + f.getMessage());
        });
    }

    /** Searches once, the first time the picker is shown. */
    public void showing() {
        if (!searchedOnce && !searching.get()) {
            refresh();
        }
    }

    /**
     * Uses {@code m} as the form's model when it is loadable; otherwise says why not (in the picker's message). The
     * form inspects it on the io thread ({@link GenerationFormViewModel#chooseModel}; its configs and headers read,
     * which may wait for a model being loaded), then applies it on the UI thread; meanwhile the picker says it is
     * checking and uses nothing else.
     *
     * @param used what to do on the UI thread once the model changed (the picker may close)
     * @return whether the check started (false: refused at once, or another check is still running)
     */
    public boolean use(ListedModel m, Runnable used) {
        if (m == null || form.modelPendingProperty().get()) {
            return false;
        }
        if (!m.loadable()) {
            message.set(whyNot(m));
            return false;
        }
        Combination c0 = m == selected.get() ? combination.get() : null;
        Combination c = c0 == null && m.singleFile() ? combinations(m).get(0) : c0;
        ModelChoice choice = c != null ? choice(m, c) : ModelChoice.folder(m.path());
        message.set(feedback.f("picker.checking", m.name()));
        form.chooseModel(choice, changed -> {
            if (!changed) {
                message.set(feedback.errorProperty().get());
                return;
            }
            message.set(said(selected.get()));
            ListedModel.Fit fit = m.fit();
            feedback.status(c != null ? feedback.f("picker.usingCombined", m.name(), combinationLabel(c))
                    : fit != null && fit.fits() ? feedback.f("picker.usingFit", m.name(), fit.memoryMode())
                            : feedback.f("picker.using", m.name()));
            used.run();
        });
        return true;
    }

    /** Adds a model folder ({@code comfyUi} false) or a ComfyUI folder, then searches again and says what it found. */
    public void addFolder(Path dir, boolean comfyUi) {
        executors.io(() -> {
            port.addFolder(dir, comfyUi);
            return null;
        }, ok -> refresh(null, listing -> feedback.f("picker.added", dir, foundUnder(listing, dir))),
                f -> message.set(f.getMessage()));
    }

    private static Path normal(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }

    private static long foundUnder(StudioModelLibrary.Listing listing, Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return listing.models().stream().filter(m -> m.path().toAbsolutePath().normalize().startsWith(d)).count();
    }

    /** Forgets a folder the person added; the list is searched again. */
    public void forget(StudioModelLibrary.Folder folder) {
        if (folder == null || !folder.forgettable()) {
            return;
        }
        executors.io(() -> {
            port.forgetFolder(folder.path());
            return null;
        }, ok -> refresh(null, listing -> feedback.f("picker.forgotten", folder.path())),
                f -> message.set(f.getMessage()));
    }

    // ------------------------------------------------------------------ words

    /** The entry's first line: its name. */
    public String title(ListedModel m) {
        return m.name();
    }

    /** Where it was found. */
    public String origin(ListedModel m) {
        return feedback.t("picker.origin." + m.origin().name());
    }

    /** What it is, its precision and size, and whether it is complete. */
    public String summary(ListedModel m) {
        String what;
        if (m.singleFile()) {
            String part = part(m.part());
            what = m.model() != null ? feedback.f("picker.partOf", part, m.model()) : feedback.f("picker.part", part);
        } else {
            what = m.model() != null ? m.model() : feedback.t("picker.unknownModel");
        }
        String state = m.singleFile() ? feedback.t("picker.singleFile")
                : m.complete() ? feedback.t("picker.complete") : feedback.t("picker.incomplete");
        return feedback.f("picker.summary", what, m.precision(), ByteSizes.format(m.sizeBytes()), state);
    }

    /** A single file's part in the window's language ({@code transformer}, {@code text encoder}, {@code VAE}). */
    private String part(String label) {
        String key = "picker.component." + label.replace(' ', '_');
        String said = feedback.t(key);
        return said.equals(key) ? label : said;
    }

    /** Whether and how it runs here: the memory mode, what a transformer file runs with, or why it cannot be used. */
    public String runsHere(ListedModel m) {
        if (m.singleFile()) {
            return m.loadable() ? feedback.f("picker.combinable", combinationLabel(combinations(m).get(0)))
                    : whyNot(m);
        }
        if (m.unsupported() != null) {
            return feedback.f("picker.unsupported", m.unsupported());
        }
        ListedModel.Fit fit = m.fit();
        if (fit == null) {
            return m.complete() ? feedback.t("picker.noEstimate") : feedback.t("picker.noEstimateIncomplete");
        }
        String memory = fit.gpu() ? feedback.t("picker.gpuMemory") : feedback.t("picker.hostMemory");
        return fit.fits()
                ? feedback.f("picker.runsHere", fit.memoryMode(), ByteSizes.format(fit.estimateBytes()), memory)
                : feedback.f("picker.doesNotFit", ByteSizes.format(fit.budgetBytes()), memory,
                        ByteSizes.format(fit.estimateBytes()));
    }

    /** What is missing or broken, one line each, with the single file's detail; empty for a complete pipeline. */
    public List<String> details(ListedModel m) {
        List<String> out = new ArrayList<>(m.problems());
        if (m.singleFile() && m.detail() != null) {
            out.add(m.detail());
        }
        return out;
    }

    /** Why {@link #use} would refuse {@code m}, or empty when it would not. */
    public String whyNot(ListedModel m) {
        if (m.loadable()) {
            return "";
        }
        if (m.singleFile()) {
            return m.pairing() == null ? feedback.t("picker.partOfPipeline") : cannotCombine(m.model(), m.pairing());
        }
        if (!m.complete()) {
            return m.resume() != null ? feedback.t("picker.incompleteResume") : feedback.t("picker.incompleteFolder");
        }
        if (m.unsupported() != null) {
            return feedback.f("picker.unsupported", m.unsupported());
        }
        return feedback.t("picker.unknownModel");
    }

    /**
     * Why a transformer file cannot be used: an Edit-family file's own pipeline folder, else each missing part named
     * (a folder of its family, or the ComfyUI text encoder and VAE).
     */
    private String cannotCombine(String model, ListedModel.Pairing p) {
        if (p.ownFolderOnly()) {
            return feedback.f("picker.needsOwnFolder", model);
        }
        List<String> missing = new ArrayList<>();
        missing.add(feedback.f("picker.missing.folder", model != null ? model : feedback.t("picker.anyModel")));
        if (p.textEncoder() == null) {
            missing.add(feedback.f("picker.missing.textEncoder", p.comfyUi()));
        }
        if (p.vae() == null) {
            missing.add(feedback.f("picker.missing.vae", p.comfyUi()));
        }
        return feedback.f("picker.cannotCombine", String.join("; ", missing));
    }

    /** A combination in words: the pipeline folder's name, or the two ComfyUI files. */
    public String combinationLabel(Combination c) {
        return c.folder() != null ? feedback.f("picker.withFolder", c.folder().name())
                : feedback.f("picker.withComfyUi", c.textEncoder().getFileName(), c.vae().getFileName());
    }

    /** The folder in words, with where it comes from. */
    public String folderLabel(StudioModelLibrary.Folder f) {
        return f.path() + "  (" + feedback.t("picker.folderKind." + f.kind().name().toLowerCase(Locale.ROOT)) + ")";
    }

    // ------------------------------------------------------------------ state

    public ObservableList<ListedModel> models() {
        return models;
    }

    public ObservableList<StudioModelLibrary.Folder> folders() {
        return folders;
    }

    public ObjectProperty<ListedModel> selectedProperty() {
        return selected;
    }

    /** What the selected transformer file can be combined with (empty for anything else). */
    public ObservableList<Combination> combinations() {
        return combinations;
    }

    /** What the selected transformer file is combined with when used. */
    public ObjectProperty<Combination> combinationProperty() {
        return combination;
    }

    public ReadOnlyBooleanProperty searchingProperty() {
        return searching.getReadOnlyProperty();
    }

    /**
     * Whether the model Use chose is being inspected off the UI thread (the form's {@link
     * GenerationFormViewModel#modelPendingProperty}): the form keeps its model meanwhile.
     */
    public ReadOnlyBooleanProperty checkingProperty() {
        return form.modelPendingProperty();
    }

    public ReadOnlyStringProperty memoryForProperty() {
        return memoryFor.getReadOnlyProperty();
    }

    /** What the picker says (a folder added, why an entry cannot be used, a failed search). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    void say(String text) {
        message.set(text);
    }
}
