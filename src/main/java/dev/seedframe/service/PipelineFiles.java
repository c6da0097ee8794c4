package dev.seedframe.service;

import dev.seedframe.hub.HubException;
import dev.seedframe.hub.RepoInfo;
import dev.seedframe.hub.SnapshotDownloader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files of a Hub repository that a diffusers pipeline needs: {@code model_index.json} and, in the component
 * folders, configs, tokenizer and processor files and safetensors weights. Never pickled weights ({@code .bin},
 * {@code .pt}, {@code .pth}, {@code .ckpt}, {@code .pkl}: loading them can run code), nor other formats, images or
 * read-me files.
 */
final class PipelineFiles implements SnapshotDownloader.FileSelection {

    static final String INDEX = "model_index.json";

    /** What a component folder may hold that a pipeline reads. */
    private static final Set<String> NEEDED = Set.of(".json", ".txt", ".safetensors", ".jinja");

    /** Weights that are pickles. */
    private static final Set<String> PICKLES = Set.of(".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle");

    /** The components whose weights must be there as safetensors. */
    private static final List<String> WEIGHTED = List.of("transformer", "text_encoder", "vae");

    @Override
    public List<RepoInfo.RepoFile> select(RepoInfo info) throws HubException {
        List<RepoInfo.RepoFile> out = new ArrayList<>();
        boolean index = false;
        for (RepoInfo.RepoFile f : info.files()) {
            String path = f.path();
            if (path.equals(INDEX)) {
                index = true;
                out.add(f);
            } else if (path.indexOf('/') > 0 && NEEDED.contains(extension(path)) && !PICKLES.contains(extension(path))) {
                out.add(f);
            }
        }
        if (!index) {
            throw new HubException(HubException.Kind.INVALID, info.repoId() + " is not a diffusers pipeline: it has no "
                    + INDEX + " (Seedframe downloads Qwen-Image pipelines such as Qwen/Qwen-Image,"
                    + " Qwen/Qwen-Image-Edit-2509)");
        }
        List<String> pickledOnly = new ArrayList<>();
        for (String c : WEIGHTED) {
            boolean safetensors = out.stream().anyMatch(f -> f.path().startsWith(c + "/")
                    && f.path().endsWith(".safetensors"));
            boolean pickled = info.files().stream().anyMatch(f -> f.path().startsWith(c + "/")
                    && PICKLES.contains(extension(f.path())));
            if (!safetensors && pickled) {
                pickledOnly.add(c);
            }
        }
        if (!pickledOnly.isEmpty()) {
            throw new HubException(HubException.Kind.INVALID, info.repoId() + " has only pickled weights (.bin/.pt) for "
                    + String.join(", ", pickledOnly) + "; Seedframe reads safetensors only (a pickle can run code"
                    + " when loaded), so nothing was downloaded");
        }
        return out;
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }
}
