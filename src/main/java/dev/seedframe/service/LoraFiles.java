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
     * One recorded LoRA where its file is now, or why it is found nowhere.
     *
     * @param spec as recorded
     * @param at where its file is now; null when it is missing
     * @param missing why it is missing, naming the file, its SHA-256 (when recorded) and the folders searched; null
     *     when it is found
     */
    public record Whereabouts(LoraSpec spec, Path at, String missing) {

        public boolean found() {
            return at != null;
        }

        /** The spec with the path where the file is now. */
        public LoraSpec located() {
            return new LoraSpec(at.toString(), spec.weight(), spec.method());
        }
    }

    /**
     * Where each of {@code specs} is now, in order. With one recorded SHA-256 per LoRA ({@code sha256s}, as
     * {@link #recordedSha256s} reads them from a recorded identity) a LoRA is at its recorded path when the file there
     * still has its SHA-256, else at a file with it in the {@link #folders()}. Without them (a picture's settings, a
     * record that lacks them) a LoRA is at its path when a LoRA file is there.
     *
     * @param of what the LoRAs belong to, for the messages (" of generation #3"; empty for none)
     */
    public List<Whereabouts> locateEach(String of, List<LoraSpec> specs, List<String> sha256s) {
        boolean bySha = sha256s.size() == specs.size();
        List<Whereabouts> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            LoraSpec spec = specs.get(i);
            Path recorded = Path.of(spec.path());
            String sha = bySha ? sha256s.get(i) : null;
            Path at = sha != null ? find(recorded, sha) : sha256(recorded).isPresent() ? recorded : null;
            out.add(at != null ? new Whereabouts(spec, at, null) : new Whereabouts(spec, null, missing(of, spec, sha)));
        }
        return out;
    }

    /**
     * The recorded {@code request} with each LoRA's path where its file is now ({@link #locateEach}, with the SHA-256s
     * the recorded identity's adapter components hold, {@link LoraInfo#IDENTITY_PREFIX}, in request order).
     *
     * @param id the generation, for messages
     * @throws LoraNotFoundException naming the first LoRA that is at no known place
     */
    public GenerationRequest locate(long id, GenerationRequest request, ModelIdentity recorded) throws EngineException {
        if (request.loras().isEmpty()) {
            return request;
        }
        List<LoraSpec> found = new ArrayList<>();
        for (Whereabouts w : locateEach(" of generation #" + id, request.loras(), recordedSha256s(recorded))) {
            if (!w.found()) {
                throw new LoraNotFoundException(w.missing());
            }
            found.add(w.located());
        }
        return request.toBuilder().loras(found).build();
    }

    /** Why {@code spec} (whose file had {@code sha256}, null when not recorded) is found nowhere, for people. */
    private String missing(String of, LoraSpec spec, String sha256) {
        Path p = Path.of(spec.path());
        String head = "The LoRA " + spec.fileName() + of + " (" + (sha256 != null ? "SHA-256 " + sha256 + ", " : "")
                + "weight " + spec.weight() + ", " + spec.method().id() + ") is missing: ";
        if (sha256 == null) {
            return head + (Files.isRegularFile(p) ? p + " is no LoRA file this engine reads" : p + " does not exist")
                    + ". Put the file back at its path.";
        }
        List<Path> folders = folders();
        return head + describeRecordedPath(p)
                + (folders.isEmpty() ? " and no LoRA folder is known here"
                        : " and no file in " + folders.stream().map(Path::toString).toList() + " has its SHA-256")
                + ". Put the file back at its path or in one of those folders.";
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
