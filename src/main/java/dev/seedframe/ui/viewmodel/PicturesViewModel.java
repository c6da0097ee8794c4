package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.Png;
import dev.seedframe.service.Failure;
import dev.seedframe.service.ImportedPictures;
import dev.seedframe.service.StudioPictures;
import dev.seedframe.service.StudioMemory;
import dev.seedframe.service.StudioMemory.Folder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Getting pictures in and out: a designer's picture files (File → Open image…, a drop, a paste) become root nodes
 * "Imported" of the history, their conversions said in the status line, a PNG that carries generation settings
 * offering them (never applied unasked), a refused file named in the banner with its reason; the picture on the
 * canvas as a file to drag out or copy, and several nodes exported at once. Files are read and written on the io
 * executor; the folders last used are remembered for the next session.
 */
public final class PicturesViewModel {

    /**
     * What a drop or a paste brings, as the view read it from the dragboard or clipboard: files, else an address (a
     * picture dragged from a browser names its address), else the picture itself (pixels, with their alpha or null).
     */
    public record Incoming(List<Path> files, String address, RgbImage image, Mask alpha) {

        public Incoming {
            files = files == null ? List.of() : List.copyOf(files);
            address = address == null || address.isBlank() ? null : address.strip();
        }

        public boolean isEmpty() {
            return files.isEmpty() && address == null && image == null;
        }
    }

    /**
     * The settings an imported PNG carries, offered to the form.
     *
     * @param nodeId the node it was imported as
     * @param name its file name
     * @param request the settings
     * @param exact true for Seedframe's own data, false for another tool's {@code parameters} text
     */
    public record Offer(long nodeId, String name, GenerationRequest request, boolean exact) {}

    private final StudioPictures port;
    private final StudioMemory preferences;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final HistoryViewModel history;
    private final GenerationFormViewModel form;
    private final CanvasViewModel canvas;

    private final ReadOnlyObjectWrapper<Offer> offer = new ReadOnlyObjectWrapper<>();
    private final Map<Folder, Path> folders = new EnumMap<>(Folder.class);
    /** The imports of the batch under way: how many are left, and the refusals so far (for one banner). */
    private int importsLeft;
    private final List<String> refusals = new ArrayList<>();

    public PicturesViewModel(StudioPictures port, StudioMemory preferences, Feedback feedback,
            UiExecutors executors, HistoryViewModel history, GenerationFormViewModel form, CanvasViewModel canvas) {
        this.port = port;
        this.preferences = preferences;
        this.feedback = feedback;
        this.executors = executors;
        this.history = history;
        this.form = form;
        this.canvas = canvas;
    }

    // ------------------------------------------------------------------ getting pictures in

    /** Imports picture files (File → Open image…, a drop of files), each a root node; the folder is remembered. */
    public void importFiles(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        Path folder = files.get(0).toAbsolutePath().getParent();
        if (folder != null) {
            rememberFolder(Folder.IMPORT, folder);
        }
        for (Path f : files) {
            importOne(f.getFileName().toString(), () -> port.importFile(f));
        }
    }

    /**
     * Imports what a drop or a paste brings: its files; else the picture at its address (when that cannot be fetched
     * and the picture itself came too, the picture); else the picture. An empty one is said in the banner.
     */
    public void importIncoming(Incoming in) {
        if (!in.files().isEmpty()) {
            importFiles(in.files());
        } else if (in.address() != null && in.image() != null) {
            begin(1);
            executors.io(() -> {
                try {
                    return port.importAddress(in.address());
                } catch (Failure f) {
                    return port.importBytes(png(in.image(), in.alpha()), pastedName());
                }
            }, this::imported, f -> refused(in.address(), f));
        } else if (in.address() != null) {
            importOne(in.address(), () -> port.importAddress(in.address()));
        } else if (in.image() != null) {
            importOne(pastedName(), () -> port.importBytes(png(in.image(), in.alpha()), pastedName()));
        } else {
            feedback.error(feedback.t("error.nothingToImport"));
        }
    }

    private String pastedName() {
        return feedback.t("import.pastedName");
    }

    /** A pasted picture as a PNG file's bytes (kept as the imported file), its alpha with it when it has one. */
    private static byte[] png(RgbImage image, Mask alpha) {
        return alpha == null ? Png.encode(image, Map.of()) : Png.encodeRgba(image, alpha, Map.of());
    }

