package dev.seedframe.service;

import dev.seedframe.domain.AppVersion;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.ImportedFile;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.imaging.ImageImport;
import dev.seedframe.imaging.PngText;
import dev.seedframe.store.ProjectStore;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The import use case: a designer's picture file (from a menu, a paste or a drop) becomes a root node
 * "Imported" of the project's history. Its decoded pixels are the node's image, the conversions made are its
 * notes, and the file is kept byte for byte, so every edit of it replays from the project alone and the import
 * itself can be checked by decoding the file again. A PNG written by Seedframe, or carrying another tool's
 * {@code parameters} text, also offers its generation settings ({@link Result#settings()}); they are not applied.
 * A file that cannot be imported is refused with its reason and nothing is written.
 */
public final class ImportedPictures {

    /** An imported node was made by no model. */
    static final ModelIdentity NO_MODEL = new ModelIdentity("imported file", "none", List.of());

    /**
     * What importing a picture gave.
     *
     * @param nodeId the new node's id in the project
     * @param image the picture's pixels, 8-bit sRGB, upright
     * @param alpha its alpha channel (255 opaque), set aside as a mask source; null when it had none (or only
     *     opaque pixels)
     * @param notes every conversion made, in words
     * @param file the file as stored
     * @param settings the generation settings the PNG carries, offered to a front end; empty for other files
     */
    public record Result(long nodeId, RgbImage image, Mask alpha, List<Note> notes, ImportedFile file,
            Optional<SeedframePng.Imported> settings) {

        public Result {
            notes = List.copyOf(notes);
        }
    }

    private ImportedPictures() {}

    /** Imports a picture file into {@code project}. */
    public static Result importFile(Project project, Path file) throws ImageFormatException, IOException,
            StoreException {
        byte[] bytes = dev.seedframe.imaging.ImageFiles.readBounded(file);
        return importBytes(project, bytes, file.getFileName().toString());
    }

    /**
     * Imports a picture file's bytes (a paste, an image dragged from a browser) into {@code project}; {@code name}
     * names it in the history and in messages.
     */
    public static Result importBytes(Project project, byte[] bytes, String name) throws ImageFormatException,
            StoreException {
        ImageImport.Picture pic = ImageImport.decode(bytes, name);
        ImportedFile file = ImportedFile.of(name, pic.format(), bytes);
        Optional<SeedframePng.Imported> settings = settings(project, pic.text(), pic.image(), name);
        long id = project.recordImport(pic.image(), pic.alpha(), file, pic.notes());
        return new Result(id, pic.image(), pic.alpha(), pic.notes(), file, settings);
    }

    /**
     * The settings a PNG's text describes, resolved against the project for inputs it does not carry; empty when
     * it carries none, or when they cannot be read (the picture is imported all the same).
     */
    private static Optional<SeedframePng.Imported> settings(Project project, PngText text, RgbImage image,
            String name) {
        if (!SeedframePng.carriesSettings(text)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(SeedframePng.fromText(text, image, name, new RequestJson.ImageResolver() {
                @Override
                public RgbImage image(String sha256) throws StoreException {
                    return project.image(sha256);
                }

                @Override
                public Mask mask(String sha256) throws StoreException {
                    return project.mask(sha256);
                }
            }, List.of()));
        } catch (ImageFormatException | StoreException unreadable) {
            return Optional.empty();
        }
    }

    /** The environment an import is recorded with: no engine ran. */
    static EngineEnvironment environment() {
        return new EngineEnvironment(AppVersion.seedframe(), "none", "none", "none", "none", "none", "none",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), "none", "none");
    }

    /**
     * Checks an imported node: its file, decoded again from the project, must give its pixels (and alpha).
     */
    public static ReplayReport replay(GenerationRecord rec, ProjectStore.ImportRecord file) {
        List<String> differences = new ArrayList<>();
        RgbImage again;
        try {
            ImageImport.Picture p = ImageImport.decode(file.file().bytes(), file.file().name());
            again = p.image();
            if (!java.util.Objects.equals(p.alpha(), file.alpha())) {
                differences.add("its alpha channel decodes differently now");
            }
        } catch (ImageFormatException e) {
            return new ReplayReport(rec.id(), ReplayReport.Verdict.DRIFTED, 0, 255,
                    List.of("its file no longer decodes: " + e.getMessage()));
        }
        if (again.width() != rec.output().width() || again.height() != rec.output().height()) {
            return new ReplayReport(rec.id(), ReplayReport.Verdict.DRIFTED, 0, 255, List.of("its file decodes to "
                    + again.width() + "×" + again.height() + " now, not " + rec.output().width() + "×"
                    + rec.output().height()));
        }
        if (!again.equals(rec.output())) {
            differences.add("the image decoder gives other pixels for its file now (a newer Java or plug-in)");
        }
        int maxDiff = ImageCompare.maxDiff(rec.output(), again);
        double psnr = ImageCompare.psnr(rec.output(), again);
        ReplayReport.Verdict verdict = rec.output().equals(again) && differences.isEmpty()
                ? ReplayReport.Verdict.IDENTICAL
                : psnr >= ReplayReport.VISUALLY_IDENTICAL_DB ? ReplayReport.Verdict.VISUALLY_IDENTICAL
                : ReplayReport.Verdict.DRIFTED;
        return new ReplayReport(rec.id(), verdict, psnr, maxDiff, differences);
    }
}
