package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Histories;
import dev.seedframe.domain.ImportedFile;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.service.EngineStatus;
import dev.seedframe.service.Failure;
import dev.seedframe.service.Generation;
import dev.seedframe.service.ImportedPictures;
import dev.seedframe.service.LayerStacks;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.service.MachineSummary;
import dev.seedframe.service.ModelChoice;
import dev.seedframe.service.ModelSummary;
import dev.seedframe.service.ProgressListener;
import dev.seedframe.service.ReplayReport;
import dev.seedframe.service.StudioEngine;
import dev.seedframe.service.StudioHistory;
import dev.seedframe.service.StudioMasks;
import dev.seedframe.service.StudioModels;
import dev.seedframe.service.StudioPictures;
import dev.seedframe.service.StudioMemory;
import dev.seedframe.service.StudioProjects;
import dev.seedframe.service.StudioRuns;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A test double of the studio's eight ports, in memory: projects are maps of records, a "generation" is a solid
 * image coloured by its seed, made at once; mask "files" are a map of masks, an import's transparency another. It
 * records which thread called each read, so tests can check that project reads stay off the UI thread. Only for the
 * view-model unit tests.
 */
final class FakeStudio implements StudioModels, StudioRuns, StudioHistory, StudioProjects, StudioEngine,
        StudioMasks, StudioPictures, StudioMemory, AutoCloseable {

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
    public ModelSummary inspectModel(ModelChoice model) throws Failure {
        Path dir = model.folder();
        calls.add("inspect " + (model.hasSingleFiles() ? model.describe() : dir));
        failIfAsked();
        Set<PipelineKind> kinds = EDIT_MODEL.equals(dir) ? Set.of(PipelineKind.EDIT)
                : Set.of(PipelineKind.TEXT_TO_IMAGE, PipelineKind.IMAGE_TO_IMAGE, PipelineKind.INPAINT,
                        PipelineKind.OUTPAINT);
        return new ModelSummary(model, model.name(dir != null ? dir.getFileName().toString() : null), "abc", kinds,
                8, 128, true, 4096);
    }

    // ------------------------------------------------------------------ runs

    @Override
    public Generation generate(ModelChoice model, GenerationRequest request, Long parentId, ProgressListener listener,
            CancellationToken cancel) throws Failure {
        calls.add("generate seed " + request.seed() + " parent " + parentId);
        failIfAsked();
        listener.stage(ProgressListener.Stage.GENERATING, null);
        listener.step(1, 2, 1000, () -> imageFor(0, request.width(), request.height()));
        if (cancel.isCancelled()) {
            throw new Failure(Failure.Kind.CANCELLED, "Cancelled after 1 of 2 steps", null);
        }
        GenerationRecord rec = add(request, parentId);
        if (request.kind() == PipelineKind.INPAINT || request.kind() == PipelineKind.IMAGE_TO_IMAGE
                || request.kind() == PipelineKind.EDIT) {
            addLayer(rec.id()); // the service records an edit's layer with it
        }
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

    /** Adds a whole-image layer for an edit, as the service records one with the edit. */
    long addLayer(long generationId) {
        calls.add("addLayer " + generationId);
        long id = project().layers.size() + 1;
        project().layers.add(new Layer(id, (int) id - 1, generationId, project().records.get(generationId)
                .outputSha256(), true, 1.0));
        return id;
    }

    @Override
    public LayerStacks.Stack layerStack(long id, Set<Long> deleted) throws Failure {
        read("layerStack " + id);
        Map<Long, GenerationSummary> byId = new LinkedHashMap<>();
        Histories.withoutDeleted(history(), deleted).forEach(s -> byId.put(s.id(), s));
        GenerationSummary cur = byId.get(id);
        if (cur == null) {
            throw new Failure(Failure.Kind.PROJECT, "no generation " + id, null, true);
        }
        List<LayerStacks.Entry> entries = new ArrayList<>();
        while (true) {
            long at = cur.id();
            Layer l = project().layers.stream().filter(x -> x.generationId() != null && x.generationId() == at
                    && !deleted.contains(at)).findFirst().orElse(null);
            GenerationSummary parent = cur.parentId() == null ? null : byId.get(cur.parentId());
            if (l == null || parent == null || parent.width() != cur.width() || parent.height() != cur.height()) {
                break;
            }
            entries.add(0, new LayerStacks.Entry(l, cur, LayerPixels.opaque(project().records.get(at).output())));
            cur = parent;
        }
        return new LayerStacks.Stack(id, cur, project().records.get(cur.id()).output(), entries);
    }

    @Override
    public void setLayerVisible(long layerId, boolean visible) {
        calls.add("setLayerVisible " + layerId + " " + visible);
        Layer l = project().layers.get((int) layerId - 1);
        project().layers.set((int) layerId - 1, new Layer(l.id(), l.position(), l.generationId(), l.imageSha256(),
                visible, l.opacity()));
    }

    @Override
    public void setLayerOpacity(long layerId, double opacity) {
        calls.add("setLayerOpacity " + layerId + " " + opacity);
        Layer l = project().layers.get((int) layerId - 1);
        project().layers.set((int) layerId - 1, new Layer(l.id(), l.position(), l.generationId(), l.imageSha256(),
                l.visible(), opacity));
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

    // ------------------------------------------------------------------ pictures in and out

    /** An imported picture: a solid image; a name ending in ".settings.png" offers settings, "bad" is refused. */
    @Override
    public ImportedPictures.Result importFile(Path file) throws Failure {
        calls.add("importFile " + file);
        return importBytes(new byte[] {1, 2, 3}, file.getFileName().toString());
    }

    @Override
    public ImportedPictures.Result importBytes(byte[] bytes, String name) throws Failure {
        read("importBytes " + name + " " + bytes.length);
        failIfAsked();
        if (name.startsWith("bad")) {
            throw new Failure(Failure.Kind.INVALID_INPUT, name + " is not an image Seedframe can read", null);
        }
        GenerationRequest r = GenerationRequest.builder(PipelineKind.IMPORT).prompt("").size(40, 30).build();
        RgbImage img = RgbImage.filled(40, 30, 10, 200, 30);
        long id = project().nextId++;
        project().records.put(id, new GenerationRecord(id, null, Instant.EPOCH, "test", r, IDENTITY, ENV, List.of(),
                new Timings(0, 0, 0, 0), img.sha256(), img, false, null));
        Optional<SeedframePng.Imported> settings = name.endsWith(".settings.png")
                ? Optional.of(new SeedframePng.Imported(t2i("from the png", 77, 64, 48), img, IDENTITY, ENV, List.of(),
                        true, dev.seedframe.domain.AuditEntry.IMPORT_INTACT, List.of()))
                : Optional.empty();
        return new ImportedPictures.Result(id, img, null, List.of(Note.of(NoteCode.IMPORT_GRAY_TO_RGB)),
                ImportedFile.of(name, "png", bytes), settings);
    }

    @Override
    public ImportedPictures.Result importAddress(String address) throws Failure {
        calls.add("importAddress " + address);
        if (address.startsWith("http://offline")) {
            throw new Failure(Failure.Kind.FILE, "the picture at " + address + " could not be fetched", null);
        }
        return importBytes(new byte[] {4}, address.substring(address.lastIndexOf('/') + 1));
    }

    @Override
    public void exportFlattened(long id, Set<Long> deleted, Path out) throws Failure {
        calls.add("exportFlattened " + id + " " + deleted + " " + out);
        failIfAsked();
    }

    @Override
    public void exportOpenRaster(long id, Set<Long> deleted, Path out) throws Failure {
        calls.add("exportOpenRaster " + id + " " + deleted + " " + out);
        failIfAsked();
    }

    @Override
    public List<Path> exportMany(List<Long> ids, Path dir, boolean withMetadata, boolean overwrite) throws Failure {
        calls.add("exportMany " + ids + " " + dir + " " + withMetadata);
        failIfAsked();
        return ids.stream().map(i -> dir.resolve(i + ".png")).toList();
    }

    @Override
    public Path temporaryPng(long id, RgbImage shown) throws Failure {
        calls.add("temporaryPng " + id + " " + shown.width() + "x" + shown.height());
        failIfAsked();
        return Path.of("tmp", id + ".png");
    }

    // ------------------------------------------------------------------ preferences

    final Map<String, String> preferences = new LinkedHashMap<>();

    @Override
    public Optional<Locale> language() {
        return Optional.ofNullable(preferences.get("language")).map(Locale::forLanguageTag);
    }

    @Override
    public void saveLanguage(Locale language) {
        preferences.put("language", language.toLanguageTag());
    }

    @Override
    public Optional<Path> folder(Folder which) {
        return Optional.ofNullable(preferences.get(which.name())).map(Path::of);
    }

    @Override
    public void saveFolder(Folder which, Path folder) {
        preferences.put(which.name(), folder.toString());
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
