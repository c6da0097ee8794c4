package dev.seedframe.service.usecase;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.ModelSource;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.LoraInfo;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.service.Generation;
import dev.seedframe.service.GenerationService;
import dev.seedframe.service.ImageCompare;
import dev.seedframe.service.ImportedPictures;
import dev.seedframe.service.LoraFiles;
import dev.seedframe.service.ModelRegistry;
import dev.seedframe.service.ModelSources;
import dev.seedframe.service.ProgressListener;
import dev.seedframe.service.Project;
import dev.seedframe.service.Provenance;
import dev.seedframe.service.ReplayReport;
import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Replaying recorded generations: each is regenerated from its record with the engine options in force now and
 * its pixels compared with the stored image (identical, visually identical, or drifted with what differs). A
 * replay records an audit entry, never a new generation.
 */
public final class Replay {

    /**
     * One generation's outcome in a run over several.
     *
     * @param id the generation
     * @param report what the replay showed, or null when it could not be replayed
     * @param failure why it could not be replayed, or null
     */
    public record Replayed(long id, ReplayReport report, String failure, List<String> edits) {

        public Replayed(long id, ReplayReport report, String failure) {
            this(id, report, failure, List.of());
        }

        /**
         * A generation whose record was changed after Seedframe wrote it ({@code edits} say how): not replayed, since
         * replaying the edit would blame the engine for it.
         */
        public static Replayed edited(long id, List<String> edits) {
            return new Replayed(id, null, null, List.copyOf(edits));
        }

        public boolean identical() {
            return report != null && report.verdict() == ReplayReport.Verdict.IDENTICAL;
        }

        /** One line for people. */
        public String describe() {
            return report != null ? report.describe()
                    : !edits.isEmpty() ? "#" + id + ": the record was changed after Seedframe wrote it: "
                            + String.join("; ", edits) + " (not replayed)"
                    : "#" + id + ": cannot be replayed: " + failure;
        }
    }

    private final GenerationService runner;
    private final ModelRegistry registry;
    private final Path defaultModel;
    private final LoraFiles loras;

    public Replay(GenerationService runner, ModelRegistry registry, Path defaultModel) {
        this(runner, registry, defaultModel, new LoraFiles(runner.models(), registry));
    }

    /** @param loras where recorded LoRA files are looked for (the same LoRA folders the studio lists) */
    public Replay(GenerationService runner, ModelRegistry registry, Path defaultModel, LoraFiles loras) {
        this.runner = runner;
        this.registry = registry;
        this.defaultModel = defaultModel;
        this.loras = loras;
    }

    /**
     * Regenerates generation {@code id} and compares the pixels.
     *
     * @param modelDir the model folder, or null to use the one last seen with the recorded identity (or the
     *     embedded default when it is that model). The single files a generation recorded replace the folder's
     *     components either way; its LoRA files are found by path, else by SHA-256 ({@link LoraFiles}).
     * @throws LoraFiles.LoraNotFoundException when a recorded LoRA file is nowhere here, naming it
     */
    public ReplayReport one(Project project, long id, Path modelDir, ProgressListener listener,
            CancellationToken cancel) throws EngineException, StoreException {
        GenerationRecord rec = project.load(id);
        if (rec.request().kind() == PipelineKind.IMPORT) {
            // no model made it: the imported file decodes again to the recorded pixels, or the report says why not
            ReplayReport report = ImportedPictures.replay(rec, project.importRecord(id).orElseThrow(
                    () -> new DamagedProjectException("Node #" + id + " in " + project.path()
                            + " is an import without its file")));
            project.auditQuietly(AuditEntry.REPLAY, id, report.describe());
            return report;
        }
        ModelFiles files = modelDir != null ? filesIn(rec, modelDir) : locateModel(rec);
        GenerationRequest request = loras.locate(id, rec.request(), rec.model());
        Generation r = runner.generate(files, request, listener, cancel);
        Path dir = files.folder();
        List<String> differences = new ArrayList<>(Provenance.modelDifferences(rec.model(),
                withRecordedLoraNames(r.model(), rec.model())));
        for (int i = 0; i < request.loras().size(); i++) {
            LoraSpec was = rec.request().loras().get(i);
            String now = request.loras().get(i).path();
            if (!now.equals(was.path())) {
                differences.add("the LoRA " + was.fileName() + " was found by its SHA-256 at " + now);
            }
        }
        differences.addAll(Provenance.environmentDifferences(rec.environment(), r.environment()));
        int maxDiff = ImageCompare.maxDiff(rec.output(), r.image());
        double psnr = ImageCompare.psnr(rec.output(), r.image());
        ReplayReport.Verdict verdict = rec.output().equals(r.image()) ? ReplayReport.Verdict.IDENTICAL
                : psnr >= ReplayReport.VISUALLY_IDENTICAL_DB ? ReplayReport.Verdict.VISUALLY_IDENTICAL
                : ReplayReport.Verdict.DRIFTED;
        ReplayReport report = new ReplayReport(id, verdict, psnr, maxDiff, differences, dir);
        project.auditQuietly(AuditEntry.REPLAY, id, report.describe());
        return report;
    }

