package dev.seedframe.service;

import dev.seedframe.domain.ModelSource;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.MemoryFit;
import dev.seedframe.engine.ModelCatalog;
import dev.seedframe.engine.PipelineDescription;
import dev.seedframe.engine.RuntimeReport;
import dev.seedframe.engine.SingleFileDescription;
import dev.seedframe.hub.CachedSnapshot;
import dev.seedframe.hub.HfCache;
import dev.seedframe.hub.HfCacheScan;
import dev.seedframe.hub.HubConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Finds the Qwen-Image models on this machine (the CLI's {@code seedframe models}, the studio's model picker): Hub
 * cache snapshots (complete or not), the folders the user added, and the single files of the ComfyUI {@code models/}
 * folders the user pointed at; each with what it is, how it is stored, its size, what is missing, and which memory
 * mode runs it here.
 */
public final class ModelDiscovery {

    /** ComfyUI's sub-folders that hold the files of a Qwen-Image model. */
    static final List<String> COMFYUI_FOLDERS = List.of("diffusion_models", "unet", "text_encoders", "clip", "vae");

    /** How deep single files are looked for under a ComfyUI sub-folder (ComfyUI allows sub-folders). */
    private static final int COMFYUI_DEPTH = 3;

    /**
     * The memory a model would run in here.
     *
     * @param bytes a GPU's memory, or the host's
     * @param gpu whether it is a GPU's
     * @param device in words, e.g. {@code cuda:0 (NVIDIA ..., 24.0 GiB)} or {@code this computer's memory}
     */
    public record Budget(long bytes, boolean gpu, String device) {

        /** What {@code --device gpu} gets here (starts the engine), else the host's memory. */
        public static Budget of(ModelService models) {
            try {
                RuntimeReport r = models.runtime();
                DeviceInfo gpu = r.gpu();
                if (!gpu.fellBack() && gpu.isGpu() && gpu.memoryBytes() > 0) {
                    return new Budget(gpu.memoryBytes(), true, gpu.description());
                }
            } catch (EngineException e) {
                // no engine: the host's memory is what there is
            }
            return new Budget(MemoryProbe.totalMemoryBytes(), false, "this computer's memory");
        }
    }

    private final List<Path> hubCaches;
    private final ModelFolders folders;
    private final Supplier<List<Path>> preferred;

    public ModelDiscovery(List<Path> hubCaches, ModelFolders folders) {
        this(hubCaches, folders, List::of);
    }

    /**
     * @param preferred the model folders of the person's preferences ({@link Preferences#modelFolders()}), read at
     *     each search and searched after the remembered folders
     */
    public ModelDiscovery(List<Path> hubCaches, ModelFolders folders, Supplier<List<Path>> preferred) {
        this.hubCaches = List.copyOf(hubCaches);
        this.folders = folders;
        this.preferred = preferred;
    }

    /**
     * The Hub caches {@code env} names (and the default one), the user's remembered folders and the model folders
     * of the preferences.
     */
    public static ModelDiscovery userDefault(Map<String, String> env) {
        PreferencesStore prefs = PreferencesStore.userDefault();
        return new ModelDiscovery(HubConfig.cacheRoots(env, Path.of(System.getProperty("user.home"))),
                ModelFolders.userDefault(), () -> prefs.load().preferences().modelFolders());
    }

    public ModelFolders folders() {
        return folders;
    }

    public List<Path> hubCaches() {
        return hubCaches;
    }

    /** The folders of the preferences searched too (as model folders). */
    public List<Path> preferredFolders() {
        return List.copyOf(preferred.get());
    }

