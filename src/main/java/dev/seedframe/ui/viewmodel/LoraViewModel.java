package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.service.LoraSummary;
import dev.seedframe.service.ParametersText;
import dev.seedframe.service.StudioLoras;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The LoRA panel: the LoRA files in the LoRA folders (the user's own, those the person adds), the files the next
 * generation applies, each with its weight, and whether they are applied at run time or merged into the weights. A file
 * is read before it is added (what it holds is shown; a damaged, pickled or unknown file is refused with the engine's
 * message and adds nothing). A Lightning LoRA brings its preset (steps, CFG 1 and its scheduler), applied to the form's
 * sampling settings with a note; the designer can change each value afterwards, or go back to the model's own
 * scheduler, which, like removing the last LoRA with a preset, gives back the steps and CFG the preset replaced (those
 * the designer has not changed since). The form's requests carry what this panel holds; restoring a node's settings
 * brings its LoRAs back with their recorded weights, found by path or else by their recorded SHA-256; one found
 * nowhere stays as a row marked missing, and the form refuses to generate until it is removed or added again.
 */
public final class LoraViewModel {

    public static final double MIN_WEIGHT = -2;
    public static final double MAX_WEIGHT = 2;
    public static final double DEFAULT_WEIGHT = 1;
    /** How far a weight's arrows and keys move it. */
    public static final double WEIGHT_STEP = 0.05;

    private final StudioLoras port;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final GenerationFormViewModel form;
    private final ObservableList<LoraRow> rows = FXCollections.observableArrayList();
    private final ObservableList<Path> files = FXCollections.observableArrayList();
    private final ObservableList<Path> folders = FXCollections.observableArrayList();
    private final ObjectProperty<LoraMethod> method = new SimpleObjectProperty<>(LoraMethod.RUNTIME);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    /** How {@link #message} and {@link #note} are worded, kept so that a language switch words them again. */
    private Supplier<String> messageWords = () -> "";
    private Supplier<String> noteWords = () -> "";
    /** Counts restores, so that the files found for a node shown before the last one are dropped. */
    private int restores;
    /** The steps and CFG a preset replaced, and the values it set; null when no preset's values are in the form. */
    private Replaced replaced;

    /**
     * What applying a preset changed in the form: the person's steps and CFG before it, and the preset's own (they are
     * given back only while the form still holds the preset's).
     */
    private record Replaced(int steps, double cfg, int presetSteps, double presetCfg) {}

    /**
     * @param port null when the studio has no LoRA door (tests of other panels): the panel then holds nothing
     */
    public LoraViewModel(StudioLoras port, Feedback feedback, UiExecutors executors, GenerationFormViewModel form) {
        this.port = port;
        this.feedback = feedback;
        this.executors = executors;
        this.form = form;
        method.addListener((o, a, b) -> sync());
        form.onLorasRestored(this::restore);
    }

    /** What the LoRA folders hold now: the folders, and the files in them. */
    private record Shelf(List<Path> folders, List<Path> files) {}

    /** Looks again at the LoRA folders and the files in them. */
    public void refresh() {
        if (port == null) {
            return;
        }
        executors.io(() -> new Shelf(port.loraFolders(), port.loraFiles()), shelf -> {
            folders.setAll(shelf.folders());
            files.setAll(shelf.files());
        }, failure -> sayMessage(failure::getMessage));
    }

    /** Adds {@code folder} to the LoRA folders (remembered in the preferences) and lists its files. */
    public void addFolder(Path folder) {
        if (port == null) {
            return;
        }
        executors.io(() -> {
            port.addLoraFolder(folder);
            return folder;
        }, added -> {
            sayMessage(() -> "");
            refresh();
        }, failure -> sayMessage(failure::getMessage));
    }

    /**
     * Reads {@code file} and adds it at weight 1 (its preset applied), or shows why it cannot be used. A restored LoRA
     * that was missing is found this way: its row keeps its place and weight.
     */
    public void add(Path file) {
        if (port == null) {
            return;
        }
        Path f = file.toAbsolutePath().normalize();
        LoraRow same = rows.stream().filter(r -> r.file().toAbsolutePath().normalize().equals(f)).findFirst()
                .orElse(null);
        if (same != null && !same.isMissing()) {
            sayMessage(() -> feedback.f("lora.already", f.getFileName()));
            return;
        }
        // the service's message names the file and what is wrong with it
        executors.io(() -> port.inspectLora(f), s -> {
            if (same != null && rows.contains(same)) {
                sayMessage(() -> "");
                rows.set(rows.indexOf(same), row(s, same.weightProperty().get()));
                sync();
            } else {
                added(s);
            }
        }, failure -> sayMessage(failure::getMessage));
    }

    private void added(LoraSummary s) {
        sayMessage(() -> "");
        rows.add(row(s, DEFAULT_WEIGHT));
        if (s.preset() != null) {
            applyPreset(s.preset());
        }
        sync();
    }

    private LoraRow row(LoraSummary s, double weight) {
        return listened(new LoraRow(s, weight));
    }

    private LoraRow listened(LoraRow r) {
        r.weightProperty().addListener((o, a, b) -> sync());
        return r;
    }

    /** Sets the form's steps, CFG and scheduler to {@code p}'s and says so in the note. */
    private void applyPreset(LoraSummary.Preset p) {
        if (replaced == null) {
            replaced = new Replaced(form.stepsProperty().get(), form.cfgProperty().get(), p.steps(), p.cfg());
        } else {
            replaced = new Replaced(replaced.steps(), replaced.cfg(), p.steps(), p.cfg());
        }
        form.stepsProperty().set(p.steps());
        form.cfgProperty().set(p.cfg());
        form.schedulerProperty().set(p.scheduler());
        sayNote(() -> feedback.f("lora.presetApplied", p.name(), p.steps(), ParametersText.plain(p.cfg())));
    }

    /**
     * Back to the model's own scheduler, and to the steps and CFG the preset replaced, unless the person changed them
     * since (then they stay as the person has them).
     */
    public void useModelScheduler() {
        form.schedulerProperty().set(null);
        restoreReplaced();
        sayNote(() -> "");
    }

    /** The steps and CFG a preset replaced go back, each only if it still holds the preset's value. */
    private void restoreReplaced() {
        Replaced r = replaced;
        replaced = null;
        if (r == null) {
            return;
        }
        if (form.stepsProperty().get() == r.presetSteps()) {
            form.stepsProperty().set(r.steps());
        }
        if (form.cfgProperty().get() == r.presetCfg()) {
            form.cfgProperty().set(r.cfg());
        }
    }

    /**
     * Takes {@code row} out of the next generations. With the last LoRA with a preset go the preset's scheduler and the
     * preset's steps and CFG (back to what they were before it, unless the person changed them since).
     */
    public void remove(LoraRow row) {
        rows.remove(row);
        LoraSummary.Preset p = preset(row);
        if (p != null && rows.stream().noneMatch(r -> preset(r) != null)) {
            if (p.scheduler().equals(form.schedulerProperty().get())) {
                form.schedulerProperty().set(null);
                sayNote(() -> "");
            }
            restoreReplaced();
        }
        sayMessage(() -> "");
        sync();
    }

    private static LoraSummary.Preset preset(LoraRow r) {
        return r.isMissing() ? null : r.summary().preset();
    }

    /**
     * The form's requests carry the rows, in order, with the chosen method; while a row's file is missing the form
     * refuses to generate, naming it.
     */
    private void sync() {
        form.setLoras(rows.stream().map(r -> r.spec(method.get())).toList());
        List<String> missing = rows.stream().filter(LoraRow::isMissing).map(LoraRow::fileName).toList();
        form.setLorasMissing(missing.isEmpty() ? "" : feedback.f("lora.refuseMissing", String.join(", ", missing)));
    }

    /**
     * A node's settings were restored: its LoRAs replace the rows once their files are found (the form carries the
     * recorded ones meanwhile); one found nowhere is named in the message.
     */
    private void restore(Long nodeId, List<LoraSpec> recorded) {
        int mine = ++restores;
        rows.clear();
        replaced = null; // the form holds the node's steps and CFG now
        form.setLorasMissing("");
        if (!recorded.isEmpty()) {
            method.set(recorded.get(0).method());
        }
        form.setLoras(recorded);
        sayMessage(() -> "");
        boolean presetScheduler = form.schedulerProperty().get() != null;
        sayNote(() -> presetScheduler ? feedback.t("lora.schedulerRestored") : "");
        if (recorded.isEmpty() || port == null) {
            return;
        }
        executors.io(() -> nodeId != null ? port.locateLoras(nodeId) : port.locateLoras(recorded), found -> {
            if (mine != restores) {
                return;
            }
            List<String> missing = new ArrayList<>();
            for (StudioLoras.Located l : found) {
                if (l.missing()) {
                    missing.add(l.spec().fileName());
                    rows.add(listened(LoraRow.missing(l.spec(), l.message())));
                } else {
                    rows.add(row(l.summary(), l.spec().weight()));
                }
            }
            if (!missing.isEmpty()) {
                sayMessage(() -> feedback.f("lora.missing", String.join(", ", missing)));
            }
            sync();
        }, failure -> {
            if (mine == restores) {
                // not looked for: each is kept, marked missing, rather than dropped from the next run
                recorded.forEach(l -> rows.add(listened(LoraRow.missing(l, failure.getMessage()))));
                sayMessage(failure::getMessage);
                sync();
            }
        });
    }

    private void sayMessage(Supplier<String> words) {
        messageWords = words;
        message.set(words.get());
    }

    private void sayNote(Supplier<String> words) {
        noteWords = words;
        note.set(words.get());
    }

    /**
     * Words the message, the note and the form's refusal of missing LoRAs again in the feedback's language (after a
     * language switch; the views are rebuilt and word the rows themselves).
     */
    void relabel() {
        message.set(messageWords.get());
        note.set(noteWords.get());
        sync();
    }

    /** What was detected in a row's file: its layout, rank, and its preset's name; for a missing file, why. */
    public String detected(LoraRow r) {
        if (r.isMissing()) {
            return r.missingMessage() != null ? r.missingMessage() : feedback.f("lora.missing", r.fileName());
        }
        LoraSummary s = r.summary();
        String text = feedback.f("lora.detected", s.layout(), s.ranks());
        return s.preset() == null ? text : text + " · " + s.preset().name();
    }

    /** Whether the panel can add files (the studio has its LoRA door). */
    public boolean available() {
        return port != null;
    }

    /** The LoRAs the next generation applies, in order. */
    public ObservableList<LoraRow> rows() {
        return rows;
    }

    /** The {@code .safetensors} files in the LoRA folders, as {@link #refresh()} last found them. */
    public ObservableList<Path> files() {
        return FXCollections.unmodifiableObservableList(files);
    }

    /** The LoRA folders, the user's own first (where a file chooser starts). */
    public ObservableList<Path> folders() {
        return FXCollections.unmodifiableObservableList(folders);
    }

    public ObjectProperty<LoraMethod> methodProperty() {
        return method;
    }

    /** Why the last file could not be added, or which restored LoRAs are missing; empty when all is well. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The preset applied (a Lightning LoRA's), for the note under the rows; empty when none. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }
}