    /**
     * Replays {@code ids} in order, handing each outcome to {@code each} as it comes.
     *
     * @param keepGoing a record that cannot be read or run as recorded is reported and the others still replay;
     *     without it the first such record ends the run with its exception
     * @return how many did not replay identically (failures included)
     */
    public int many(Project project, List<Long> ids, Path modelDir, boolean keepGoing, Consumer<Replayed> each)
            throws EngineException, StoreException {
        int notIdentical = 0;
        for (long id : ids) {
            Replayed r;
            try {
                r = new Replayed(id, one(project, id, modelDir, ProgressListener.NONE, new CancellationToken()), null);
            } catch (StoreException | InvalidRequestException | LoraFiles.LoraNotFoundException e) {
                if (!keepGoing) {
                    throw e;
                }
                r = new Replayed(id, null, e.getMessage());
            }
            each.accept(r);
            if (!r.identical()) {
                notIdentical++;
            }
        }
        return notIdentical;
    }

    /** {@code dir} with the single files {@code rec} recorded replacing its components. */
    private static ModelFiles filesIn(GenerationRecord rec, Path dir) {
        ModelSource source = rec.modelSource();
        return source == null ? ModelFiles.folder(dir) : ModelSources.files(source, dir);
    }

    private ModelFiles locateModel(GenerationRecord rec) throws EngineException {
        ModelSource source = rec.modelSource();
        if (source != null && source.files() != null) {
            requireSingleFiles(rec, source.files());
            if (source.folder() == null) {
                return ModelSources.files(source, null);
            }
        }
        Optional<Path> known = registry.find(rec.model());
        if (known.isPresent()) {
            return filesIn(rec, known.get());
        }
        // where it was loaded from, else its Hub snapshot at the same commit in a known cache: the one whose
        // identity matches, else the recorded folder itself (the replay then names what changed)
        List<Path> candidates = registry.candidates(source);
        for (Path candidate : candidates) {
            if (sameModel(rec, filesIn(rec, candidate))) {
                return filesIn(rec, candidate);
            }
        }
        if (!candidates.isEmpty()) {
            return filesIn(rec, candidates.get(0));
        }
        if (defaultModel != null && Files.isDirectory(defaultModel) && sameModel(rec, filesIn(rec, defaultModel))) {
            return filesIn(rec, defaultModel);
        }
        String where = source == null ? "; pass its folder with --model"
                : source.isHub() ? ". It came from " + source.describe() + ", which is in no Hugging Face cache here:"
                        + " `seedframe download " + source.repoId() + " --revision " + source.commit() + "` fetches it"
                        + " (or pass its folder with --model)"
                : ". It was loaded from " + source.folder() + ", which is gone; pass its folder with --model";
        throw new ModelNotFoundException("The model of generation #" + rec.id() + " (" + rec.model().displayName()
                + ", id " + rec.model().shortId() + ") is not known on this machine" + where);
    }

    /** Every single file the generation recorded must still be where it was: else it is named. */
    private static void requireSingleFiles(GenerationRecord rec, ModelSource.SingleFiles files)
            throws ModelNotFoundException {
        List<String> missing = new ArrayList<>();
        for (String[] f : new String[][] {{"transformer", files.transformer()}, {"text encoder", files.textEncoder()},
                {"VAE", files.vae()}}) {
            if (f[1] != null && !Files.isRegularFile(Path.of(f[1]))) {
                missing.add("the " + f[0] + " file " + f[1]);
            }
        }
        if (files.configs() != null && !Files.isDirectory(Path.of(files.configs()))) {
            missing.add("the configs folder " + files.configs());
        }
        if (!missing.isEmpty()) {
            throw new ModelNotFoundException("The model of generation #" + rec.id() + " (" + rec.model().displayName()
                    + ") was loaded from single files, and " + String.join(", ", missing) + (missing.size() == 1
                            ? " is" : " are") + " gone; put " + (missing.size() == 1 ? "it" : "them") + " back");
        }
    }

    /** Whether {@code files} hold the recorded model (its adapters aside: the LoRA files are found on their own). */
    private boolean sameModel(GenerationRecord rec, ModelFiles files) {
        try {
            ModelInfo info = runner.models().inspect(files);
            return Provenance.modelDifferences(withoutLoras(rec.model()), info.identity()).isEmpty();
        } catch (EngineException e) {
            return false; // not a model (any more): not this one
        }
    }

    /**
     * {@code now} with its adapter components named as {@code recorded}'s, position for position: a LoRA found under
     * another file name (by its SHA-256) is the same adapter, and its hash, weight and method are still compared.
     */
    private static ModelIdentity withRecordedLoraNames(ModelIdentity now, ModelIdentity recorded) {
        List<String> names = recorded.components().stream().map(ComponentIdentity::name)
                .filter(n -> n.startsWith(LoraInfo.IDENTITY_PREFIX)).toList();
        List<ComponentIdentity> out = new ArrayList<>();
        int i = 0;
        long count = now.components().stream().filter(c -> c.name().startsWith(LoraInfo.IDENTITY_PREFIX)).count();
        for (ComponentIdentity c : now.components()) {
            if (c.name().startsWith(LoraInfo.IDENTITY_PREFIX) && count == names.size()) {
                out.add(new ComponentIdentity(names.get(i++), c.className(), c.configSha256(), c.weightsFingerprint(),
                        c.source()));
            } else {
                out.add(c);
            }
        }
        return new ModelIdentity(now.displayName(), now.pipelineClass(), out);
    }

    private static ModelIdentity withoutLoras(ModelIdentity m) {
        return new ModelIdentity(m.displayName(), m.pipelineClass(), m.components().stream()
                .filter(c -> !c.name().startsWith(LoraInfo.IDENTITY_PREFIX)).toList());
    }

    /** The model a stored generation needs is not known on this machine. */
    public static final class ModelNotFoundException extends EngineException {
        public ModelNotFoundException(String message) {
            super(message);
        }
    }
}
