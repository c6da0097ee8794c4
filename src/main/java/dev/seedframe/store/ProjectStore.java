package dev.seedframe.store;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.ImportedFile;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.domain.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One open project file (the port; {@code store.sqlite.SqliteProjectStore} is the adapter). Every
 * method is safe to call from several threads; writes are serialised. Every write is one transaction:
 * it is either fully in the file or not at all, also when the process is killed or the disk is full.
 *
 * <p>Images and masks are content-addressed by {@link RgbImage#sha256()} / {@link Mask#sha256()} and
 * stored once, losslessly, however many generations and layers use them.
 */
public interface ProjectStore extends AutoCloseable {

    /** The project file this store reads and writes (changes with {@link #saveAs}). */
    Path path();

    /** The schema version of the open file (always the newest this Seedframe knows, after opening). */
    int schemaVersion();

    /** Who this session's writes are attributed to. */
    String actor();

    /**
     * Writes a consistent copy of the project to {@code target} (which must not exist yet) and continues
     * on the copy, like a document's Save As. The old file is left as it was.
     */
    void saveAs(Path target) throws StoreException;

    /**
     * Records a finished generation in one transaction: the output and every input image and mask not
     * yet stored, the generation, and a {@link AuditEntry#GENERATE} audit entry.
     *
     * @return the new generation's id
     * @throws NoSuchGenerationException if the parent id is not in the project
     * @throws DiskFullException if the disk is full (nothing is written, earlier data is intact)
     * @throws ProjectBusyException if another process kept the project locked too long
     */
    long record(NewGeneration generation) throws StoreException;

    /**
     * {@link #record(NewGeneration)} with the layer the generation's edit makes over its input, in the same
     * transaction: its pixels and coverage are stored, and it goes on top of the layers, visible and opaque.
     *
     * @param layer the layer's pixels, or null for none
     */
    long record(NewGeneration generation, LayerPixels layer) throws StoreException;

    /**
     * A picture imported from a file, as a root of the history: {@code generation} (kind {@code import}, no parent)
     * with the decoded pixels as its output and the conversions as its adjustments, the file byte for byte, and its
     * alpha channel; one transaction.
     *
     * @param alpha the picture's alpha channel (255 opaque), or null
     * @return the new node's id
     */
    long recordImport(NewGeneration generation, ImportedFile file, Mask alpha) throws StoreException;

    /** The file an imported node came from, with its alpha channel. */
    record ImportRecord(ImportedFile file, Mask alpha) {}

    /** The file node {@code id} was imported from; empty when it is not an import. */
    Optional<ImportRecord> importRecord(long id) throws StoreException;

    /** A generation with its request's input images and mask, and its output, resolved. */
    GenerationRecord load(long id) throws StoreException;

    /**
     * Fails with {@link NoSuchGenerationException} unless generation {@code id} is in the project (reads its
     * row only, not its images).
     */
    void requireGeneration(long id) throws StoreException;

    /** A stored RGB image by content address, verified against it. */
    RgbImage image(String sha256) throws StoreException;

    /** A stored mask by content address, verified against it. */
    Mask mask(String sha256) throws StoreException;

    /** Every generation, oldest first; parent ids give the tree. */
    List<GenerationSummary> history() throws StoreException;

    /** The newest generation recorded under this cache key, if any. */
    Optional<Long> findByCacheKey(String cacheKey) throws StoreException;

    /**
     * Deletes a generation. Its children are re-parented to its parent; layers that show it keep their
     * image; images are removed only when no generation, layer or other reference uses them any more. A
     * {@link AuditEntry#DELETE} entry names the actor.
     */
    void delete(long id, String actor) throws StoreException;

    /** Marks or unmarks a generation. */
    void star(long id, boolean starred) throws StoreException;

    /**
     * Appends an audit entry for an event recorded by the caller (export, replay, cache hit...).
     *
     * @param generationId the generation concerned, or null
     * @param detail free text, or null
     * @return the entry's id
     */
    long audit(String actor, String action, Long generationId, String detail) throws StoreException;

    /** The whole audit trail, oldest first. */
    List<AuditEntry> auditTrail() throws StoreException;

    /**
     * The layer of a generation: the one it has (recorded with it, or added earlier), else its output on top of the
     * layers as a whole-image layer, visible and opaque. Returns the layer id.
     */
    long addLayer(long generationId) throws StoreException;

    void setLayerVisible(long layerId, boolean visible) throws StoreException;

    /** @param opacity 0..1 */
    void setLayerOpacity(long layerId, double opacity) throws StoreException;

    /** Removes a layer; its image goes too when nothing else uses it. */
    void removeLayer(long layerId) throws StoreException;

    /** Every layer, in the order they were added. */
    List<Layer> layers() throws StoreException;

    /**
     * Checks the whole file: SQLite's integrity check, the references between tables, and every stored
     * image against its content address. Slow on a large project.
     *
     * @return the problems found, in words; empty when the project is sound
     */
    List<String> verify() throws StoreException;

    /**
     * What was changed in each generation's record after Seedframe wrote it (request, output, model identity,
     * environment, notes, inputs, listed fields, imported file, model source, its layer's pixels and place; an
     * image whose pixels are not the recorded ones; a PNG whose Seedframe data was changed before it was imported),
     * by generation id; a generation whose record is intact is absent.
     */
    default java.util.Map<Long, List<String>> tampering() throws StoreException {
        return java.util.Map.of();
    }

    /** Closes the file. Idempotent; later calls on this store fail with a {@link StoreException}. */
    @Override
    void close();
}
