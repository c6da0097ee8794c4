package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.service.EngineStatus;
import dev.seedframe.service.Failure;
import dev.seedframe.service.Generation;
import dev.seedframe.service.MachineSummary;
import dev.seedframe.service.ModelSummary;
import dev.seedframe.service.ProgressListener;
import dev.seedframe.service.ReplayReport;
import dev.seedframe.service.StudioEngine;
import dev.seedframe.service.StudioHistory;
import dev.seedframe.service.StudioMasks;
import dev.seedframe.service.StudioModels;
import dev.seedframe.service.StudioProjects;
import dev.seedframe.service.StudioRuns;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A test double of the studio's six ports, in memory: projects are maps of records, a "generation" is a solid
 * image coloured by its seed, made at once; mask "files" are a map of masks, an import's transparency another. It records which thread called each read, so tests can check that
 * project reads stay off the UI thread. Only for the view-model unit tests.
 */
final class FakeStudio implements StudioModels, StudioRuns, StudioHistory, StudioProjects, StudioEngine,
        StudioMasks, AutoCloseable {

    static final Path MODEL = Path.of("models", "fake");
    static final Path EDIT_MODEL = Path.of("models", "fake-edit");
    static final ModelIdentity IDENTITY = new ModelIdentity("fake", "QwenImagePipeline",
            List.of(new ComponentIdentity("transformer", "T", "c", "w")));
    static final EngineEnvironment ENV = new EngineEnvironment("test", "0", "0", "cpu", "float32", "n", "a", "p");

    /** One fake project file. */
    static final class Project {
        final Map<Long, GenerationRecord> records = new LinkedHashMap<>();
        final List<Layer> layers = new ArrayList<>();
        long nextId = 1;
    }

    final Map<Path, Project> files = new LinkedHashMap<>();
    Path open;
    final List<String> calls = new ArrayList<>();
    /** Names of the threads the project reads ran on. */
    final List<String> readThreads = new ArrayList<>();
    EngineChoice choice = new EngineChoice("cpu", "resident", "f32");
    boolean gpuFallsBack = true;
    Failure nextFailure;
    List<Note> notes = List.of();
    /** Mask files by path (what {@link #readMask} reads and {@link #writeMask} writes). */
    final Map<Path, Mask> maskFiles = new LinkedHashMap<>();
    /** The transparency masks of nodes that are imports with an alpha channel. */
    final Map<Long, Mask> alphas = new LinkedHashMap<>();

    FakeStudio() {
        files.put(Path.of("first.seedframe"), new Project());
        open = Path.of("first.seedframe");
    }

    Project project() {
        return files.get(open);
    }

    static RgbImage imageFor(long seed, int w, int h) {
        return RgbImage.filled(w, h, (int) (seed * 37 % 256), (int) (seed * 11 % 256), 90);
    }

    /** Records a generation in the open project, as the service would. */
    GenerationRecord add(GenerationRequest r, Long parent) {
        Project p = project();
        long id = p.nextId++;
        RgbImage out = imageFor(r.seed() + id, r.width(), r.height());
        GenerationRecord rec = new GenerationRecord(id, parent, Instant.EPOCH, "test", r, IDENTITY, ENV, notes,
                new Timings(1, 2, 3, 6), out.sha256(), out, false, null);
        p.records.put(id, rec);
        return rec;
    }

    static GenerationRequest t2i(String prompt, long seed, int w, int h) {
        return GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt(prompt).seed(seed).steps(4).size(w, h)
                .build();
    }

    private void failIfAsked() throws Failure {
        Failure f = nextFailure;
        if (f != null) {
            nextFailure = null;
            throw f;
        }
    }

    private void read(String call) {
        calls.add(call);
        readThreads.add(Thread.currentThread().getName());
    }

    // ------------------------------------------------------------------ models

    @Override
    public Path defaultModel() {
        return MODEL;
    }

    @Override
    public ModelSummary inspectModel(Path dir) throws Failure {
        calls.add("inspect " + dir);
        failIfAsked();
        Set<PipelineKind> kinds = dir.equals(EDIT_MODEL) ? Set.of(PipelineKind.EDIT)
                : Set.of(PipelineKind.TEXT_TO_IMAGE, PipelineKind.IMAGE_TO_IMAGE, PipelineKind.INPAINT,
                        PipelineKind.OUTPAINT);
        return new ModelSummary(dir, dir.getFileName().toString(), "abc", kinds, 8, 128, true, 4096);
    }

    // ------------------------------------------------------------------ runs

    @Override
    public Generation generate(Path modelDir, GenerationRequest request, Long parentId, ProgressListener listener,
            CancellationToken cancel) throws Failure {
        calls.add("generate seed " + request.seed() + " parent " + parentId);
        failIfAsked();
        listener.stage(ProgressListener.Stage.GENERATING, null);
        listener.step(1, 2, 1000, () -> imageFor(0, request.width(), request.height()));
        if (cancel.isCancelled()) {
            throw new Failure(Failure.Kind.CANCELLED, "Cancelled after 1 of 2 steps", null);
        }
        GenerationRecord rec = add(request, parentId);
        return new Generation(rec.id(), request, RequestJson.write(request), rec.output(), notes, rec.timings(),
                IDENTITY, ENV, null, null, false, 0);
    }

    @Override
    public ReplayReport replay(long id, Path modelDir, ProgressListener listener, CancellationToken cancel)
            throws Failure {
        calls.add("replay " + id);
        failIfAsked();
        return new ReplayReport(id, ReplayReport.Verdict.IDENTICAL, Double.POSITIVE_INFINITY, 0, List.of());
    }

    // ------------------------------------------------------------------ history

    @Override
    public List<GenerationSummary> history() throws Failure {
        read("history");
        failIfAsked();
        return project().records.values().stream().map(r -> new GenerationSummary(r.id(), r.parentId(),
                r.createdAt(), r.request().kind(), r.request().seed(), r.request().prompt(), r.output().width(),
                r.output().height(), r.outputSha256(), r.starred())).toList();
    }

    @Override
    public GenerationRecord load(long id) throws Failure {
        read("load " + id);
        failIfAsked();
        GenerationRecord r = project().records.get(id);
        if (r == null) {
            throw new Failure(Failure.Kind.PROJECT, "no generation " + id, null, true);
        }
        return r;
    }

    @Override
    public RgbImage image(String sha256) throws Failure {
        read("image");
        for (GenerationRecord r : project().records.values()) {
            if (r.outputSha256().equals(sha256)) {
                return r.output();
            }
        }
        throw new Failure(Failure.Kind.PROJECT, "no image " + sha256, null);
    }

    @Override
    public void star(long id, boolean starred) throws Failure {
        calls.add("star " + id + " " + starred);
        GenerationRecord r = project().records.get(id);
        project().records.put(id, new GenerationRecord(r.id(), r.parentId(), r.createdAt(), r.author(), r.request(),
                r.model(), r.environment(), r.adjustments(), r.timings(), r.outputSha256(), r.output(), starred,
                r.cacheKey()));
    }

    @Override
    public void delete(long id) throws Failure {
        calls.add("delete " + id);
        GenerationRecord gone = project().records.remove(id);
        for (GenerationRecord r : List.copyOf(project().records.values())) {
            if (r.parentId() != null && r.parentId() == id) {
                project().records.put(r.id(), new GenerationRecord(r.id(), gone.parentId(), r.createdAt(), r.author(),
                        r.request(), r.model(), r.environment(), r.adjustments(), r.timings(), r.outputSha256(),
                        r.output(), r.starred(), r.cacheKey()));
            }
        }
    }

    @Override
    public List<Layer> layers() {
        read("layers");
        return List.copyOf(project().layers);
    }

    @Override
    public long addLayer(long generationId) {
        calls.add("addLayer " + generationId);
        long id = project().layers.size() + 1;
        project().layers.add(new Layer(id, (int) id - 1, generationId, project().records.get(generationId)
                .outputSha256(), true, 1.0));
        return id;
    }

    @Override
    public void setLayerVisible(long layerId, boolean visible) {
        calls.add("setLayerVisible " + layerId + " " + visible);
        Layer l = project().layers.get((int) layerId - 1);
        project().layers.set((int) layerId - 1, new Layer(l.id(), l.position(), l.generationId(), l.imageSha256(),
                visible, l.opacity()));
    }

    @Override
    public void export(long id, Path out) throws Failure {
        calls.add("export " + id + " " + out);
        failIfAsked();
    }

    // ------------------------------------------------------------------ masks

    @Override
    public Mask readMask(Path file) throws Failure {
        read("readMask " + file);
        failIfAsked();
        Mask m = maskFiles.get(file);
        if (m == null) {
            throw new Failure(Failure.Kind.FILE, "file not found: " + file, null, true);
        }
        return m;
    }

    @Override
    public void writeMask(Mask mask, Path file) throws Failure {
        read("writeMask " + file);
        failIfAsked();
        maskFiles.put(file, mask);
    }

    @Override
    public Optional<Mask> alphaMask(long id) {
        readThreads.add(Thread.currentThread().getName());
        return Optional.ofNullable(alphas.get(id));
    }

    // ------------------------------------------------------------------ projects

    @Override
    public Optional<String> openStartupProject() throws Failure {
        calls.add("openStartupProject");
        failIfAsked();
        return Optional.empty();
    }

    @Override
    public void create(Path file) throws Failure {
        calls.add("create " + file);
        failIfAsked();
        files.put(file, new Project());
        open = file;
    }

    @Override
    public void open(Path file) throws Failure {
        calls.add("open " + file);
        failIfAsked();
        if (!files.containsKey(file)) {
            throw new Failure(Failure.Kind.PROJECT, file + " is not a Seedframe project", null);
        }
        open = file;
    }

    @Override
    public void saveAs(Path target) throws Failure {
        calls.add("saveAs " + target);
        files.put(target, project());
        open = target;
    }

    @Override
    public Path projectPath() {
        return open;
    }

    @Override
    public List<Path> recentProjects() {
        return List.copyOf(files.keySet());
    }

    // ------------------------------------------------------------------ engine

    @Override
    public EngineChoice engineChoice() {
        return choice;
    }

    @Override
    public EngineStatus setEngine(EngineChoice c) throws Failure {
        if (c.memoryMode().equals("int8") && c.precision().equals("bf16")) {
            throw new Failure(Failure.Kind.INVALID_INPUT, "memory mode int8 cannot run with precision bf16", null);
        }
        choice = c;
        return status(c);
    }

    private EngineStatus status(EngineChoice c) {
        boolean gpu = c.device().equals("gpu");
        return new EngineStatus("cpu (2 threads)", "libtorch 2.7.1", c.memoryMode(), false,
                gpu && gpuFallsBack ? "the libtorch in use is a CPU build" : null);
    }

    @Override
    public Optional<EngineStatus> restoreEngine() {
        EngineStatus s = status(choice);
        return s.fellBack() ? Optional.of(s) : Optional.empty();
    }

    @Override
    public MachineSummary machine() throws Failure {
        failIfAsked();
        return new MachineSummary("DJL 0.35.1, libtorch 2.7.1", 2, List.of(), "the CPU", false, List.of());
    }

    @Override
    public void close() {
        calls.add("close");
    }
}
