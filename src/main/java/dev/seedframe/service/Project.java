package dev.seedframe.service;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.domain.RequestLimits;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.store.ProjectStore;
import dev.seedframe.store.RequestJson;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An open project: every generation run through it is recorded in the project file as it finishes,
 * identical requests are answered from the file without running the model, and any stored generation
 * can be replayed and verified.
 */
public final class Project implements AutoCloseable {

    /**
     * A generation as the project returns it.
     *
     * @param generationId its id in the project
     * @param fromCache true when it was answered from the project without running the model
     * @param lookupMillis time spent answering from the cache (0 when the model ran)
     */
    public record Outcome(
            long generationId,
            RgbImage image,
            GenerationRequest request,
            List<String> adjustments,
            Timings timings,
            ModelIdentity model,
            EngineEnvironment environment,
            boolean fromCache,
            double lookupMillis) {}

    private final ProjectStore store;
    private final GenerationService generation;
    private final ModelRegistry registry;
    private final Path defaultModel;

    Project(ProjectStore store, GenerationService generation, ModelRegistry registry, Path defaultModel) {
        this.store = store;
        this.generation = generation;
        this.registry = registry;
        this.defaultModel = defaultModel;
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

    /**
     * Runs {@code request} on the model in {@code modelDir} and records it, or returns the stored image
     * when the same request already ran on the same model in the same environment.
     *
     * @param parentId the generation this one continues from (history is a tree), or null
     * @param appAdjustments automatic changes the caller already made to the request, in words
     */
    public Outcome generate(Path modelDir, GenerationRequest request, Long parentId, List<String> appAdjustments,
            ProgressListener listener, CancellationToken cancel) throws EngineException, StoreException {
        if (parentId != null) {
            synchronized (this) {
                store.requireGeneration(parentId); // a missing parent is said before the model runs, not after
            }
        }
        ModelInfo info = generation.models().inspect(modelDir);
        String key = Provenance.cacheKey(request, info.identity(), info.environment());
        long t0 = System.nanoTime();
        synchronized (this) {
            Optional<Long> cached = store.findByCacheKey(key);
            if (cached.isPresent()) {
                GenerationRecord rec = store.load(cached.get());
                double ms = (System.nanoTime() - t0) / 1e6;
                auditQuietly(AuditEntry.CACHE_HIT, rec.id(), "answered from the project cache");
                return new Outcome(rec.id(), rec.output(), rec.request(), rec.adjustments(), rec.timings(),
                        rec.model(), rec.environment(), true, ms);
            }
        }
        // the model runs without holding the project, so the studio can browse history meanwhile
        GenerationService.Result r = generation.generate(modelDir, request, listener, cancel);
        List<String> adjustments = new ArrayList<>(appAdjustments);
        adjustments.addAll(r.adjustments());
        // filed under what actually ran (the options may have changed since the lookup, a GPU may have fallen back)
        String ranKey = Provenance.cacheKey(request, r.model(), r.environment());
        long id;
        try {
            synchronized (this) {
                id = store.record(new NewGeneration(request, r.model(), r.environment(), adjustments, r.timings(),
                        parentId, r.image(), ranKey));
            }
        } catch (StoreException e) {
            // the image exists: hand it back with the failure, so that the caller can still save it elsewhere
            throw new NotRecordedException(e, new Outcome(0, r.image(), request, List.copyOf(adjustments),
                    r.timings(), r.model(), r.environment(), false, 0));
        }
        registry.remember(r.model(), modelDir);
        return new Outcome(id, r.image(), request, List.copyOf(adjustments), r.timings(), r.model(), r.environment(),
                false, 0);
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

    /** The PNG of a generation, with its exact request, inputs, model and engine embedded. */
    public synchronized byte[] exportPng(long id) throws StoreException {
        GenerationRecord rec = store.load(id);
        return SeedframePng.encode(rec.output(), rec.request(), rec.model(), rec.environment(), rec.adjustments(), id);
    }

    /** Writes a generation's PNG to {@code out} atomically and records the export. */
    public void export(long id, Path out) throws StoreException, IOException {
        byte[] png = exportPng(id);
        ImageFiles.writeAtomically(out, png);
        auditQuietly(AuditEntry.EXPORT, id, out.toAbsolutePath().toString());
    }

    /** An imported PNG, recorded in the project. */
    public record ImportResult(long generationId, SeedframePng.Imported imported) {}

    /**
     * Imports a PNG written by Seedframe (its exact request) or another tool (its {@code parameters} text)
     * as a new generation whose image is the PNG's pixels. It is kept out of the cache: replaying it is
     * how its claim is checked.
     */
    public ImportResult importPng(Path png) throws StoreException, ImageFormatException, IOException,
            InvalidRequestException {
        String name = png.getFileName().toString();
        SeedframePng.Imported imp = readImport(png, new RequestJson.ImageResolver() {
            @Override
            public RgbImage image(String sha256) throws StoreException {
                return store.image(sha256);
            }

            @Override
            public dev.seedframe.domain.Mask mask(String sha256) throws StoreException {
                return store.mask(sha256);
            }
        });
        List<String> adjustments = new ArrayList<>();
        adjustments.add("imported from " + name + (imp.exact() ? " (Seedframe data)" : " (parameters text)"));
        adjustments.addAll(imp.notes());
        ModelIdentity model = imp.model() != null ? imp.model() : new ModelIdentity("unknown", "unknown", List.of());
        EngineEnvironment env = imp.environment() != null ? imp.environment()
                : new EngineEnvironment("unknown", "unknown", "unknown", "unknown", "unknown", "unknown", "unknown",
                        "unknown");
        long id = store.record(new NewGeneration(imp.request(), model, env, adjustments, new Timings(0, 0, 0, 0), null,
                imp.image(), null));
        // whether the PNG was as exported, kept in the audit trail: verify names a PNG edited before its import
        auditQuietly(AuditEntry.IMPORT, id, "from " + name + ": "
                + (imp.integrity() == null ? "it carries no export record to check" : imp.integrity()));
        return new ImportResult(id, imp);
    }

    /**
     * Reads a PNG's generation and holds its request to the limits every generation keeps ({@link
     * RequestLimits}), as {@code generate} does: a request that could never run is refused, not recorded.
     *
     * @param resolver input images the PNG does not embed (from the project it goes into), or null
     */
    static SeedframePng.Imported readImport(Path png, RequestJson.ImageResolver resolver)
            throws StoreException, ImageFormatException, IOException, InvalidRequestException {
        byte[] bytes = dev.seedframe.imaging.ImageFiles.readBounded(png);
        SeedframePng.Imported imp = SeedframePng.decode(bytes, png.getFileName().toString(), resolver);
        String problem = RequestLimits.firstProblem(imp.request());
        if (problem != null) {
            throw new InvalidRequestException(png.getFileName() + " holds a request that cannot run: " + problem);
        }
        return imp;
    }

    /**
     * Regenerates a stored generation from its record and compares the pixels.
     *
     * @param modelDir the model folder, or null to use the one last seen with the recorded identity (or
     *     the embedded default when it is that model)
     */
    public ReplayReport replay(long id, Path modelDir, ProgressListener listener, CancellationToken cancel)
            throws EngineException, StoreException {
        GenerationRecord rec = store.load(id);
        Path dir = modelDir != null ? modelDir : locateModel(rec);
        GenerationService.Result r = generation.generate(dir, rec.request(), listener, cancel);
        List<String> differences = new ArrayList<>(Provenance.modelDifferences(rec.model(), r.model()));
        differences.addAll(Provenance.environmentDifferences(rec.environment(), r.environment()));
        int maxDiff = ImageCompare.maxDiff(rec.output(), r.image());
        double psnr = ImageCompare.psnr(rec.output(), r.image());
        ReplayReport.Verdict verdict = rec.output().equals(r.image()) ? ReplayReport.Verdict.IDENTICAL
                : psnr >= ReplayReport.VISUALLY_IDENTICAL_DB ? ReplayReport.Verdict.VISUALLY_IDENTICAL
                : ReplayReport.Verdict.DRIFTED;
        ReplayReport report = new ReplayReport(id, verdict, psnr, maxDiff, differences);
        auditQuietly(AuditEntry.REPLAY, id, report.describe());
        return report;
    }

    private Path locateModel(GenerationRecord rec) throws EngineException {
        Optional<Path> known = registry.find(rec.model());
        if (known.isPresent()) {
            return known.get();
        }
        if (defaultModel != null && java.nio.file.Files.isDirectory(defaultModel)) {
            ModelInfo info = generation.models().inspect(defaultModel);
            if (Provenance.modelDifferences(rec.model(), info.identity()).isEmpty()) {
                return defaultModel;
            }
        }
        throw new ModelNotFoundException("The model of generation #" + rec.id() + " (" + rec.model().displayName()
                + ", id " + rec.model().shortId() + ") is not known on this machine; pass its folder with --model");
    }

    /**
     * The model ran but the project could not record the result (full disk, file turned read-only...): the
     * image travels with the failure so that it is not lost.
     */
    public static final class NotRecordedException extends StoreException {
        private final transient Outcome unrecorded;

        NotRecordedException(StoreException cause, Outcome unrecorded) {
            super("The image was made but the project could not record it: " + cause.getMessage(), cause);
            this.unrecorded = unrecorded;
        }

        /** The generation as it ran, with generation id 0 (it has none). */
        public Outcome unrecorded() {
            return unrecorded;
        }
    }

    /**
     * An audit line for something already done (an export written, a replay compared, a cached answer
     * given): when the project cannot take it (a full disk), the work still stands and the line is logged.
     */
    private void auditQuietly(String action, long id, String detail) {
        try {
            synchronized (this) {
                store.audit(store.actor(), action, id, detail);
            }
        } catch (StoreException e) {
            LOG.warn("could not add '{}' for #{} to the audit trail of {}: {}", action, id, path(), e.getMessage());
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Project.class);

    /** The model a stored generation needs is not known on this machine. */
    public static final class ModelNotFoundException extends EngineException {
        public ModelNotFoundException(String message) {
            super(message);
        }
    }

    @Override
    public synchronized void close() {
        store.close();
    }
}
