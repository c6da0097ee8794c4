package dev.seedframe.service;

import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.LoraInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Finds the LoRA files a recorded generation used: at the recorded path when the file there still has the recorded
 * SHA-256, else a file with that SHA-256 in the LoRA folders (one with the same name first). A file that is nowhere is
 * named, with its SHA-256 and the folders searched. The LoRA folders are one list, {@link #folders()}: the studio's
 * panel lists it, and it is what is searched.
 */
public final class LoraFiles {

    /** How deep under a LoRA folder files are looked for (the folder itself and two levels of subfolders). */
    private static final int SEARCH_DEPTH = 3;

    private final ModelService models;
    private final ModelRegistry registry;
    /** The folders the person added (the studio's preferences); none where there are no preferences (the CLI). */
    private volatile Supplier<List<Path>> added = List::of;

    public LoraFiles(ModelService models, ModelRegistry registry) {
        this.models = models;
        this.registry = registry;
    }

    /** Where the folders the person added are read from, each time the LoRA folders are listed or searched. */
    public void addedFolders(Supplier<List<Path>> folders) {
        this.added = folders;
    }

    /** A recorded LoRA that is found nowhere on this machine. */
    public static final class LoraNotFoundException extends EngineException {
        public LoraNotFoundException(String message) {
            super(message);
        }
    }

    /**
     * The recorded {@code request} with each LoRA's path where its file is now. The SHA-256 of each comes from the
     * recorded identity's adapter components ({@link LoraInfo#IDENTITY_PREFIX}, in request order); a record without
     * them (none should exist) keeps the paths as recorded.
     *
     * @param id the generation, for messages
     * @throws LoraNotFoundException naming the first LoRA that is at no known place
     */
    public GenerationRequest locate(long id, GenerationRequest request, ModelIdentity recorded) throws EngineException {
        if (request.loras().isEmpty()) {
            return request;
        }
        List<String> shas = recordedSha256s(recorded);
        if (shas.size() != request.loras().size()) {
            return request;
        }
        List<LoraSpec> found = new ArrayList<>();
        for (int i = 0; i < shas.size(); i++) {
            LoraSpec spec = request.loras().get(i);
            Path at = find(Path.of(spec.path()), shas.get(i));
            if (at == null) {
                List<Path> folders = folders();
                throw new LoraNotFoundException("The LoRA " + spec.fileName() + " of generation #" + id
                        + " (SHA-256 " + shas.get(i) + ", weight " + spec.weight() + ", " + spec.method().id()
                        + ") is missing: " + describeRecordedPath(Path.of(spec.path()))
                        + (folders.isEmpty() ? " and no LoRA folder is known here"
                                : " and no file in " + folders.stream().map(Path::toString).toList()
                                        + " has its SHA-256")
                        + ". Put the file back at its path or in one of those folders.");
            }
            found.add(new LoraSpec(at.toString(), spec.weight(), spec.method()));
        }
        return request.toBuilder().loras(found).build();
    }

    /**
     * The file in the known LoRA folders that a {@code <lora:name>} tag of another tool names: {@code name.safetensors}
     * (any case), whose SHA-256 starts with {@code hashPrefix} when one is given; empty when there is none.
     */
    public Optional<Path> findByName(String name, String hashPrefix) {
        String wanted = (name + ".safetensors").toLowerCase(Locale.ROOT);
        for (Path c : loraFilesInFolders()) {
            if (!c.getFileName().toString().toLowerCase(Locale.ROOT).equals(wanted)) {
                continue;
            }
            if (hashPrefix == null || sha256(c).filter(sha -> sha.startsWith(hashPrefix.toLowerCase(Locale.ROOT)))
                    .isPresent()) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Where the recorded LoRA {@code spec} (its file had {@code sha256}) is now: its recorded path when the file there
     * still has that SHA-256, else a file with it in the LoRA folders; empty when it is nowhere.
     */
    public Optional<Path> where(LoraSpec spec, String sha256) {
        return Optional.ofNullable(find(Path.of(spec.path()), sha256));
    }

    /** The SHA-256 of the adapters a recorded identity names, in order. */
    public static List<String> recordedSha256s(ModelIdentity recorded) {
        return recorded.components().stream().filter(c -> c.name().startsWith(LoraInfo.IDENTITY_PREFIX))
                .map(ComponentIdentity::weightsFingerprint).toList();
    }

    private static String describeRecordedPath(Path p) {
        return Files.isRegularFile(p) ? p + " holds another file now (its SHA-256 differs)" : p + " does not exist";
    }

    /** {@code recordedPath} if it holds {@code sha256}, else the first file in the LoRA folders that does, or null. */
    private Path find(Path recordedPath, String sha256) {
        if (sha256(recordedPath).filter(sha256::equals).isPresent()) {
            return recordedPath;
        }
        String name = String.valueOf(recordedPath.getFileName());
        List<Path> candidates = loraFilesInFolders();
        candidates.sort(Comparator.comparing(p -> p.getFileName().toString().equals(name) ? 0 : 1));
        for (Path c : candidates) {
            if (sha256(c).filter(sha256::equals).isPresent()) {
                return c;
            }
        }
        return null;
    }

    /** Every {@code .safetensors} file in the LoRA folders (and their subfolders, two levels down). */
    private List<Path> loraFilesInFolders() {
        return filesIn(folders());
    }

    /**
     * Every {@code .safetensors} file in {@code folders} and their subfolders (two levels down), each folder's
     * sorted, each file once; a folder that cannot be read adds nothing.
     */
    public static List<Path> filesIn(List<Path> folders) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder, SEARCH_DEPTH)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors"))
                        .map(p -> p.toAbsolutePath().normalize()).sorted().forEach(out::add);
            } catch (IOException | RuntimeException e) {
                // a folder that cannot be read holds nothing we can use
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The LoRA folders, each once: the user's LoRA folder (made when it is missing, so there is a place to put LoRA
     * files), then the folders the person added ({@link #addedFolders}), then the folders of the LoRA files used
     * before; only folders that exist. The studio lists these, and recorded LoRAs are looked for in them.
     */
    public List<Path> folders() {
        List<Path> added;
        try {
            added = this.added.get();
        } catch (RuntimeException e) {
            added = List.of(); // preferences that cannot be read add no folder
        }
        Path user = registry.userLoraFolder();
        try {
            Files.createDirectories(user);
        } catch (IOException e) {
            // without it the list starts with the added folders
        }
        Set<Path> all = new LinkedHashSet<>();
        for (Path p : concat(List.of(user), added)) {
            if (Files.isDirectory(p)) {
                all.add(p.toAbsolutePath().normalize());
            }
        }
        all.addAll(registry.loraFolders());
        return List.copyOf(all);
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private Optional<String> sha256(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(models.inspectLora(file).sha256());
        } catch (EngineException e) {
            return Optional.empty(); // not a LoRA this engine reads: not the recorded one
        }
    }
}
