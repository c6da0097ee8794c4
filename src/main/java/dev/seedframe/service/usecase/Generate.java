package dev.seedframe.service.usecase;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.domain.RequestLimits;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.service.EditLayers;
import dev.seedframe.service.Generation;
import dev.seedframe.service.GenerationService;
import dev.seedframe.service.ModelRegistry;
import dev.seedframe.service.ModelService;
import dev.seedframe.service.ModelSources;
import dev.seedframe.service.NotRecordedException;
import dev.seedframe.service.ProgressListener;
import dev.seedframe.service.PromptRefusedException;
import dev.seedframe.service.PromptScreen;
import dev.seedframe.service.Project;
import dev.seedframe.service.Provenance;
import dev.seedframe.service.Recording;
import dev.seedframe.store.StoreException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Generating and editing (text to image, img2img, inpaint, outpaint, instruction edit: the request says which):
 * the request is serialised once; with a project, an identical request already in it is answered from it, else the
 * model runs and the result is recorded the moment it finishes; an image the project cannot record is saved
 * elsewhere rather than lost.
 */
public final class Generate {

    private final GenerationService runner;
    private final ModelRegistry registry;
    private final PromptScreen screen;

    public Generate(GenerationService runner, ModelRegistry registry, PromptScreen screen) {
        this.runner = runner;
        this.registry = registry;
        this.screen = screen;
    }

    /** {@link #run(ModelFiles, GenerationRequest, Recording, ProgressListener, CancellationToken)} on a folder. */
    public Generation run(Path modelDir, GenerationRequest request, Recording into, ProgressListener listener,
            CancellationToken cancel) throws EngineException, StoreException {
        return run(ModelFiles.folder(modelDir), request, into, listener, cancel);
    }

    /**
     * Runs {@code request} on the model of {@code files} (a folder, with single files replacing some of its
     * components, or single files alone). A request with LoRAs is cached and recorded under the model identity that
     * names them ({@link ModelService#identityWith}); the folders of its LoRA files are remembered, so that a replay
     * finds a moved file by its SHA-256 there.
     *
     * @throws NotRecordedException when the model ran but the project could not record the image (it was saved
     *     to one of the recording's fallback places if any took it)
     * @throws PromptRefusedException when the content filter refuses the prompt: nothing runs, nothing is answered
     *     from the cache, and the refusal goes to the project's audit trail
     */
    public Generation run(ModelFiles files, GenerationRequest request, Recording into, ProgressListener listener,
            CancellationToken cancel) throws EngineException, StoreException {
        // the limits every request keeps whatever the model, before it is written as JSON (a NaN has none) or looked
        // up in the cache; the engine checks them again with its own
        String limit = RequestLimits.firstProblem(request);
        if (limit != null) {
            throw new InvalidRequestException(limit);
        }
        Project project = into.project();
        try {
            screen.check(request);
        } catch (PromptRefusedException e) {
            if (project != null) {
                project.auditRefusal(request, e);
            }
            throw e;
        }
        String json = RequestJson.write(request);
        if (project == null) {
            Generation g = runner.generate(files, request, json, listener, cancel);
            registry.rememberLoras(request.loras());
            return g;
        }
        if (into.parentId() != null) {
            project.requireGeneration(into.parentId()); // a missing parent is said before the model runs, not after
        }
        ModelInfo info = runner.models().inspect(files);
        ModelIdentity identity = runner.models().identityWith(info.identity(), request.loras());
        long t0 = System.nanoTime();
        Optional<GenerationRecord> cached = project.cached(Provenance.cacheKey(json, identity, info.environment()));
        if (cached.isPresent()) {
            double ms = (System.nanoTime() - t0) / 1e6;
            project.auditQuietly(AuditEntry.CACHE_HIT, cached.get().id(), "answered from the project cache");
            return Generation.recorded(cached.get(), json, true, ms);
        }
        // the model runs without holding the project, so the studio can browse history meanwhile
        Generation g = runner.generate(files, request, json, listener, cancel);
        // filed under what actually ran (the options may have changed since the lookup, a GPU may have fallen back)
        String ranKey = Provenance.cacheKey(json, g.model(), g.environment());
        long id;
        try {
            id = project.record(new NewGeneration(request, g.model(), g.environment(), g.notes(), g.timings(),
                    into.parentId(), g.image(), ranKey, json, ModelSources.of(files)),
                    EditLayers.layerOf(request, g.image(), g.changed()));
        } catch (StoreException e) {
            throw new NotRecordedException(e, g, UnrecordedImages.save(g, into.unrecordedTargets()));
        }
        if (files.plainFolder()) {
            registry.remember(g.model(), files.folder()); // single files are found again through the model source
        }
        registry.rememberLoras(request.loras());
        return g.withId(id);
    }
}
