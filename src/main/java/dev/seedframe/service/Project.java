package dev.seedframe.service;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.ImportedFile;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.store.ProjectStore;
import dev.seedframe.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An open project file, safe to share between threads: the studio browses the history while a generation runs on
 * another thread (the model runs without holding the project). The use cases ({@link UseCases}) record into it,
 * answer from its cache, replay, import and export through it.
 */
public final class Project implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Project.class);

    private final ProjectStore store;

    Project(ProjectStore store) {
        this.store = store;
    }

    public Path path() {
        return store.path();
    }

    public int schemaVersion() {
        return store.schemaVersion();
    }

    /** Continues on a copy at {@code target} (which must not exist). */
    public synchronized void saveAs(Path target) throws StoreException {
        store.saveAs(target);
    }

    /** Fails with {@code NoSuchGenerationException} unless generation {@code id} is in the project. */
    public synchronized void requireGeneration(long id) throws StoreException {
        store.requireGeneration(id);
    }

    /** The newest generation recorded under {@code cacheKey}, if any. */
    public synchronized Optional<GenerationRecord> cached(String cacheKey) throws StoreException {
        Optional<Long> id = store.findByCacheKey(cacheKey);
        return id.isPresent() ? Optional.of(store.load(id.get())) : Optional.empty();
    }

    /** Records a finished generation in one transaction; returns its id. */
    public synchronized long record(NewGeneration generation) throws StoreException {
        return store.record(generation);
    }

    /**
     * Records a finished generation and, for an edit, its layer (the region it changed, {@link EditLayers}) in one
     * transaction; returns its id.
     */
    public synchronized long record(NewGeneration generation, LayerPixels layer) throws StoreException {
        return store.record(generation, layer);
    }

    /**
     * Records a picture imported from {@code file} as a root node of the history (kind {@code import}): its pixels
     * as the node's image, {@code notes} (the conversions made) as its adjustments, the file byte for byte and its
     * alpha channel beside it.
     */
    public synchronized long recordImport(RgbImage image, Mask alpha, ImportedFile file, List<Note> notes)
            throws StoreException {
        // no model ran: the request holds only the picture's size (and the builder's defaults, so that a front end
        // restoring a node's settings from it gets usable values)
        GenerationRequest request = GenerationRequest.builder(PipelineKind.IMPORT).prompt("")
                .size(image.width(), image.height()).build();
        List<Note> adjustments = new ArrayList<>();
        adjustments.add(Note.of(NoteCode.IMPORTED_FILE, file.name(), file.format(), file.size()));
        adjustments.addAll(notes);
        return store.recordImport(new NewGeneration(request, ImportedPictures.NO_MODEL, ImportedPictures.environment(),
                adjustments, new Timings(0, 0, 0, 0), null, image, null), file, alpha);
    }

    /** The file node {@code id} was imported from, with its alpha channel; empty when it is not an import. */
    public synchronized Optional<ProjectStore.ImportRecord> importRecord(long id) throws StoreException {
        return store.importRecord(id);
    }

    /** Records in the audit trail that node {@code id} was written to {@code out} (a batch or layered export). */
    void exported(long id, Path out, String what) {
        auditQuietly(AuditEntry.EXPORT, id, what + " " + out.toAbsolutePath());
    }

    public synchronized List<GenerationSummary> history() throws StoreException {
        return store.history();
    }

    public synchronized GenerationRecord load(long id) throws StoreException {
        return store.load(id);
    }

    public synchronized RgbImage image(String sha256) throws StoreException {
        return store.image(sha256);
    }

    public synchronized Mask mask(String sha256) throws StoreException {
        return store.mask(sha256);
    }

    public synchronized void delete(long id) throws StoreException {
        store.delete(id, store.actor());
    }

    public synchronized void star(long id, boolean starred) throws StoreException {
        store.star(id, starred);
    }

    public synchronized List<AuditEntry> auditTrail() throws StoreException {
        return store.auditTrail();
    }

    public synchronized long addLayer(long generationId) throws StoreException {
        return store.addLayer(generationId);
    }

    public synchronized void setLayerVisible(long layerId, boolean visible) throws StoreException {
        store.setLayerVisible(layerId, visible);
    }

    public synchronized void setLayerOpacity(long layerId, double opacity) throws StoreException {
        store.setLayerOpacity(layerId, opacity);
    }

    public synchronized void removeLayer(long layerId) throws StoreException {
        store.removeLayer(layerId);
    }

    public synchronized List<Layer> layers() throws StoreException {
        return store.layers();
    }

    /** Integrity check of the whole file; empty when sound. */
    public synchronized List<String> verifyFile() throws StoreException {
        return store.verify();
    }

    /**
     * What was changed in each generation's record after it was written, by generation id (see {@link
     * ProjectStore#tampering()}); intact generations are absent.
     */
    public synchronized java.util.Map<Long, List<String>> tampering() throws StoreException {
        return store.tampering();
    }

    /** Longest part of a refused prompt kept in the audit trail. */
    static final int AUDITED_PROMPT_CHARS = 500;

    /** Writes a content-filter refusal to the audit trail: which term of which list, and the prompt (cut if long). */
    public void auditRefusal(GenerationRequest request, PromptRefusedException e) {
        String prompt = request.prompt() == null ? "" : request.prompt();
        if (prompt.length() > AUDITED_PROMPT_CHARS) {
            prompt = prompt.substring(0, AUDITED_PROMPT_CHARS) + "...";
        }
        String detail = e.match().term().isEmpty() ? "content filter: " + e.getMessage()
                : "content filter: \"" + e.match().term() + "\" (" + e.match().list() + "); prompt: " + prompt;
        try {
            synchronized (this) {
                store.audit(store.actor(), AuditEntry.REFUSED, null, detail);
            }
        } catch (StoreException se) {
            LOG.warn("could not add a refusal to the audit trail of {}: {}", path(), se.getMessage());
        }
    }

    /**
     * An audit line for something already done (an export written, a replay compared, a cached answer given):
     * when the project cannot take it (a full disk), the work still stands and the line is logged.
     */
    public void auditQuietly(String action, long id, String detail) {
        try {
            synchronized (this) {
                store.audit(store.actor(), action, id, detail);
            }
        } catch (StoreException e) {
            LOG.warn("could not add '{}' for #{} to the audit trail of {}: {}", action, id, path(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        store.close();
    }
}
