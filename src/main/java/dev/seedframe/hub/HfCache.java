package dev.seedframe.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Hugging Face Hub cache layout, shared with diffusers, transformers and {@code hf download}:
 *
 * <pre>
 * &lt;root&gt;/models--Org--Name/
 *     blobs/&lt;etag&gt;               each file's content once: named by its LFS SHA-256 or git blob id
 *     blobs/&lt;etag&gt;.incomplete    a download in progress (resumed from its length)
 *     refs/&lt;revision&gt;           the commit a branch or tag pointed at when it was last downloaded
 *     snapshots/&lt;commit&gt;/&lt;path&gt;  relative symbolic links into blobs/ (copies where links are unavailable)
 * &lt;root&gt;/.locks/models--Org--Name/&lt;etag&gt;.lock
 * </pre>
 */
public final class HfCache {

    static final String MODELS_PREFIX = "models--";
    static final String SEPARATOR = "--";
    static final String INCOMPLETE = ".incomplete";
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final Path root;

    public HfCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code Qwen/Qwen-Image} → {@code models--Qwen--Qwen-Image}. */
    public static String folderName(String repoId) {
        return MODELS_PREFIX + repoId.replace("/", SEPARATOR);
    }

    /** {@code models--Qwen--Qwen-Image} → {@code Qwen/Qwen-Image}; empty for other folders. */
    public static Optional<String> repoIdOf(String folderName) {
        if (!folderName.startsWith(MODELS_PREFIX)) {
            return Optional.empty();
        }
        String rest = folderName.substring(MODELS_PREFIX.length());
        int i = rest.indexOf(SEPARATOR);
        if (i <= 0 || i + SEPARATOR.length() >= rest.length()) {
            return Optional.empty();
        }
        return Optional.of(rest.substring(0, i) + "/" + rest.substring(i + SEPARATOR.length()));
    }

    public Path repoDir(String repoId) {
        return root.resolve(folderName(repoId));
    }

    public Path blob(String repoId, String etag) {
        return repoDir(repoId).resolve("blobs").resolve(etag);
    }

    public Path incompleteBlob(String repoId, String etag) {
        return repoDir(repoId).resolve("blobs").resolve(etag + INCOMPLETE);
    }

    public Path snapshot(String repoId, String commit) {
        return repoDir(repoId).resolve("snapshots").resolve(commit);
    }

    public Path ref(String repoId, String revision) {
        return repoDir(repoId).resolve("refs").resolve(revision);
    }

    public Path lock(String repoId, String etag) {
        return root.resolve(".locks").resolve(folderName(repoId)).resolve(etag + ".lock");
    }

    /** The commit {@code revision} pointed at when last downloaded (a commit id names itself), if known here. */
    public Optional<String> commitOf(String repoId, String revision) {
        if (COMMIT.matcher(revision).matches()) {
            return Optional.of(revision);
        }
        try {
            Path ref = ref(repoId, revision);
            if (Files.isRegularFile(ref)) {
                String c = Files.readString(ref, StandardCharsets.UTF_8).strip();
                return COMMIT.matcher(c).matches() ? Optional.of(c) : Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable ref is an unknown one
        }
        return Optional.empty();
    }

    /** The refs (branches, tags) that point at {@code commit}, e.g. {@code [main]}. */
    public static List<String> refsTo(Path repoDir, String commit) {
        List<String> out = new ArrayList<>();
        Path refs = repoDir.resolve("refs");
        if (!Files.isDirectory(refs)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(refs)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p) && commit.equals(Files.readString(p, StandardCharsets.UTF_8).strip())) {
                    out.add(refs.relativize(p).toString().replace('\\', '/'));
                }
            }
        } catch (IOException | RuntimeException e) {
            // refs that cannot be read are not named
        }
        out.sort(null);
        return out;
    }

    /** A snapshot a path lies in: its cache root, repository and commit. */
    public record SnapshotRef(Path root, String repoId, String commit, Path snapshot) {}

    /**
     * The snapshot {@code path} lies in ({@code <root>/models--Org--Name/snapshots/<commit>[/...]}), read from the
     * path's names alone (links are not followed); empty when it is not in a snapshot.
     */
    public static Optional<SnapshotRef> locate(Path path) {
        Path p = path.toAbsolutePath().normalize();
        for (Path at = p; at != null && at.getParent() != null; at = at.getParent()) {
            Path snapshots = at.getParent();
            if (snapshots.getFileName() == null || !snapshots.getFileName().toString().equals("snapshots")
                    || !COMMIT.matcher(String.valueOf(at.getFileName())).matches()) {
                continue;
            }
            Path repoDir = snapshots.getParent();
            if (repoDir == null || repoDir.getFileName() == null || repoDir.getParent() == null) {
                continue;
            }
            Optional<String> repo = repoIdOf(repoDir.getFileName().toString());
            if (repo.isPresent()) {
                return Optional.of(new SnapshotRef(repoDir.getParent(), repo.get(), at.getFileName().toString(), at));
            }
        }
        return Optional.empty();
    }

    /** The repositories in this cache, by id. */
    public List<String> repos() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, MODELS_PREFIX + "*")) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    repoIdOf(p.getFileName().toString()).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            // an unreadable cache lists nothing
        }
        out.sort(null);
        return out;
    }
}
