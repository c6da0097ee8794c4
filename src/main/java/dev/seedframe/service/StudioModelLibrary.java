package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The studio's door to the models on this machine (the model picker): what was found where, the folders searched,
 * and downloads from the Hugging Face Hub into its cache.
 */
public interface StudioModelLibrary {

    /** Where the picker looks. */
    enum Searched {
        /** A Hugging Face cache (from the environment; not forgotten from here). */
        HUB_CACHE,
        /** A folder the person added here or with {@code seedframe models --add-folder}. */
        FOLDER,
        /** A ComfyUI folder the person added. */
        COMFYUI,
        /** A model folder of the preferences. */
        PREFERENCES
    }

    /** A folder the picker searches; {@code forgettable} when the person added it. */
    record Folder(Path path, Searched kind, boolean forgettable) {}

    /**
     * What was found.
     *
     * @param models every model, Hub caches first
     * @param memoryFor whose memory the estimates are for, in words ({@code this computer's memory}, a GPU)
     * @param memoryBytes that memory
     * @param gpu whether that is a GPU's memory
     * @param folders the folders searched
     */
    record Listing(List<ListedModel> models, String memoryFor, long memoryBytes, boolean gpu, List<Folder> folders) {

        public Listing {
            models = List.copyOf(models);
            folders = List.copyOf(folders);
        }
    }

    /**
     * Where a download goes and who asks.
     *
     * @param endpoint the Hub's address ({@code HF_ENDPOINT}, else huggingface.co)
     * @param mirror whether that is another server than huggingface.co
     * @param tokenSource where the access token is read from ({@code HF_TOKEN}, the token file), or null for none
     * @param cache the Hugging Face cache it goes into
     * @param freeBytes free space there, or -1 when not known
     */
    record DownloadTarget(String endpoint, boolean mirror, String tokenSource, Path cache, long freeBytes) {}

    /**
     * A finished download.
     *
     * @param repoId the repository
     * @param commit the commit it resolved to
     * @param snapshot the pipeline folder
     * @param fetched files downloaded now
     * @param present files that were there already
     * @param bytesFetched bytes downloaded now
     * @param problems what the downloaded folder still lacks for Seedframe (empty when it is a complete pipeline)
     */
    record Downloaded(String repoId, String commit, Path snapshot, int fetched, int present, long bytesFetched,
            List<String> problems) {

        public Downloaded {
            problems = List.copyOf(problems);
        }
    }

    /** Searches every folder (reads configs and headers only). */
    Listing list() throws Failure;

    /** Remembers a model folder (a pipeline, a folder of pipelines, a Hub cache) or a ComfyUI folder. */
    void addFolder(Path dir, boolean comfyUi) throws Failure;

    /** Forgets a folder the person added (here, on the command line or in the preferences). */
    void forgetFolder(Path dir) throws Failure;

    DownloadTarget downloadTarget();

    /**
     * Downloads a pipeline into the Hugging Face cache, resuming what an earlier run left; {@code progress} is told
     * on the downloading thread.
     *
     * @throws Failure {@link Failure.Kind#CANCELLED} when cancelled (what arrived is kept for a resume), else what
     *     went wrong and what to do (a gated repository says how to log in)
     */
    Downloaded download(String repoId, String revision, Consumer<TransferProgress> progress, CancellationToken cancel)
            throws Failure;
}
