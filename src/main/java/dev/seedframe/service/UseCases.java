package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.LoraInfo;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.service.usecase.ExportPng;
import dev.seedframe.service.usecase.Generate;
import dev.seedframe.service.usecase.ImportPng;
import dev.seedframe.service.usecase.Replay;
import dev.seedframe.service.usecase.Verify;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The application layer both front ends call, the command line ({@code app.cli}) directly and the studio through
 * {@link Studio}: generating and editing, replaying, verifying, importing and exporting, each a use case in {@code
 * service.usecase}; what they return is a {@link Generation} or a report, and what they throw is sorted by {@link
 * Failure#of}. The engine and the store are reached only from here down.
 */
public final class UseCases {

    private final ModelService models;
    private final GenerationService runner;
    private final ProjectService projects;
    private final Path defaultModel;
    private final PromptScreen screen;
    private final Generate generate;
    private final Replay replay;
    private final Verify verify;
    private final ImportPng importPng;
    private final ExportPng exportPng = new ExportPng();
    private final LoraFiles loraFiles;

    /** Without a content filter (tests, tools). */
    public UseCases(ModelService models, ProjectService projects, ModelRegistry registry, Path defaultModel) {
        this(models, projects, registry, defaultModel, PromptScreen.none());
    }

    /**
     * @param screen the content filter every new generation's prompt passes before anything runs (replay and
     *     verify run recorded requests again and are not screened: they create nothing new)
     */
    public UseCases(ModelService models, ProjectService projects, ModelRegistry registry, Path defaultModel,
            PromptScreen screen) {
        this.models = models;
        this.runner = new GenerationService(models);
        this.projects = projects;
        this.defaultModel = defaultModel;
        this.screen = screen;
        this.generate = new Generate(runner, registry, screen);
        this.loraFiles = new LoraFiles(models, registry);
        this.replay = new Replay(runner, registry, defaultModel, loraFiles);
        this.verify = new Verify(replay);
        this.importPng = new ImportPng(loraFiles);
    }

    /** Where recorded LoRA files are now (by path, else by SHA-256 in the LoRA folders). */
    public LoraFiles loraFiles() {
        return loraFiles;
    }

    public ModelService models() {
        return models;
    }

    /** The runner under the use cases (one generation at a time), for benchmarks. */
    public GenerationService runner() {
        return runner;
    }

    public ProjectService projects() {
        return projects;
    }

    /** The content filter new generations pass (its policy is shown by the studio's Preferences). */
    public PromptScreen promptScreen() {
        return screen;
    }

    /** The embedded default model's folder. */
    public Path defaultModel() {
        return defaultModel;
    }

    /** Identity, capabilities and environment of a model folder, without loading it. */
    public ModelInfo inspect(Path modelDir) throws EngineException {
        return models.inspect(modelDir);
    }

    /** {@link #inspect(Path)} for a folder with single files replacing some of its components, or single files. */
    public ModelInfo inspect(ModelFiles files) throws EngineException {
        return models.inspect(files);
    }

    /**
     * What a LoRA file holds, read and checked without a model: its layout, SHA-256 and the sampling preset it brings
     * (a Lightning LoRA's steps, CFG 1 and scheduler), for the front ends to apply.
     */
    public LoraInfo inspectLora(Path file) throws EngineException {
        return models.inspectLora(file);
    }

    /**
     * Generates or edits (the request's kind says which), recording it as {@code into} says: see {@link
     * Generate#run}.
     */
    public Generation generate(Path modelDir, GenerationRequest request, Recording into, ProgressListener listener,
            CancellationToken cancel) throws EngineException, StoreException {
        return generate.run(modelDir, request, into, listener, cancel);
    }

    /** {@link #generate(Path, GenerationRequest, Recording, ProgressListener, CancellationToken)} on model files. */
    public Generation generate(ModelFiles files, GenerationRequest request, Recording into, ProgressListener listener,
            CancellationToken cancel) throws EngineException, StoreException {
        return generate.run(files, request, into, listener, cancel);
    }

    /** Replays one recorded generation: see {@link Replay#one}. */
    public ReplayReport replay(Project project, long id, Path modelDir, ProgressListener listener,
            CancellationToken cancel) throws EngineException, StoreException {
        return replay.one(project, id, modelDir, listener, cancel);
    }

    /** Replays several, one after the other: see {@link Replay#many}. */
    public int replay(Project project, List<Long> ids, Path modelDir, boolean keepGoing,
            Consumer<Replay.Replayed> each) throws EngineException, StoreException {
        return replay.many(project, ids, modelDir, keepGoing, each);
    }

    /** Checks a project's file, then replays every generation: see {@link Verify#run}. */
    public Verify.Verification verify(Project project, Path modelDir, Consumer<List<String>> fileChecked,
            Consumer<Replay.Replayed> each) throws EngineException, StoreException {
        return verify.run(project, modelDir, fileChecked, each);
    }

    /** Records a PNG's generation in a project: see {@link ImportPng#run(Project, Path)}. */
    public ImportPng.Imported importPng(Project project, Path png)
            throws StoreException, ImageFormatException, IOException, InvalidRequestException {
        return importPng.run(project, png);
    }

    /**
     * Records a PNG's generation in the project file {@code projectFile}, created only once the PNG passed: see
     * {@link ImportPng#run(ProjectService, Path, Path)}.
     */
    public ImportPng.Imported importPng(Path projectFile, Path png)
            throws StoreException, ImageFormatException, IOException, InvalidRequestException {
        return importPng.run(projects, projectFile, png);
    }

    /** Writes a generation as a PNG carrying its request: see {@link ExportPng#run}. */
    public void export(Project project, long id, Path out) throws StoreException, IOException {
        exportPng.run(project, id, out);
    }

    /**
     * Closes the loaded model once no generation runs, waiting at most {@code wait}; false when a run is still
     * going (the process exit frees the model then).
     */
    public boolean close(Duration wait) {
        return runner.close(wait);
    }
}
