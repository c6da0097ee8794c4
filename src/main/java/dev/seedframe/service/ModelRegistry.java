package dev.seedframe.service;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which folder held each model identity, so that replaying a generation weeks later finds its
 * model without being told where it is. Kept as {@code models.json} in the user's config folder; a
 * damaged or missing file only means nothing is remembered.
 */
public final class ModelRegistry {

    private final Path file;
    private final Map<String, String> byIdentity = new LinkedHashMap<>();

    public ModelRegistry(Path file) {
        this.file = file;
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

    /** The folder last seen holding {@code identity}, if it still exists. */
    public synchronized Optional<Path> find(ModelIdentity identity) {
        String p = byIdentity.get(identity.shortId());
        if (p == null || !Files.isDirectory(Path.of(p))) {
            return Optional.empty();
        }
        return Optional.of(Path.of(p));
    }
}
