package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.ModelSource;
import dev.seedframe.engine.MemoryFit;
import dev.seedframe.engine.PipelineDescription;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.hub.HubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The studio's model picker over {@link ModelDiscovery}, {@link ModelFolders}, the model folders of the {@link
 * Preferences} and {@link ModelDownloads}: the same finding and downloading as {@code seedframe models} and {@code
 * seedframe download}, with failures sorted by {@link Failure#of}.
 */
public final class ModelLibrary implements StudioModelLibrary {

    private final ModelDiscovery discovery;
    private final ModelFolders folders;
    private final PreferencesStore preferences;
    private final HubConfig hub;
    private final Supplier<ModelDiscovery.Budget> budget;

    /**
     * @param hubCaches the Hugging Face caches searched (the one {@code hub} downloads into among them)
     * @param folders the remembered folders
     * @param preferences whose model folders are searched too, and forgotten from here
     * @param hub where downloads come from and go
     * @param budget the memory the estimates are for
     */
    public ModelLibrary(List<Path> hubCaches, ModelFolders folders, PreferencesStore preferences, HubConfig hub,
            Supplier<ModelDiscovery.Budget> budget) {
        List<Path> caches = new ArrayList<>(List.of(hub.cache().toAbsolutePath().normalize()));
        hubCaches.stream().map(p -> p.toAbsolutePath().normalize()).filter(p -> !caches.contains(p))
                .forEach(caches::add);
        this.discovery = new ModelDiscovery(caches, folders, () -> preferences.load().preferences().modelFolders());
        this.folders = folders;
        this.preferences = preferences;
        this.hub = hub;
        this.budget = budget;
    }

    /**
     * The environment's Hub (caches, endpoint, token), the remembered folders beside {@code recent}, the preferences
     * {@code preferences}; estimates for what {@code models} runs on.
     */
    public static ModelLibrary of(Map<String, String> env, RecentProjects recent, PreferencesStore preferences,
            ModelService models) {
        Path home = Path.of(System.getProperty("user.home"));
        return new ModelLibrary(HubConfig.cacheRoots(env, home), new ModelFolders(recent.sibling("model-folders.txt")),
                preferences, HubConfig.fromEnvironment(env, home), () -> ModelDiscovery.Budget.of(models));
    }

    @Override
    public Listing list() throws Failure {
        try {
            ModelDiscovery.Budget b = budget.get();
            List<ListedModel> out = new ArrayList<>();
            List<FoundModel> found = discovery.find(b);
            for (FoundModel f : found) {
                out.add(listed(f, SingleFilePairings.of(f, found)));
            }
            return new Listing(out, b.device(), b.bytes(), b.gpu(), searched());
        } catch (RuntimeException e) {
            throw Failure.of(e);
        }
    }

    private List<Folder> searched() {
        List<Folder> out = new ArrayList<>();
        for (Path c : discovery.hubCaches()) {
            if (Files.isDirectory(c)) {
                out.add(new Folder(c, Searched.HUB_CACHE, false));
            }
        }
        for (ModelFolders.Entry e : folders.list()) {
            out.add(new Folder(e.path(), e.kind() == ModelFolders.Kind.COMFYUI ? Searched.COMFYUI : Searched.FOLDER,
                    true));
        }
        for (Path p : discovery.preferredFolders()) {
            out.add(new Folder(p, Searched.PREFERENCES, true));
        }
        return out;
    }

    /**
     * A found model in plain values, with what the picker may do with it.
     *
     * @param pairing what a transformer file can be combined with ({@link SingleFilePairings}); null otherwise
     */
    static ListedModel listed(FoundModel f, ListedModel.Pairing pairing) {
        MemoryFit fit = f.fit();
        ListedModel.Fit lf = fit == null ? null : new ListedModel.Fit(fit.fits() ? fit.mode().id() : null,
                fit.fits() ? fit.estimates().get(fit.mode()) : fit.leastBytes(), fit.budgetBytes(), fit.gpu());
        ModelSource s = f.source();
        ListedModel.Resume resume = f.origin() == FoundModel.Origin.HUB_CACHE && !f.complete() && s != null
                && s.isHub() ? new ListedModel.Resume(s.repoId(), s.revision() != null ? s.revision() : s.commit())
                        : null;
        boolean loadable = f.singleFile() ? singleFileLoadable(pairing) : SingleFilePairings.usablePipeline(f);
        return new ListedModel(f.origin(), f.path(), f.name(), f.variant() != null ? f.variant().label() : null,
                f.component() != null ? f.component().label() : null, f.precision(), f.sizeBytes(), f.problems(),
                f.unsupported(), f.detail(), lf, resume, loadable, pairing);
    }

    /**
     * Whether a ComfyUI single file can be picked as the model: a transformer file that something completes (a
     * pipeline folder of its family, or a text encoder and a VAE beside it); a text encoder or VAE file is a part of
     * such a combination only ({@code pairing} null).
     */
    static boolean singleFileLoadable(ListedModel.Pairing pairing) {
        return pairing != null && pairing.possible();
    }

    @Override
    public void addFolder(Path dir, boolean comfyUi) throws Failure {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new Failure(Failure.Kind.FILE, "The folder " + dir + " does not exist.", null, true);
        }
        if (comfyUi && !comfyUiFolder(dir)) {
            throw new Failure(Failure.Kind.INVALID_INPUT, dir + " is not a ComfyUI folder: it holds none of "
                    + String.join("/, ", ModelDiscovery.COMFYUI_FOLDERS) + "/ (nor a models/ folder with them)."
                    + " Choose the ComfyUI folder or its models/ folder.", null);
        }
        try {
            folders.add(comfyUi ? ModelFolders.Kind.COMFYUI : ModelFolders.Kind.FOLDER, dir);
        } catch (IOException e) {
            throw Failure.of(e);
        }
    }

    private static boolean comfyUiFolder(Path dir) {
        for (Path root : List.of(dir, dir.resolve("models"))) {
            for (String sub : ModelDiscovery.COMFYUI_FOLDERS) {
                if (Files.isDirectory(root.resolve(sub))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void forgetFolder(Path dir) throws Failure {
        Path p = dir.toAbsolutePath().normalize();
        try {
            boolean removed = folders.remove(p);
            Preferences prefs = preferences.load().preferences();
            List<Path> kept = new ArrayList<>(prefs.modelFolders());
            if (kept.removeIf(f -> f.toAbsolutePath().normalize().equals(p))) {
                preferences.save(prefs.withFolders(kept, prefs.loraFolders(), prefs.projectsFolder()));
                removed = true;
            }
            if (!removed) {
                throw new Failure(Failure.Kind.INVALID_INPUT, p + " is not among the folders you added.", null);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw Failure.of(e);
        }
    }

    @Override
    public DownloadTarget downloadTarget() {
        return new DownloadTarget(hub.endpoint().toString(), !hub.endpoint().equals(HubConfig.DEFAULT_ENDPOINT),
                hub.tokenSource(), hub.cache(), freeBytes(hub.cache()));
    }

    /** Free space where {@code dir} is (or would be created), -1 when not known. */
    static long freeBytes(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? -1 : Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public Downloaded download(String repoId, String revision, Consumer<TransferProgress> progress,
            CancellationToken cancel) throws Failure {
        String rev = revision == null || revision.isBlank() ? "main" : revision.strip();
        try {
            ModelDownloads.Outcome o = new ModelDownloads(hub).download(repoId == null ? "" : repoId.strip(), rev,
                    new TransferWatch(progress), cancel);
            List<String> problems = o.description().map(PipelineDescription::problems)
                    .orElse(List.of("it is not a Qwen-Image pipeline folder (no model_index.json)"));
            var r = o.download();
            return new Downloaded(r.repoId(), r.commit(), r.snapshot(), r.fetched(), r.present(), r.bytesFetched(),
                    problems);
        } catch (HubException | RuntimeException e) {
            throw Failure.of(e);
        }
    }
}
