package dev.seedframe.service;

import dev.seedframe.domain.ModelSource;
import dev.seedframe.hub.HfCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where a model folder comes from: a snapshot of a Hub repository at a commit, or a plain folder. */
public final class ModelSources {

    private ModelSources() {}

    /** The source of {@code modelDir}: a Hub snapshot (by its path, or the path it links to), else the folder. */
    public static ModelSource of(Path modelDir) {
        Path abs = modelDir.toAbsolutePath().normalize();
        Optional<HfCache.SnapshotRef> ref = snapshot(abs);
        if (ref.isEmpty()) {
            try {
                ref = snapshot(abs.toRealPath());
            } catch (IOException e) {
                // a folder that cannot be resolved is recorded as given
            }
        }
        if (ref.isEmpty()) {
            return ModelSource.folder(abs.toString());
        }
        HfCache.SnapshotRef r = ref.get();
        List<String> refs = HfCache.refsTo(r.snapshot().getParent().getParent(), r.commit());
        return ModelSource.hub(r.repoId(), refs.isEmpty() ? null : refs.get(0), r.commit(), abs.toString());
    }

    /** The snapshot {@code p} is the root of (a folder inside a snapshot is not a pipeline's root). */
    private static Optional<HfCache.SnapshotRef> snapshot(Path p) {
        return HfCache.locate(p).filter(r -> r.snapshot().equals(p));
    }
}