    /**
     * Every model found, Hub caches first, then the user's folders (remembered, then those of the preferences), then
     * ComfyUI's single files.
     */
    public List<FoundModel> find(Budget budget) {
        List<FoundModel> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path root : hubCaches) {
            hubCache(root, budget, out, seen);
        }
        List<ModelFolders.Entry> all = new ArrayList<>(folders.list());
        for (Path p : preferredFolders()) {
            all.add(new ModelFolders.Entry(ModelFolders.Kind.FOLDER, p));
        }
        for (ModelFolders.Entry e : all) {
            if (e.kind() == ModelFolders.Kind.FOLDER) {
                folder(e.path(), budget, out, seen);
            } else {
                comfyUi(e.path(), out, seen);
            }
        }
        return out;
    }

    private static void hubCache(Path root, Budget budget, List<FoundModel> out, Set<Path> seen) {
        for (CachedSnapshot s : HfCacheScan.scan(new HfCache(root))) {
            if (!seen.add(real(s.folder()))) {
                continue;
            }
            Optional<PipelineDescription> d = ModelCatalog.describeFolder(s.folder(), s.repoId());
            boolean interrupted = s.partialDownloads() > 0 || !s.brokenLinks().isEmpty();
            if (d.isEmpty() && !(interrupted && s.repoId().toLowerCase(Locale.ROOT).contains("qwen-image"))) {
                continue; // a snapshot of something else (a LoRA, a language model)
            }
            List<String> problems = new ArrayList<>();
            for (String broken : s.brokenLinks()) {
                problems.add(broken + ": its blob is missing (deleted, or its download never finished)");
            }
            if (d.isEmpty()) {
                problems.add("model_index.json is missing: the download stopped before it");
            } else {
                problems.addAll(d.get().problems());
            }
            String detail = s.partialDownloads() > 0 ? s.partialDownloads() + " file(s) of " + s.repoId()
                    + " partly downloaded (" + dev.seedframe.hub.SnapshotDownloader.bytes(s.partialBytes())
                    + "): `seedframe download " + s.repoId() + " --revision " + s.revision() + "` resumes" : null;
            if (!problems.isEmpty() && detail != null) {
                problems.add(detail);
            }
            String revision = s.refs().isEmpty() ? null : s.refs().get(0);
            ModelSource source = ModelSource.hub(s.repoId(), revision, s.commit(), s.folder().toString());
            out.add(pipeline(FoundModel.Origin.HUB_CACHE, s.folder(), s.repoId() + "@" + s.revision(), source,
                    d.orElse(null), problems, budget, detail));
        }
    }

    private static void folder(Path dir, Budget budget, List<FoundModel> out, Set<Path> seen) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (Files.isRegularFile(dir.resolve("model_index.json"))) {
            if (seen.add(real(dir))) {
                ModelCatalog.describeFolder(dir, dir.getFileName().toString()).ifPresent(d -> out.add(pipeline(
                        FoundModel.Origin.FOLDER, dir, dir.getFileName().toString(), ModelSource.folder(dir.toString()),
                        d, d.problems(), budget, null)));
            }
            return;
        }
        List<Path> subs = new ArrayList<>();
        boolean hubLayout = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    subs.add(p);
                    hubLayout |= HfCache.repoIdOf(p.getFileName().toString()).isPresent();
                }
            }
        } catch (IOException e) {
            return;
        }
        if (hubLayout) {
            hubCache(dir, budget, out, seen); // a Hub cache the user keeps elsewhere
            return;
        }
        subs.sort(null);
        for (Path p : subs) {
            if (Files.isRegularFile(p.resolve("model_index.json"))) {
                folder(p, budget, out, seen);
            }
        }
    }

    private static FoundModel pipeline(FoundModel.Origin origin, Path dir, String name, ModelSource source,
            PipelineDescription d, List<String> problems, Budget budget, String detail) {
        MemoryFit fit = d != null && d.weights() != null ? ModelCatalog.memoryFit(d.weights(), budget.bytes(),
                budget.gpu()) : null;
        return new FoundModel(origin, dir, name, source, d != null ? d.variant() : null, null,
                d != null ? d.precision() : "unknown", d != null ? d.sizeBytes() : 0, problems, fit, detail,
                d != null ? d.unsupported() : null, null);
    }

    private static void comfyUi(Path root, List<FoundModel> out, Set<Path> seen) {
        Path models = Files.isDirectory(root.resolve("models")) && COMFYUI_FOLDERS.stream()
                .noneMatch(f -> Files.isDirectory(root.resolve(f))) ? root.resolve("models") : root;
        for (String sub : COMFYUI_FOLDERS) {
            Path dir = models.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(dir, COMFYUI_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
                walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")
                        && Files.isRegularFile(p)).forEach(files::add);
            } catch (IOException | UncheckedIOException e) {
                // what could be listed is shown
            }
            files.sort(null);
            for (Path f : files) {
                if (!seen.add(real(f))) {
                    continue;
                }
                ModelCatalog.describeFile(f).ifPresent(s -> out.add(singleFile(s, models)));
            }
        }
    }

    private static FoundModel singleFile(SingleFileDescription s, Path comfyUi) {
        String detail = s.detail() + ", keys " + s.keyLayout();
        return new FoundModel(FoundModel.Origin.COMFYUI, s.file(), s.file().getFileName().toString(), null,
                s.variantHint(), s.component(), s.precision(), s.sizeBytes(), List.of(), null, detail, null, comfyUi);
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
