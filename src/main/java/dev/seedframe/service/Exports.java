package dev.seedframe.service;

import dev.seedframe.domain.AppVersion;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.MaskEdits;
import dev.seedframe.imaging.OpenRaster;
import dev.seedframe.imaging.Png;
import dev.seedframe.store.ProjectStore;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Getting pictures out of a project: several nodes at once (the starred ones, or a selection) as PNGs with or
 * without their generation data, a node's layers flattened as they are shown, its layers as an OpenRaster file, and
 * an inpaint's mask as a PNG. Files are written atomically; a batch checks every target before writing any, so a
 * refused batch writes nothing and overwrites nothing.
 */
public final class Exports {

    private Exports() {}

    /** The nodes marked with a star, oldest first. */
    public static List<Long> starred(Project project) throws StoreException {
        List<Long> ids = new ArrayList<>();
        for (GenerationSummary s : project.history()) {
            if (s.starred()) {
                ids.add(s.id());
            }
        }
        return ids;
    }

    /** The file name a node gets in a batch: the project's name and the node's id. */
    public static String fileName(Project project, long id) {
        String name = project.path().getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return String.format(Locale.ROOT, "%s-%04d.png", stem, id);
    }

    /**
     * Writes each node's image into {@code dir} as {@link #fileName}: with its generation data embedded (the
     * request, inputs, model and engine, as {@code export} writes one) or, without, the bare pixels.
     *
     * @param overwrite whether existing files of those names may be replaced; if not, any existing one refuses the
     *     whole batch before anything is written
     * @return the files written, in the order of {@code ids}
     */
    public static List<Path> many(Project project, List<Long> ids, Path dir, boolean withMetadata, boolean overwrite)
            throws StoreException, IOException {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("nothing to export");
        }
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "the folder does not exist");
        }
        Map<Long, Path> targets = new LinkedHashMap<>();
        List<String> existing = new ArrayList<>();
        for (long id : ids) {
            project.load(id); // a missing node is said before anything is written
            Path out = dir.resolve(fileName(project, id));
            if (!overwrite && Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                existing.add(out.getFileName().toString());
            }
            targets.put(id, out);
        }
        if (!existing.isEmpty()) {
            throw new java.nio.file.FileAlreadyExistsException(dir.toString(), null, "the folder already holds "
                    + String.join(", ", existing) + "; nothing was written (choose another folder, or allow"
                    + " overwriting)");
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Long, Path> t : targets.entrySet()) {
            long id = t.getKey();
            byte[] png = withMetadata ? SeedframePng.encode(Generation.recorded(project.load(id))) : Png.encode(project.load(id).output(), Map.of());
            ImageFiles.writeAtomically(t.getValue(), png);
            project.exported(id, t.getValue(), withMetadata ? "PNG with its generation data" : "PNG without data");
            written.add(t.getValue());
        }
        return written;
    }

    /** The picture node {@code id}'s visible layers make, as a PNG naming what it is. */
    public static byte[] flattenedPng(Project project, long id) throws StoreException {
        return flattenedPng(LayerStacks.of(project, id));
    }

    /** The picture a layer stack's visible layers make, as a PNG naming what it is. */
    public static byte[] flattenedPng(LayerStacks.Stack stack) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("Software", "Seedframe " + AppVersion.seedframe());
        text.put("seedframe.flattened", describe(stack));
        return Png.encode(stack.composite(), text);
    }

    /** Node {@code id}'s layer stack as an OpenRaster file: its base, each edit's layer, the composite. */
    public static byte[] openRaster(Project project, long id) throws StoreException {
        return openRaster(LayerStacks.of(project, id));
    }

    /** A layer stack as an OpenRaster file: its base, each edit's layer, the composite. */
    public static byte[] openRaster(LayerStacks.Stack stack) {
        List<OpenRaster.Layer> layers = new ArrayList<>();
        GenerationSummary base = stack.base();
        layers.add(new OpenRaster.Layer(label(base), 0, 0, stack.baseImage(), null, 1.0, true));
        for (LayerStacks.Entry e : stack.layers()) {
            layers.add(new OpenRaster.Layer(label(e.generation()), e.pixels().x(), e.pixels().y(), e.pixels().pixels(),
                    e.pixels().alpha(), e.layer().opacity(), e.layer().visible()));
        }
        RgbImage merged = stack.composite();
        return OpenRaster.write(merged.width(), merged.height(), layers, merged);
    }

    /** Writes {@link #flattenedPng} to {@code out}. */
    public static void flattened(Project project, long id, Path out) throws StoreException, IOException {
        flattened(project, LayerStacks.of(project, id), out);
    }

    /** Writes {@code stack}'s {@link #flattenedPng} of its project to {@code out}. */
    public static void flattened(Project project, LayerStacks.Stack stack, Path out) throws IOException {
        ImageFiles.writeAtomically(out, flattenedPng(stack));
        project.exported(stack.nodeId(), out, "flattened layers");
    }

    /** Writes {@link #openRaster} to {@code out}. */
    public static void openRaster(Project project, long id, Path out) throws StoreException, IOException {
        openRaster(project, LayerStacks.of(project, id), out);
    }

    /** Writes {@code stack}'s {@link #openRaster} of its project to {@code out}. */
    public static void openRaster(Project project, LayerStacks.Stack stack, Path out) throws IOException {
        ImageFiles.writeAtomically(out, openRaster(stack));
        project.exported(stack.nodeId(), out, "OpenRaster layers");
    }

    /**
     * The mask of node {@code id} as a greyscale PNG (white = repaint): an inpaint's mask, or for an imported picture
     * with an alpha channel the mask that repaints its transparent parts.
     *
     * @throws IllegalArgumentException when the node has neither
     */
    public static byte[] maskPng(Project project, long id) throws StoreException {
        GenerationRecord rec = project.load(id);
        Mask mask = rec.request().mask();
        if (mask == null && rec.request().kind() == PipelineKind.IMPORT) {
            Mask alpha = project.importRecord(id).map(ProjectStore.ImportRecord::alpha).orElse(null);
            mask = alpha == null ? null : MaskEdits.fromAlpha(alpha, true);
        }
        if (mask == null) {
            throw new IllegalArgumentException("#" + id + " has no mask (it is " + kindWords(rec.request().kind())
                    + ", neither an inpaint nor a picture imported with transparency)");
        }
        return Png.encode(mask, Map.of());
    }

    private static String label(GenerationSummary s) {
        return "#" + s.id() + " " + kindWords(s.kind());
    }

    private static String kindWords(PipelineKind k) {
        return switch (k) {
            case IMPORT -> "imported";
            case TEXT_TO_IMAGE -> "text to image";
            case IMAGE_TO_IMAGE -> "img2img";
            case INPAINT -> "inpaint";
            case OUTPAINT -> "outpaint";
            case EDIT -> "edit";
        };
    }

    private static String describe(LayerStacks.Stack stack) {
        StringBuilder b = new StringBuilder("the layers of #" + stack.nodeId() + " over " + label(stack.base()));
        for (LayerStacks.Entry e : stack.layers()) {
            b.append(String.format(Locale.ROOT, "; %s %s, opacity %.2f", label(e.generation()),
                    e.layer().visible() ? "shown" : "hidden", e.layer().opacity()));
        }
        return b.toString();
    }
}
