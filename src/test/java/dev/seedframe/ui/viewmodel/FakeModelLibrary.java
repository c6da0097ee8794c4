package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.service.Failure;
import dev.seedframe.service.FoundModel;
import dev.seedframe.service.ListedModel;
import dev.seedframe.service.StudioModelLibrary;
import dev.seedframe.service.TransferProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A test double of the model picker's port, in memory: a list of entries, folders as paths, and a "download" that
 * reports the progress steps it is given and then adds an entry, or fails as told. Only for view-model unit tests.
 */
final class FakeModelLibrary implements StudioModelLibrary {

    static final Path CACHE = Path.of("/cache/hub");

    final List<ListedModel> models = new ArrayList<>();
    final List<Folder> folders = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    final List<String> listThreads = new ArrayList<>();
    List<TransferProgress> steps = List.of();
    Failure nextFailure;
    /** Whether the download stops at its first step when cancelled (as the real one does between reads). */
    boolean honoursCancel = true;

    static ListedModel pipeline(String name, Path path, String model, boolean complete, String mode) {
        return new ListedModel(FoundModel.Origin.HUB_CACHE, path, name, model, null, "bf16", 57_700_000_000L,
                complete ? List.of() : List.of("transformer/diffusion_pytorch_model-00002-of-00009.safetensors: its"
                        + " blob is missing"),
                null, null, complete ? new ListedModel.Fit(mode, 3_700_000_000L, 25_300_000_000L, false) : null,
                complete ? null : new ListedModel.Resume("Qwen/Qwen-Image", "main"), complete && model != null, null);
    }

    /** A transformer file combinable as {@code pairing} says (the service sets that). */
    static ListedModel transformerFile(String name, Path path, String model, ListedModel.Pairing pairing) {
        return new ListedModel(FoundModel.Origin.COMFYUI, path, name, model, "transformer", "fp8 e4m3fn",
                20_400_000_000L, List.of(), null, "2-D weights in float8, keys model.diffusion_model.", null, null,
                pairing.possible(), pairing);
    }

    /** A text encoder or VAE file: a part of a combination only. */
    static ListedModel partFile(String name, Path path, String part) {
        return new ListedModel(FoundModel.Origin.COMFYUI, path, name, null, part, "bf16", 16_600_000_000L, List.of(),
                null, null, null, null, false, null);
    }

    private void failIfAsked() throws Failure {
        Failure f = nextFailure;
        if (f != null) {
            nextFailure = null;
            throw f;
        }
    }

    @Override
    public Listing list() throws Failure {
        calls.add("list");
        listThreads.add(Thread.currentThread().getName());
        failIfAsked();
        return new Listing(models, "this computer's memory", 25_300_000_000L, false, folders);
    }

    @Override
    public void addFolder(Path dir, boolean comfyUi) throws Failure {
        calls.add("add " + dir + (comfyUi ? " comfyui" : ""));
        failIfAsked();
        folders.add(new Folder(dir, comfyUi ? Searched.COMFYUI : Searched.FOLDER, true));
    }

    @Override
    public void forgetFolder(Path dir) throws Failure {
        calls.add("forget " + dir);
        failIfAsked();
        folders.removeIf(f -> f.path().equals(dir));
    }

    @Override
    public DownloadTarget downloadTarget() {
        return new DownloadTarget("https://huggingface.co", false, null, CACHE, 123_400_000_000L);
    }

    @Override
    public Downloaded download(String repoId, String revision, Consumer<TransferProgress> progress,
            CancellationToken cancel) throws Failure {
        calls.add("download " + repoId + " " + revision);
        for (TransferProgress p : steps) {
            progress.accept(p);
            if (honoursCancel && cancel.isCancelled()) {
                throw new Failure(Failure.Kind.CANCELLED, "Cancelled; the files downloaded so far are kept.", null);
            }
        }
        failIfAsked();
        Path snap = CACHE.resolve("models--" + repoId.replace("/", "--")).resolve("snapshots/abcdef0123");
        models.add(pipeline(repoId + "@" + revision, snap, "Qwen-Image", true, "resident"));
        return new Downloaded(repoId, "abcdef0123456789", snap, 12, 0, 57_700_000_000L, List.of());
    }
}
