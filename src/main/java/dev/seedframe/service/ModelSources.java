package dev.seedframe.service;

import dev.seedframe.domain.ModelSource;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.hub.HfCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a model comes from: a snapshot of a Hub repository at a commit, or a plain folder, and the single files that
 * replace some of its components; and back, the files a recorded source names.
 */
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

    /** The source of {@code files}: its folder's ({@link #of(Path)}), with its single files if it has any. */
    public static ModelSource of(ModelFiles files) {
        ModelSource base = files.folder() != null ? of(files.folder()) : null;
        if (files.transformer() == null && files.textEncoder() == null && files.vae() == null) {
            return base;
        }
        ModelSource.SingleFiles single = new ModelSource.SingleFiles(absolute(files.transformer()),
                absolute(files.textEncoder()), absolute(files.vae()), absolute(files.configs()));
        return base != null ? base.withFiles(single) : new ModelSource(null, null, null, null, single);
    }

    /**
     * The model files a recorded source names, with {@code folder} as the pipeline folder (the recorded folder, or
     * where the same snapshot was found on this machine; null for single files alone).
     */
    public static ModelFiles files(ModelSource source, Path folder) {
        ModelSource.SingleFiles f = source.files();
        if (f == null) {
            return ModelFiles.folder(folder);
        }
        return new ModelFiles(folder, path(f.transformer()), path(f.textEncoder()), path(f.vae()), path(f.configs()));
    }

    /** The model files the studio's {@code choice} names: the same as the command line's options naming them. */
    public static ModelFiles files(ModelChoice choice) {
        return new ModelFiles(choice.folder(), choice.transformer(), choice.textEncoder(), choice.vae(), null);
    }

    private static String absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }

    /** The snapshot {@code p} is the root of (a folder inside a snapshot is not a pipeline's root). */
    private static Optional<HfCache.SnapshotRef> snapshot(Path p) {
        return HfCache.locate(p).filter(r -> r.snapshot().equals(p));
    }
}