    private void importOne(String name, UiExecutors.Task<ImportedPictures.Result> work) {
        begin(1);
        executors.io(work, this::imported, f -> refused(name, f));
    }

    private void begin(int n) {
        if (importsLeft == 0) {
            refusals.clear();
            feedback.dismissError();
        }
        importsLeft += n;
        feedback.status(feedback.t("status.importing"));
    }

    private void imported(ImportedPictures.Result r) {
        importsLeft--;
        history.select(r.nodeId());
        String words = feedback.f("status.imported", r.nodeId(), r.file().name());
        if (!r.notes().isEmpty()) {
            words += " · " + String.join("; ", r.notes().stream().map(feedback.i18n()::note).toList());
        }
        feedback.status(words);
        r.settings().ifPresent(s -> offer.set(new Offer(r.nodeId(), r.file().name(), s.request(), s.exact())));
        finishBatch();
    }

    private void refused(String name, Failure f) {
        importsLeft--;
        refusals.add(feedback.f("error.import", name, f.getMessage()));
        feedback.error(String.join("\n", refusals));
        if (importsLeft == 0) {
            feedback.status("");
        }
        finishBatch();
    }

    private void finishBatch() {
        if (importsLeft == 0) {
            refusals.clear();
        }
    }

    /** Puts the offered settings in the form ("Use its settings"). */
    public void useOfferedSettings() {
        Offer o = offer.get();
        if (o != null) {
            form.restore(o.request());
            offer.set(null);
            feedback.status(feedback.f("status.settingsUsed", o.name()));
        }
    }

    public void dismissOffer() {
        offer.set(null);
    }

    /** The settings an imported PNG offers, until used or dismissed; null when none. */
    public ReadOnlyObjectProperty<Offer> offerProperty() {
        return offer.getReadOnlyProperty();
    }

    // ------------------------------------------------------------------ getting pictures out

    /**
     * What the canvas shows, as a temporary PNG file (to drag out or copy), written on the calling thread (a drag
     * must be given its file at once); null when nothing is shown or it cannot be written (said in the banner).
     */
    public Path shownAsFile() {
        Long id = history.selectedId();
        RgbImage shown = canvas.image();
        if (id == null || shown == null) {
            return null;
        }
        try {
            return port.temporaryPng(id, shown);
        } catch (Failure f) {
            feedback.showFailure(f);
            return null;
        }
    }

    /** The picture on the canvas went to the clipboard. */
    public void copied() {
        feedback.status(feedback.f("status.copied", history.selectedId()));
    }

    /** Writes {@code ids} into {@code dir}, with or without their generation data; the folder is remembered. */
    public void exportNodes(List<Long> ids, Path dir, boolean withMetadata) {
        if (ids.isEmpty()) {
            feedback.error(feedback.t("error.nothingToExport"));
            return;
        }
        rememberFolder(Folder.EXPORT, dir);
        List<Long> chosen = List.copyOf(ids);
        executors.io(() -> port.exportMany(chosen, dir, withMetadata, false),
                written -> feedback.status(feedback.f("status.exportedMany", written.size(), dir)),
                feedback::showFailure);
    }

    // ------------------------------------------------------------------ folders

    /** Reads the folders remembered from the last session (off the UI thread). */
    void start() {
        executors.io(() -> {
            Map<Folder, Path> read = new EnumMap<>(Folder.class);
            for (Folder f : Folder.values()) {
                preferences.folder(f).ifPresent(p -> read.put(f, p));
            }
            return read;
        }, read -> read.forEach(folders::putIfAbsent), feedback::showFailure);
    }

    /** The folder a chooser for {@code which} starts in: the one last used, else none (the system's choice). */
    public Optional<Path> folder(Folder which) {
        return Optional.ofNullable(folders.get(which));
    }

    /** Remembers {@code folder} for {@code which}, also for the next session (written off the UI thread). */
    public void rememberFolder(Folder which, Path folder) {
        folders.put(which, folder);
        executors.io(() -> {
            preferences.saveFolder(which, folder);
            return null;
        }, none -> {}, feedback::showFailure);
    }
}
