package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.RuntimeReport;
import dev.seedframe.engine.qwenimage.OutpaintPlan;
import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The studio's one door to the services: the open project, the models, recent projects. Every failure
 * comes out as a {@link StudioFailure} with a message to show, so the window never sees engine or store
 * exceptions. Project methods may be called from the FX thread while a generation runs on another.
 */
public final class Studio implements AutoCloseable {

    /** The name of the project created when there is none yet. */
    public static final String DEFAULT_PROJECT_NAME = "My images.seedframe";

    private final ProjectService projects;
    private final GenerationService generation;
    private final RecentProjects recent;
    private final Path defaultModel;
    private volatile Project project;
    private volatile Path requestedProject;

    public Studio(ProjectService projects, GenerationService generation, RecentProjects recent, Path defaultModel) {
        this.projects = projects;
        this.generation = generation;
        this.recent = recent;
        this.defaultModel = defaultModel;
    }

    /** The embedded default model's folder. */
    public Path defaultModel() {
        return defaultModel;
    }

    /** Where the default project lives (under the user's Seedframe folder). */
    public static Path defaultProjectPath() {
        return UserDirs.config().resolve("projects").resolve(DEFAULT_PROJECT_NAME);
    }

    /** The engine settings the studio offers: device, memory mode and precision, each by its CLI id. */
    public record EngineChoice(String device, String memoryMode, String precision) {

        public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");
        public static final List<String> MEMORY_MODES = Arrays.stream(MemoryMode.values()).map(MemoryMode::id).toList();
        public static final List<String> PRECISIONS = Arrays.stream(Precision.values()).map(Precision::id).toList();
    }

    /** The engine settings models are opened with now. */
    public EngineChoice engineChoice() {
        EngineOptions o = generation.models().options();
        return new EngineChoice(o.device().id(), o.memoryMode().id(), o.precision().id());
    }

    /**
     * Opens models with {@code choice} from now on (a loaded model with other settings is reopened at the
     * next generation) and describes what it resolves to: the GPU in use, or why a GPU request runs on the
     * CPU. Nothing already recorded changes; each generation records the settings it ran with.
     */
    public EngineStatus setEngine(EngineChoice choice) throws StudioFailure {
        EngineStatus status = applyEngine(choice);
        saveEngine(choice);
        return status;
    }

