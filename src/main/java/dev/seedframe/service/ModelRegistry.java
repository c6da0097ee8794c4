package dev.seedframe.service;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.ModelSource;
import dev.seedframe.hub.HfCache;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which folder held each model identity, so that replaying a generation weeks later finds its
 * model without being told where it is. Kept as {@code models.json} in the user's config folder; a
 * damaged or missing file only means nothing is remembered. A generation's recorded {@link ModelSource} is the
 * second way back: its folder, else its Hub repository's snapshot at the same commit in any known Hub cache (on
 * another machine, or after the cache moved).
 */
public final class ModelRegistry {

    private final Path file;
    private final List<Path> hubCaches;
    private final Map<String, String> byIdentity = new LinkedHashMap<>();

    /** With the Hub caches the environment names (and the default one). */
    public ModelRegistry(Path file) {
        this(file, HubConfig.cacheRoots(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    public ModelRegistry(Path file, List<Path> hubCaches) {
        this.file = file;
        this.hubCaches = List.copyOf(hubCaches);
        load();
    }

    public static ModelRegistry userDefault() {
        return new ModelRegistry(UserDirs.config().resolve("models.json"));
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            for (var e : o.entrySet()) {
                byIdentity.put(e.getKey(), e.getValue().getAsString());
            }
        } catch (IOException | RuntimeException e) {
            byIdentity.clear();
        }
    }

    /** Records that {@code identity} lives in {@code dir}. */
    public synchronized void remember(ModelIdentity identity, Path dir) {
        String path = dir.toAbsolutePath().normalize().toString();
        if (path.equals(byIdentity.get(identity.shortId()))) {
            return;
        }
        byIdentity.put(identity.shortId(), path);
        JsonObject o = new JsonObject();
        byIdentity.forEach(o::addProperty);
        try {
            Files.createDirectories(file.getParent());
            ImageFiles.writeAtomically(file, o.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // remembering is a convenience: replay then asks for --model
        }
    }

    /**
     * Where a model of {@code source} may be, in the order to try: the folder it was loaded from, then its Hub
     * repository's snapshot at the same commit in each known Hub cache. Only folders that exist.
     */
    public List<Path> candidates(ModelSource source) {
        List<Path> out = new ArrayList<>();
        if (source == null) {
            return out;
        }
        Path folder = Path.of(source.folder());
        if (Files.isDirectory(folder)) {
            out.add(folder);
        }
        if (source.isHub()) {
            for (Path root : hubCaches) {
                Path snap = new HfCache(root).snapshot(source.repoId(), source.commit());
                if (Files.isDirectory(snap) && !out.contains(snap)) {
                    out.add(snap);
                }
            }
        }
        return out;
    }

    /** The folder last seen holding {@code identity}, if it still exists. */
    public synchronized Optional<Path> find(ModelIdentity identity) {
        String p = byIdentity.get(identity.shortId());
        if (p == null || !Files.isDirectory(Path.of(p))) {
            return Optional.empty();
        }
        return Optional.of(Path.of(p));
    }
}
