package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelSource;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.RuntimeReport;
import dev.seedframe.service.usecase.UnrecordedImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The studio's one door to the application: the open project, the models, the engine settings, recent projects.
 * It calls the same use cases as the command line ({@link UseCases}) and hands every failure out as a {@link
 * Failure} sorted by {@link Failure#of}, so the window never sees engine or store exceptions. Project methods may
 * be called from any thread while a generation runs on another.
 */
public final class Studio implements StudioModels, StudioRuns, StudioHistory, StudioProjects, StudioEngine,
        StudioMasks, StudioPreferences, StudioLoras, AutoCloseable {

    /** The name of the project created when there is none yet. */
    public static final String DEFAULT_PROJECT_NAME = "My images.seedframe";

    private final UseCases app;
    private final RecentProjects recent;
    private final SavedEngineChoice saved;
    private final StudioPictures pictures = new StudioLibrary(this);
    private final StudioMemory memory;
    private final StudioModelLibrary library;
    private final StudioGpu gpu;
    private volatile Project project;
    private volatile Path requestedProject;

    /** With the environment's Hugging Face caches and no GPU offer. */
    public Studio(UseCases app, RecentProjects recent) {
        this(app, recent, null, StudioGpu.NONE);
    }

    /**
     * @param library the model picker's models and downloads; null for the environment's Hub caches and the
     *     folders remembered beside {@code recent}
     * @param gpu the first-run GPU offer and set-up
     */
    public Studio(UseCases app, RecentProjects recent, StudioModelLibrary library, StudioGpu gpu) {
        this.app = app;
        this.recent = recent;
        this.saved = new SavedEngineChoice(preferenceStore());
        this.memory = new StudioSettings(recent.sibling("studio.properties"), preferenceStore());
        this.library = library != null ? library
                : ModelLibrary.of(System.getenv(), recent, preferenceStore(), app.models());
        this.gpu = gpu;
        // the folders the person adds in the LoRA panel are LoRA folders for every search, not only the panel's list
        app.loraFiles().addedFolders(() -> preferences().preferences().loraFolders());
    }

    /** Getting pictures into and out of the open project. */
    public StudioPictures pictures() {
        return pictures;
    }

    /** The language (the preferences' own) and the folders remembered for the next session. */
    public StudioMemory memory() {
        return memory;
    }

    /** The model picker's door. */
    public StudioModelLibrary modelLibrary() {
        return library;
    }

    /** The GPU offer's door. */
    public StudioGpu gpu() {
        return gpu;
    }

    /** The person's preferences, kept beside the recent-projects list. */
    private PreferencesStore preferenceStore() {
        return new PreferencesStore(recent.sibling(PreferencesStore.FILE).getParent());
    }

    /** The person's preferences as saved (defaults for what is missing or unusable, named in the result). */
    @Override
    public PreferencesStore.Loaded preferences() {
        return preferenceStore().load();
    }

    @Override
    public ContentPolicy contentPolicy() {
        return app.promptScreen().policy();
    }

    @Override
    public List<String> defaultTerms(String lang) {
        return ContentFilter.defaultList(lang);
    }

    @Override
    public Path defaultProjectsFolder() {
        return recent.sibling("projects");
    }

    /** Where new projects go: the preferences' folder, else {@link #defaultProjectsFolder()}. */
    @Override
    public Path projectsFolder() {
        Path p = preferences().preferences().projectsFolder();
        return p != null ? p : defaultProjectsFolder();
    }

    /**
     * Saves the person's preferences; the engine settings among them apply to the next generations.
     *
     * @throws Failure naming every invalid value (nothing is saved), or when the file cannot be written
     */
    @Override
    public void savePreferences(Preferences prefs) throws Failure {
        try {
            preferenceStore().save(prefs);
        } catch (IllegalArgumentException e) {
            throw new Failure(Failure.Kind.INVALID_INPUT, e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw Failure.of(e);
        }
    }

    /** A call into the application whose failure is sorted for the window. */
    private interface Call<T> {
        T run() throws Exception;
    }

    interface ProjectCall<T> {
        T run(Project p) throws Exception;
    }

    private interface ProjectChange {
        void run(Project p) throws Exception;
    }

    private static <T> T call(Call<T> c) throws Failure {
        try {
            return c.run();
        } catch (Exception | OutOfMemoryError e) {
            throw Failure.of(e);
        }
    }

    /** {@code c} on the open project. */
    <T> T onProject(ProjectCall<T> c) throws Failure {
        Project p = current();
        return call(() -> c.run(p));
    }

    /** {@code c}, which returns nothing, on the open project. */
    private void change(ProjectChange c) throws Failure {
        onProject(p -> {
            c.run(p);
            return null;
        });
    }

    @Override
    public Path defaultModel() {
        return app.defaultModel();
    }

    /** Where the default project lives: in the preferences' projects folder, else under the user's folder. */
    public Path defaultProjectPath() {
        return projectsFolder().resolve(DEFAULT_PROJECT_NAME);
    }

    // ------------------------------------------------------------------ engine

    @Override
    public EngineChoice engineChoice() {
        EngineOptions o = app.models().options();
        return new EngineChoice(o.device().id(), o.memoryMode().id(), o.precision().id());
    }

    @Override
    public EngineStatus setEngine(EngineChoice choice) throws Failure {
        EngineStatus status = applyEngine(choice);
        saved.save(choice);
        return status;
    }

    private EngineStatus applyEngine(EngineChoice choice) throws Failure {
        EngineOptions o;
        try {
            o = new EngineOptions(DeviceChoice.parse(choice.device()), MemoryMode.parse(choice.memoryMode()),
                    Precision.parse(choice.precision()));
        } catch (IllegalArgumentException e) {
            throw new Failure(Failure.Kind.INVALID_INPUT, e.getMessage(), e);
        }
        return call(() -> {
            DeviceInfo d = app.models().device(o.device());
            app.models().setOptions(o);
            return new EngineStatus(d.description(), d.runtime(), o.memoryMode().id(),
                    o.precision() == Precision.BF16 && !d.isGpu(), d.fallbackReason());
        });
    }

    @Override
    public Optional<EngineStatus> restoreEngine() throws Failure {
        Optional<EngineChoice> choice = saved.load();
        if (choice.isEmpty()) {
            return Optional.empty();
        }
        EngineStatus applied = applyEngine(choice.get()); // what was saved stays saved: nothing to write
        return applied.fellBack() ? Optional.of(applied) : Optional.empty();
    }

    @Override
    public MachineSummary machine() throws Failure {
        return call(() -> {
            RuntimeReport r = app.models().runtime();
            List<String> gpus = r.gpus().stream().map(g -> g.id() + "  " + g.name()
                    + (g.totalBytes() > 0 ? String.format(Locale.ROOT, ", %.1f GiB", g.totalBytes() / 1073741824.0)
                            : "")).toList();
            DeviceInfo gpu = r.gpu();
            return new MachineSummary("DJL " + r.djlVersion() + ", " + r.runtime(), r.cpuThreads(), gpus,
                    gpu.fellBack() ? gpu.fallbackReason() : gpu.description(), !gpu.fellBack(), r.notes());
        });
    }

    // ------------------------------------------------------------------ models

    @Override
    public ModelSummary inspectModel(ModelChoice model) throws Failure {
        Path dir = model.folder();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new Failure(Failure.Kind.MODEL, "The model folder " + dir + " does not exist. Choose a Qwen-Image"
                    + " model folder (the one holding model_index.json).", null);
        }
        return call(() -> {
            ModelInfo info = app.inspect(ModelSources.files(model));
            ModelCapabilities c = info.capabilities();
            String folderName = model.hasSingleFiles() ? folderName(dir) : info.identity().displayName();
            return new ModelSummary(model, model.name(folderName), info.identity().shortId(), c.kinds(),
                    c.sizeMultiple(), c.defaultSize(), c.tiny(), c.maxSide());
        });
    }

    /** A folder single files are combined with, by name: a Hub snapshot's repository, else the folder's own name. */
    private static String folderName(Path dir) {
        if (dir == null) {
            return null;
        }
        ModelSource source = ModelSources.of(dir);
        return source.isHub() ? source.repoId() : dir.getFileName().toString();
    }

    // ------------------------------------------------------------------ projects

    @Override
    public Optional<String> openStartupProject() throws Failure {
        Path requested = requestedProject;
        if (requested != null) {
            try {
                open(requested);
                return Optional.empty();
            } catch (Failure f) {
                Optional<String> other = openStartupProject(recent.list());
                return Optional.of(requested.getFileName() + ": " + f.getMessage()
                        + other.map(o -> " " + o).orElse(""));
            }
        }
        return openStartupProject(recent.list());
    }

    /**
     * The project to open at start instead of the most recent one: the file the studio was started with (a
     * double-clicked {@code .seedframe} file). If it does not open, the person is told and the usual project opens.
     */
    public void requestStartupProject(Path file) {
        requestedProject = file;
    }

    private Optional<String> openStartupProject(List<Path> recentProjects) throws Failure {
        for (Path p : recentProjects) {
            try {
                open(p);
                return Optional.empty();
            } catch (Failure f) {
                openOrCreate(defaultProjectPath());
                return Optional.of(p.getFileName() + ": " + f.getMessage());
            }
        }
        openOrCreate(defaultProjectPath());
        return Optional.empty();
    }

    private void openOrCreate(Path file) throws Failure {
        switchTo(call(() -> {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return app.projects().openOrCreate(file);
        }));
    }

    @Override
    public void create(Path file) throws Failure {
        Path f = ProjectService.withExtension(file);
        if (Files.exists(f)) {
            throw new Failure(Failure.Kind.FILE, f.getFileName() + " already exists; open it or choose another name.",
                    null);
        }
        switchTo(call(() -> app.projects().create(f)));
    }

    @Override
    public void open(Path file) throws Failure {
        switchTo(call(() -> app.projects().open(file)));
    }

    @Override
    public void saveAs(Path target) throws Failure {
        Path t = ProjectService.withExtension(target);
        switchTo(onProject(p -> {
            p.saveAs(t);
            return app.projects().open(t);
        }));
    }

    private void switchTo(Project next) {
        Project old = project;
        project = next;
        recent.remember(next.path());
        if (old != null) {
            old.close();
        }
    }

    @Override
    public Path projectPath() {
        Project p = project;
        return p == null ? null : p.path();
    }

    @Override
    public List<Path> recentProjects() {
        return recent.list();
    }

    private Project current() throws Failure {
        Project p = project;
        if (p == null) {
            throw new Failure(Failure.Kind.PROJECT, "No project is open.", null);
        }
        return p;
    }

    // ------------------------------------------------------------------ history and layers

    @Override
    public List<GenerationSummary> history() throws Failure {
        return onProject(Project::history);
    }

    @Override
    public GenerationRecord load(long id) throws Failure {
        return onProject(p -> p.load(id));
    }

    @Override
    public RgbImage image(String sha256) throws Failure {
        return onProject(p -> p.image(sha256));
    }

    @Override
    public void delete(long id) throws Failure {
        change(p -> p.delete(id));
    }

    @Override
    public void star(long id, boolean starred) throws Failure {
        change(p -> p.star(id, starred));
    }

    @Override
    public LayerStacks.Stack layerStack(long id, Set<Long> deleted) throws Failure {
        return onProject(p -> LayerStacks.of(p, id, deleted));
    }

    @Override
    public void setLayerVisible(long layerId, boolean visible) throws Failure {
        change(p -> p.setLayerVisible(layerId, visible));
    }

    @Override
    public void setLayerOpacity(long layerId, double opacity) throws Failure {
        change(p -> p.setLayerOpacity(layerId, opacity));
    }

    @Override
    public void export(long id, Path out) throws Failure {
        change(p -> app.export(p, id, out));
    }

    // ------------------------------------------------------------------ masks

    @Override
    public Mask readMask(Path file) throws Failure {
        return call(() -> Masks.read(file));
    }

    @Override
    public void writeMask(Mask mask, Path file) throws Failure {
        call(() -> {
            Masks.write(mask, file);
            return null;
        });
    }

    @Override
    public Optional<Mask> alphaMask(long id) throws Failure {
        return onProject(p -> {
            Map<Long, GenerationSummary> byId = new HashMap<>();
            p.history().forEach(s -> byId.put(s.id(), s));
            GenerationSummary s = byId.get(id);
            // an inpaint keeps every pixel outside its mask: the picture's transparency still says what to fill
            while (s != null && s.kind() == PipelineKind.INPAINT && s.parentId() != null) {
                GenerationSummary parent = byId.get(s.parentId());
                s = parent != null && parent.width() == s.width() && parent.height() == s.height() ? parent : null;
            }
            if (s == null || s.kind() != PipelineKind.IMPORT) {
                return Optional.<Mask>empty();
            }
            return p.importRecord(s.id()).map(r -> r.alpha()).map(Masks::fromAlpha);
        });
    }

    // ------------------------------------------------------------------ LoRAs

    @Override
    public List<Path> loraFolders() {
        return app.loraFiles().folders();
    }

    @Override
    public List<Path> loraFiles() {
        return LoraFiles.filesIn(loraFolders());
    }

    @Override
    public void addLoraFolder(Path folder) throws Failure {
        Preferences p = preferences().preferences();
        Path f = folder.toAbsolutePath().normalize();
        if (p.loraFolders().contains(f)) {
            return;
        }
        List<Path> folders = new java.util.ArrayList<>(p.loraFolders());
        folders.add(f);
        savePreferences(p.withFolders(p.modelFolders(), folders, p.projectsFolder()));
    }

    @Override
    public LoraSummary inspectLora(Path file) throws Failure {
        return call(() -> summary(app.inspectLora(file)));
    }

    private static LoraSummary summary(dev.seedframe.engine.LoraInfo i) {
        dev.seedframe.engine.SamplingPreset p = i.preset();
        return new LoraSummary(i.file(), i.sha256(), i.layout(), i.minRank(), i.maxRank(),
                p == null ? null : new LoraSummary.Preset(p.name(), p.steps(), p.cfg(), p.scheduler()));
    }

    @Override
    public List<Located> locateLoras(long id) throws Failure {
        GenerationRecord r = load(id);
        return located(app.loraFiles().locateEach(" of generation #" + id, r.request().loras(),
                LoraFiles.recordedSha256s(r.model())));
    }

    @Override
    public List<Located> locateLoras(List<dev.seedframe.domain.LoraSpec> specs) throws Failure {
        return located(app.loraFiles().locateEach("", specs, List.of()));
    }

    /** What each LoRA found holds; one whose file cannot be read as a LoRA is missing, in the engine's words. */
    private List<Located> located(List<LoraFiles.Whereabouts> all) {
        List<Located> out = new java.util.ArrayList<>();
        for (LoraFiles.Whereabouts w : all) {
            if (!w.found()) {
                out.add(Located.missing(w.spec(), w.missing()));
                continue;
            }
            try {
                out.add(Located.found(w.located(), inspectLora(w.at())));
            } catch (Failure unreadable) {
                out.add(Located.missing(w.spec(), unreadable.getMessage()));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ runs

    @Override
    public Generation generate(ModelChoice model, GenerationRequest request, Long parentId,
            ProgressListener listener, CancellationToken cancel) throws Failure {
        return onProject(p -> app.generate(ModelSources.files(model), request,
                Recording.into(p, parentId, UnrecordedImages.besides(p.path(), request.seed())), listener, cancel));
    }

    @Override
    public ReplayReport replay(long id, Path modelDir, ProgressListener listener, CancellationToken cancel)
            throws Failure {
        return onProject(p -> app.replay(p, id, modelDir, listener, cancel));
    }

    @Override
    public void close() {
        Project p = project;
        project = null;
        if (p != null) {
            p.close();
        }
    }
}