    private EngineStatus applyEngine(EngineChoice choice) throws StudioFailure {
        EngineOptions o;
        try {
            o = new EngineOptions(DeviceChoice.parse(choice.device()), MemoryMode.parse(choice.memoryMode()),
                    Precision.parse(choice.precision()));
        } catch (IllegalArgumentException e) {
            throw new StudioFailure(StudioFailure.Kind.INVALID_INPUT, e.getMessage(), e);
        }
        try {
            DeviceInfo d = generation.models().device(o.device());
            generation.models().setOptions(o);
            return new EngineStatus(d.description(), d.runtime(), o.memoryMode().id(),
                    o.precision() == Precision.BF16 && !d.isGpu(), d.fallbackReason());
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    /** The person's preferences, kept beside the recent-projects list. */
    private PreferencesStore preferenceStore() {
        return new PreferencesStore(recent.sibling(PreferencesStore.FILE).getParent());
    }

    /** The person's preferences as saved (defaults for what is missing or unusable, named in the result). */
    public PreferencesStore.Loaded preferences() {
        return preferenceStore().load();
    }

    /**
     * Saves the person's preferences; the engine settings among them apply to the next generations.
     *
     * @throws StudioFailure naming every invalid value (nothing is saved), or when the file cannot be written
     */
    public void savePreferences(Preferences prefs) throws StudioFailure {
        try {
            preferenceStore().save(prefs);
        } catch (IllegalArgumentException e) {
            throw new StudioFailure(StudioFailure.Kind.INVALID_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw StudioFailure.of(e);
        }
    }

    private void saveEngine(EngineChoice c) {
        try {
            PreferencesStore store = preferenceStore();
            store.save(store.load().preferences().withEngine(c.device(), c.memoryMode(), c.precision()));
        } catch (IOException | RuntimeException e) {
            // not remembering the menu loses nothing of the work
        }
    }

    /**
     * Applies the engine choice of the last session, if one was saved. Returns what it resolved to only when that
     * is not what was saved (a GPU that is not usable now), so the person is told.
     *
     * @throws StudioFailure when the saved choice is one this version refuses (nothing is changed then)
     */
    public Optional<EngineStatus> restoreEngine() throws StudioFailure {
        Optional<PreferencesStore.SavedEngine> saved = preferenceStore().load().savedEngine();
        if (saved.isEmpty()) {
            return Optional.empty();
        }
        PreferencesStore.SavedEngine p = saved.get();
        EngineStatus applied = applyEngine(new EngineChoice(p.device(), p.memoryMode(), p.precision()));
        return applied.fellBack() ? Optional.of(applied) : Optional.empty(); // what was saved stays saved
    }

    /** The runtime, the GPUs libtorch sees and what a GPU request gets here (loads no model). */
    public MachineSummary machine() throws StudioFailure {
        try {
            RuntimeReport r = generation.models().runtime();
            List<String> gpus = r.gpus().stream().map(g -> g.id() + "  " + g.name()
                    + (g.totalBytes() > 0 ? String.format(Locale.ROOT, ", %.1f GiB", g.totalBytes() / 1073741824.0)
                            : "")).toList();
            DeviceInfo gpu = r.gpu();
            return new MachineSummary("DJL " + r.djlVersion() + ", " + r.runtime(), r.cpuThreads(), gpus,
                    gpu.fellBack() ? gpu.fallbackReason() : gpu.description(), !gpu.fellBack(), r.notes());
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    /** Identity and capabilities of a model folder, without loading it. */
    public ModelSummary inspectModel(Path dir) throws StudioFailure {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new StudioFailure(StudioFailure.Kind.MODEL,
                    "The model folder " + dir + " does not exist. Choose a Qwen-Image model folder (the one holding"
                            + " model_index.json).", null);
        }
        try {
            ModelInfo info = generation.models().inspect(dir);
            ModelCapabilities c = info.capabilities();
            return new ModelSummary(dir, info.identity().displayName(), info.identity().shortId(), c.kinds(),
                    c.sizeMultiple(), c.defaultSize(), c.tiny());
        } catch (Exception | OutOfMemoryError e) {
            throw StudioFailure.of(e);
        }
    }

    /**
     * Opens the project to start with: the most recent one that opens, else the default project (created
     * if missing).
     *
     * @return a note for the person when the most recent project could not be opened, else empty
     */
    public Optional<String> openStartupProject() throws StudioFailure {
        Path requested = requestedProject;
        if (requested != null) {
            try {
                open(requested);
                return Optional.empty();
            } catch (StudioFailure f) {
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

    private Optional<String> openStartupProject(List<Path> recentProjects) throws StudioFailure {
        for (Path p : recentProjects) {
            try {
                open(p);
                return Optional.empty();
            } catch (StudioFailure f) {
                openOrCreate(defaultProjectPath());
                return Optional.of(p.getFileName() + ": " + f.getMessage());
            }
        }
        openOrCreate(defaultProjectPath());
        return Optional.empty();
    }

    private void openOrCreate(Path file) throws StudioFailure {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            switchTo(projects.openOrCreate(file));
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    /** Creates a new, empty project and makes it current. */
    public void create(Path file) throws StudioFailure {
        try {
            Path f = ProjectService.withExtension(file);
            if (Files.exists(f)) {
                throw new StudioFailure(StudioFailure.Kind.FILE, f.getFileName() + " already exists; open it or"
                        + " choose another name.", null);
            }
            switchTo(projects.create(f));
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    /** Opens an existing project and makes it current; the current one stays open if this fails. */
    public void open(Path file) throws StudioFailure {
        try {
            switchTo(projects.open(file));
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    /** Continues the current project under a new name. */
    public void saveAs(Path target) throws StudioFailure {
        Project p = current();
        Path t = ProjectService.withExtension(target);
        try {
            p.saveAs(t);
            switchTo(projects.open(t));
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    private void switchTo(Project next) {
        Project old = project;
        project = next;
        recent.remember(next.path());
        if (old != null) {
            old.close();
        }
    }

    /** The current project file, or null before one is open. */
    public Path projectPath() {
        Project p = project;
        return p == null ? null : p.path();
    }

    public List<Path> recentProjects() {
        return recent.list();
    }

    private Project current() throws StudioFailure {
        Project p = project;
        if (p == null) {
            throw new StudioFailure(StudioFailure.Kind.PROJECT, "No project is open.", null);
        }
        return p;
    }

    public List<GenerationSummary> history() throws StudioFailure {
        try {
            return current().history();
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    public GenerationRecord load(long id) throws StudioFailure {
        try {
            return current().load(id);
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    public RgbImage image(String sha256) throws StudioFailure {
        try {
            return current().image(sha256);
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    /**
     * Runs a request on the model in {@code modelDir} and records it in the current project as soon as it
     * finishes (a cancelled or failed run records nothing). Call off the FX thread.
     */
    public Project.Outcome generate(Path modelDir, GenerationRequest request, Long parentId, List<String> notes,
            ProgressListener listener, CancellationToken cancel) throws StudioFailure {
        Project p = current();
        try {
            return p.generate(modelDir, request, parentId, notes, listener, cancel);
        } catch (Project.NotRecordedException e) {
            Path saved = salvage(p.path(), e.unrecorded());
            StudioFailure.Kind kind = StudioFailure.of(e.getCause()).kind();
            throw new StudioFailure(kind == StudioFailure.Kind.INTERNAL ? StudioFailure.Kind.FILE : kind,
                    e.getMessage() + (saved != null
                            ? " The image, with its settings, was saved to " + saved
                                    + " (seedframe import-png records it in a project later)."
                            : " The image could not be saved anywhere else either."), e);
        } catch (Exception | OutOfMemoryError e) {
            throw StudioFailure.of(e);
        }
    }

    /**
     * Writes an image the project could not record (with its settings in the PNG) beside the project, else
     * in the user's config folder, else in the temporary folder; returns where, or null.
     */
    static Path salvage(Path project, Project.Outcome o) {
        String stem = project.getFileName().toString().replaceFirst("\\.seedframe$", "");
        String name = stem + "-unrecorded-seed" + o.request().seed() + "-" + System.currentTimeMillis() + ".png";
        byte[] png;
        try {
            png = SeedframePng.encode(o.image(), o.request(), o.model(), o.environment(), o.adjustments(), null);
        } catch (RuntimeException e) {
            return null;
        }
        List<Path> dirs = new java.util.ArrayList<>();
        if (project.toAbsolutePath().getParent() != null) {
            dirs.add(project.toAbsolutePath().getParent());
        }
        dirs.add(UserDirs.config());
        dirs.add(Path.of(System.getProperty("java.io.tmpdir")));
        for (Path dir : dirs) {
            Path target = dir.resolve(name);
            try {
                Files.createDirectories(dir);
                Files.write(target, png, java.nio.file.StandardOpenOption.CREATE_NEW);
                return target;
            } catch (IOException | SecurityException e) {
                try {
                    Files.deleteIfExists(target); // a partial file on a full disk
                } catch (IOException | SecurityException ignored) {
                    // nothing more to do
                }
            }
        }
        return null;
    }

    /**
     * Regenerates a recorded generation with the model in {@code modelDir} and compares the pixels with
     * the stored image (identical, visually identical, or drifted with what differs). Records an audit
     * entry, never a new generation. Call off the FX thread.
     */
    public ReplayReport replay(long id, Path modelDir, ProgressListener listener, CancellationToken cancel)
            throws StudioFailure {
        try {
            return current().replay(id, modelDir, listener, cancel);
        } catch (Exception | OutOfMemoryError e) {
            throw StudioFailure.of(e);
        }
    }

    public void delete(long id) throws StudioFailure {
        try {
            current().delete(id);
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    public void star(long id, boolean starred) throws StudioFailure {
        try {
            current().star(id, starred);
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    public List<Layer> layers() throws StudioFailure {
        try {
            return current().layers();
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    public long addLayer(long generationId) throws StudioFailure {
        try {
            return current().addLayer(generationId);
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    public void setLayerVisible(long layerId, boolean visible) throws StudioFailure {
        try {
            current().setLayerVisible(layerId, visible);
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    /** Writes a generation's PNG (with its request embedded) to {@code out}. */
    public void export(long id, Path out) throws StudioFailure {
        try {
            current().export(id, out);
        } catch (StudioFailure f) {
            throw f;
        } catch (Exception e) {
            throw StudioFailure.of(e);
        }
    }

    /** The outpaint amounts actually used for {@code wanted} (rounded so the canvas is a multiple). */
    public static Outpaint roundedOutpaint(int width, int height, Outpaint wanted, int multiple) {
        return OutpaintPlan.roundedExtents(width, height, wanted, multiple);
    }

    /** Amounts that turn a {@code width×height} image into aspect {@code aw:ah} without cropping. */
    public static Outpaint outpaintToAspect(int width, int height, int aw, int ah) {
        return OutpaintPlan.toAspect(width, height, aw, ah);
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
