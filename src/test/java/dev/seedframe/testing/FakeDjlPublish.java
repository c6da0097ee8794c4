package dev.seedframe.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A local server in the layout DJL downloads libtorch from ({@code https://publish.djl.ai/pytorch/<version>/}): a
 * {@code files.txt} listing {@code <flavor>/<classifier>/native/lib/<name>.gz} for several flavours, and the gzipped
 * libraries with an S3-style {@code ETag} (the MD5 of the bytes, quoted), {@code Content-Length} and {@code Range}.
 * Serves a stand-in archive: the libraries given, under the {@code cu128/linux-x86_64} flavour. Faults per file: the
 * connection cut after N bytes, altered bytes (the ETag still the true MD5), a multipart-style ETag (no MD5 to check).
 */
public final class FakeDjlPublish implements AutoCloseable {

    /** A request as received. */
    public record Seen(String method, String path, String range) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-djl-publish");
        t.setDaemon(true);
        return t;
    });
    private final String version;
    private final Map<String, Path> gz = new LinkedHashMap<>();
    private final Map<String, String> md5 = new LinkedHashMap<>();
    private final Map<String, Long> cutAfter = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutsLeft = new ConcurrentHashMap<>();
    private final Map<String, Boolean> altered = new ConcurrentHashMap<>();
    private final Map<String, String> etags = new ConcurrentHashMap<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param version the libtorch version folder ({@code 2.7.1})
     * @param libraries file name → the library to serve gzipped under {@code cu128/linux-x86_64}
     * @param gzCache where the gzipped copies are made (reused while the library is unchanged)
     */
    public FakeDjlPublish(String version, Map<String, Path> libraries, Path gzCache) throws IOException {
        this.version = version;
        Files.createDirectories(gzCache);
        for (Map.Entry<String, Path> e : libraries.entrySet()) {
            Path lib = e.getValue();
            Path g = gzCache.resolve(e.getKey() + "-" + Files.size(lib) + ".gz");
            if (!Files.isRegularFile(g)) {
                Path tmp = gzCache.resolve(g.getFileName() + ".tmp");
                try (InputStream in = Files.newInputStream(lib);
                        OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16) {
                            {
                                def.setLevel(Deflater.BEST_SPEED);
                            }
                        }) {
                    in.transferTo(out);
                }
                Files.move(tmp, g, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            gz.put(e.getKey(), g);
            md5.put(e.getKey(), md5(g));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base to give the downloader: the folder holding {@code <version>/files.txt}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pytorch/");
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public FakeDjlPublish cut(String name, long bytes, int times) {
        cutAfter.put(name, bytes);
        cutsLeft.put(name, times);
        return this;
    }

    /** Serves {@code name} with one byte changed; its ETag stays the true MD5. */
    public FakeDjlPublish alter(String name) {
        altered.put(name, true);
        return this;
    }

    /** Gives {@code name} this ETag (e.g. an S3 multipart one, which is no MD5). */
    public FakeDjlPublish etag(String name, String etag) {
        etags.put(name, etag);
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Range")));
        String root = "/pytorch/" + version + "/";
        if (path.equals(root + "files.txt")) {
            StringBuilder sb = new StringBuilder();
            for (String flavor : new String[] {"cpu", "cu126", "cu128"}) {
                for (String classifier : new String[] {"linux-x86_64", "win-x86_64"}) {
                    for (String name : gz.keySet()) {
                        String n = classifier.startsWith("win") ? name.replace(".so", ".dll") : name;
                        sb.append(flavor).append('/').append(classifier).append("/native/lib/").append(n).append(".gz\n");
                    }
                }
            }
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        String prefix = root + "cu128/linux-x86_64/native/lib/";
        String name = path.startsWith(prefix) && path.endsWith(".gz")
                ? path.substring(prefix.length(), path.length() - 3) : null;
        if (name == null || !gz.containsKey(name)) {
            ex.getResponseHeaders().add("Content-Type", "application/xml");
            byte[] body = "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(403, body.length); // what S3 answers for a missing key
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        ex.getResponseHeaders().add("ETag", "\"" + etags.getOrDefault(name, md5.get(name)) + "\"");
        RangeResponder.Body body = RangeResponder.Body.of(gz.get(name));
        if (altered.containsKey(name)) {
            byte[] bytes = Files.readAllBytes(gz.get(name));
            bytes[bytes.length / 2] ^= 0x5a;
            body = RangeResponder.Body.of(bytes);
        }
        long cut = -1;
        Integer left = cutsLeft.get(name);
        if (left != null && left > 0 && ex.getRequestMethod().equals("GET")) {
            cutsLeft.put(name, left - 1);
            cut = cutAfter.get(name);
        }
        RangeResponder.respond(ex, body, new RangeResponder.Faults(cut, -1, 0, false));
    }

    private static String md5(Path p) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
