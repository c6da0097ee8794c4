package dev.seedframe.service;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.ModelCatalog;
import dev.seedframe.engine.PipelineDescription;
import dev.seedframe.hub.HfCache;
import dev.seedframe.hub.HubClient;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.hub.HubException;
import dev.seedframe.hub.SnapshotDownloader;
import dev.seedframe.hub.TransferListener;
import java.util.Optional;

/**
 * Downloads a Qwen-Image pipeline from the Hugging Face Hub (or a mirror) into the Hub cache, the files a pipeline
 * needs only, resumable and verified (see {@link SnapshotDownloader}), and says what arrived.
 */
public final class ModelDownloads {

    /**
     * A finished download.
     *
     * @param download where it went and what was fetched
     * @param description what the snapshot is (variant, precision, completeness), or empty when it is not a
     *     pipeline folder Seedframe recognises
     */
    public record Outcome(SnapshotDownloader.Result download, Optional<PipelineDescription> description) {}

    private final HubConfig config;
    private final Boolean symlinks;

    public ModelDownloads(HubConfig config) {
        this(config, null);
    }

    /** @param symlinks force links (true) or copies (false) in the snapshot; null: what the file system allows */
    public ModelDownloads(HubConfig config, Boolean symlinks) {
        this.config = config;
        this.symlinks = symlinks;
    }

    public HubConfig config() {
        return config;
    }

    /** Downloads {@code repoId} at {@code revision} (a branch, tag or commit; {@code main} by default). */
    public Outcome download(String repoId, String revision, TransferListener listener, CancellationToken cancel)
            throws HubException {
        HubClient.checkRepoId(repoId);
        HubClient client = new HubClient(config);
        SnapshotDownloader.Result r = new SnapshotDownloader(client, new HfCache(config.cache()), symlinks)
                .download(repoId, revision == null ? "main" : revision, new PipelineFiles(), listener, cancel);
        return new Outcome(r, ModelCatalog.describeFolder(r.snapshot(), repoId));
    }
}
