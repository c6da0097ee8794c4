package dev.seedframe.service;

import dev.seedframe.domain.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The studio's door to getting pictures into the open project (a file, a paste, a drop) and out of it (several nodes
 * at once, a node's layers flattened or as OpenRaster, a file to drag out). Every call reads or writes files: call
 * them off the FX thread.
 */
public interface StudioPictures {

    /** The file types the importer reads, as file name extensions (without the dot). */
    List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "webp", "tif", "tiff", "bmp", "gif");

    /** Imports a picture file as a root node "Imported" (see {@link ImportedPictures}). */
    ImportedPictures.Result importFile(Path file) throws Failure;

    /** Imports a picture file's bytes (a paste, a picture dragged from a browser); {@code name} names it. */
    ImportedPictures.Result importBytes(byte[] bytes, String name) throws Failure;

    /**
     * Imports the picture at an address: a file's path, a {@code file:} URL, a {@code data:} URL, or an {@code
     * http(s):} address (fetched from the web, up to a size limit, with a stall timeout).
     */
    ImportedPictures.Result importAddress(String address) throws Failure;

    /**
     * Writes the picture node {@code id}'s visible layers make as a PNG, the nodes {@code deleted} counted as deleted
     * (see {@link LayerStacks#of(Project, long, Set)}).
     */
    void exportFlattened(long id, Set<Long> deleted, Path out) throws Failure;

    /** Writes node {@code id}'s layers as an OpenRaster file, the nodes {@code deleted} counted as deleted. */
    void exportOpenRaster(long id, Set<Long> deleted, Path out) throws Failure;

    /** Writes several nodes into {@code dir}: see {@link Exports#many}. */
    List<Path> exportMany(List<Long> ids, Path dir, boolean withMetadata, boolean overwrite) throws Failure;

    /**
     * A temporary PNG of what the canvas shows for node {@code id} (to drag out or copy): with the node's generation
     * data when it is the node's own picture, else the bare pixels. Deleted when the application exits.
     */
    Path temporaryPng(long id, RgbImage shown) throws Failure;
}
