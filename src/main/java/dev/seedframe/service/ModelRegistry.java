package dev.seedframe.service;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.domain.LoraSpec;
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
 *
 * <p>It also knows the folders LoRA files are kept in: the user's LoRA folder ({@code loras} under Seedframe's data
 * folder) and the folder of every LoRA file a generation used ({@code lora-folders.txt} beside {@code models.json}),
 * where a replay looks for a recorded LoRA that is no longer at its path ({@link LoraFiles}).
 */
public final class ModelRegistry {

    private final Path file;
    private final List<Path> hubCaches;
    private final Map<String, String> byIdentity = new LinkedHashMap<>();
    private final Path userLoras;
    private final Path loraFoldersFile;

    /** With the Hub caches the environment names (and the default one), LoRAs in {@code loras} beside {@code file}. */
    public ModelRegistry(Path file) {
        this(file, HubConfig.cacheRoots(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** LoRAs in {@code loras} beside {@code file}. */
    public ModelRegistry(Path file, List<Path> hubCaches) {
        this(file, hubCaches, file.resolveSibling("loras"));
    }

    /**
     * @param file the remembered folders ({@code models.json}); {@code lora-folders.txt} is kept beside it
     * @param hubCaches the Hugging Face caches to look in for a recorded snapshot
     * @param userLoras the user's LoRA folder
     */
    public ModelRegistry(Path file, List<Path> hubCaches, Path userLoras) {
        this.file = file;
        this.hubCaches = List.copyOf(hubCaches);
        this.userLoras = userLoras;
        this.loraFoldersFile = file.resolveSibling("lora-folders.txt");
        load();
    }

    public static ModelRegistry userDefault() {
        return new ModelRegistry(UserDirs.config().resolve("models.json"),
                HubConfig.cacheRoots(System.getenv(), Path.of(System.getProperty("user.home"))),
                UserDirs.data().resolve("loras"));
    }

    /** The user's LoRA folder ({@code loras} under Seedframe's data folder), whether it exists or not. */
    public Path userLoraFolder() {
        return userLoras.toAbsolutePath().normalize();
    }

    /** The user's LoRA folder, then the folders of the LoRA files used before; only folders that exist. */
    public synchronized List<Path> loraFolders() {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(userLoras)) {
            out.add(userLoras.toAbsolutePath().normalize());
        }
        for (String line : rememberedLoraFolders()) {
            Path p = Path.of(line);
            if (Files.isDirectory(p) && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Remembers the folders of {@code loras}' files, for {@link #loraFolders()}. */
    public synchronized void rememberLoras(List<LoraSpec> loras) {
        List<String> known = new ArrayList<>(rememberedLoraFolders());
        boolean changed = false;
        for (LoraSpec l : loras) {
            Path parent = Path.of(l.path()).toAbsolutePath().normalize().getParent();
            if (parent != null && !known.contains(parent.toString())) {
                known.add(parent.toString());
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        try {
            Files.createDirectories(loraFoldersFile.getParent());
            ImageFiles.writeAtomically(loraFoldersFile, (String.join("\n", known) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // remembering is a convenience: replay then names the missing file
        }
    }

    private List<String> rememberedLoraFolders() {
        if (!Files.isRegularFile(loraFoldersFile)) {
            return List.of();
        }
        try {
            return Files.readAllLines(loraFoldersFile, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
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
        if (source == null || source.folder() == null) {
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
