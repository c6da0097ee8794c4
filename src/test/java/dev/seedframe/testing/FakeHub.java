package dev.seedframe.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A local server speaking the part of the Hugging Face Hub's HTTP API that a download uses, serving one repository
 * made of a folder's files: {@code GET /api/models/{repo}/revision/{rev}?blobs=true} (file list with sizes, git blob
 * ids and LFS SHA-256), {@code GET|HEAD /{repo}/resolve/{rev}/{path}} (small files answered directly with their git
 * id as ETag; LFS files redirected to a second path, {@code /cdn-lfs/<sha256>}, on another host name, with {@code
 * X-Repo-Commit}, {@code X-Linked-Etag} and {@code X-Linked-Size}), {@code Range} requests, and the Hub's error
 * headers ({@code X-Error-Code}, {@code X-Error-Message}). Faults per file (see {@link LocalServer}), a size in the
 * metadata that differs from the file's, and a gated repository behind a token.
 */
public final class FakeHub extends LocalServer<FakeHub> {

    /** A file as served. */
    public record Served(String path, byte[] bytes, boolean lfs, String sha256, String gitId) {}

    private final String repoId;
    private final String commit;
    private final Map<String, Served> files = new TreeMap<>();
    private final Map<String, Served> bySha = new ConcurrentHashMap<>();
    private final Map<String, Long> advertised = new ConcurrentHashMap<>();
    private volatile String requiredToken;

    /**
     * Serves {@code dir} (links followed) as {@code repoId} at {@code commit} (branch {@code main}), with {@code
     * extra} files beside it; safetensors files and {@code tokenizer.json} are LFS files, the rest git files.
     */
    public FakeHub(Path dir, String repoId, String commit, Map<String, byte[]> extra) throws IOException {
        super("fake-hub");
        this.repoId = repoId;
        this.commit = commit;
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    add(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        }
        extra.forEach(this::add);
    }

    private void add(String path, byte[] bytes) {
        boolean lfs = path.endsWith(".safetensors") || path.endsWith("tokenizer.json") || path.endsWith(".bin");
        Served s = new Served(path, bytes, lfs, sha256(bytes),
                hex("SHA-1", ("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII), bytes));
        files.put(path, s);
        bySha.put(s.sha256(), s);
    }

    /** The endpoint to give the downloader ({@code http://localhost:port}); the CDN answers on 127.0.0.1. */
    public URI endpoint() {
        return URI.create("http://localhost:" + port());
    }

    public Map<String, Served> files() {
        return files;
    }

    /** Lists {@code path} with this size in the model information. */
    public FakeHub advertise(String path, long size) {
        advertised.put(path, size);
        return this;
    }

    /** A gated repository: every request needs {@code Authorization: Bearer token}. */
    public FakeHub gate(String token) {
        requiredToken = token;
        return this;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (path.startsWith("/cdn-lfs/")) {
            Served s = bySha.get(path.substring("/cdn-lfs/".length()));
            if (s == null) {
                error(ex, 404, "EntryNotFound", "no such object");
            } else {
                sendFile(ex, s.path(), RangeResponder.Body.of(s.bytes()));
            }
            return;
        }
        if (requiredToken != null && !("Bearer " + requiredToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            boolean sent = ex.getRequestHeaders().containsKey("Authorization");
            error(ex, sent ? 403 : 401, "GatedRepo", "Access to model " + repoId + " is restricted. You must have"
                    + " access to it and be authenticated to access it. Please log in.");
            return;
        }
        String api = "/api/models/" + repoId + "/revision/";
        String resolve = "/" + repoId + "/resolve/";
        if (path.startsWith("/api/models/")) {
            if (!path.startsWith(api)) {
                error(ex, 401, "RepoNotFound", "Repository not found");
                return;
            }
            String rev = decode(path.substring(api.length()));
            if (!rev.equals("main") && !rev.equals(commit)) {
                error(ex, 404, "RevisionNotFound", "Invalid rev id: " + rev);
                return;
            }
            send(ex, 200, "application/json", info().toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!path.startsWith(resolve)) {
            error(ex, 404, null, "not found");
            return;
        }
        String rest = path.substring(resolve.length());
        int slash = rest.indexOf('/');
        String rev = decode(rest.substring(0, slash));
        Served s = files.get(decode(rest.substring(slash + 1)));
        if (!rev.equals(commit) && !rev.equals("main")) {
            error(ex, 404, "RevisionNotFound", "Invalid rev id: " + rev);
        } else if (s == null) {
            error(ex, 404, "EntryNotFound", rest.substring(slash + 1) + " does not exist");
        } else if (s.lfs()) {
            ex.getResponseHeaders().add("X-Repo-Commit", commit);
            ex.getResponseHeaders().add("X-Linked-Etag", "\"" + s.sha256() + "\"");
            ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(s.bytes().length));
            ex.getResponseHeaders().add("ETag", "\"" + s.gitId() + "\"");
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/cdn-lfs/" + s.sha256()
                    + "?Expires=1&Signature=x");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        } else {
            ex.getResponseHeaders().add("X-Repo-Commit", commit);
            ex.getResponseHeaders().add("ETag", "\"" + s.gitId() + "\"");
            sendFile(ex, s.path(), RangeResponder.Body.of(s.bytes()));
        }
    }

    /** The model information as {@code /api/models/{repo}/revision/{rev}?blobs=true} returns it. */
    private JsonObject info() {
        JsonObject o = new JsonObject();
        o.addProperty("_id", "65f0000000000000000000" + commit.substring(0, 2));
        o.addProperty("id", repoId);
        o.addProperty("sha", commit);
        o.addProperty("private", false);
        o.addProperty("gated", requiredToken != null ? "manual" : "false");
        JsonArray siblings = new JsonArray();
        for (Served s : files.values()) {
            JsonObject f = new JsonObject();
            f.addProperty("rfilename", s.path());
            long size = advertised.getOrDefault(s.path(), (long) s.bytes().length);
            f.addProperty("size", size);
            if (s.lfs()) {
                f.addProperty("blobId", hex("SHA-1", new byte[0], s.sha256().getBytes(StandardCharsets.US_ASCII)));
                JsonObject lfs = new JsonObject();
                lfs.addProperty("sha256", s.sha256());
                lfs.addProperty("size", size);
                lfs.addProperty("pointerSize", 135);
                f.add("lfs", lfs);
            } else {
                f.addProperty("blobId", s.gitId());
            }
            siblings.add(f);
        }
        o.add("siblings", siblings);
        return o;
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        if (code != null) {
            ex.getResponseHeaders().add("X-Error-Code", code);
        }
        ex.getResponseHeaders().add("X-Error-Message", message);
        send(ex, status, "application/json", ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public static String sha256(byte[] bytes) {
        return hex("SHA-256", new byte[0], bytes);
    }

    static String hex(String algorithm, byte[] prefix, byte[] bytes) {
        try {
            MessageDigest d = MessageDigest.getInstance(algorithm);
            d.update(prefix);
            return HexFormat.of().formatHex(d.digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
