package dev.seedframe.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A local server in the layout DJL downloads libtorch from ({@code https://publish.djl.ai/pytorch/<version>/}): a
 * {@code files.txt} listing {@code <flavor>/<classifier>/native/lib/<name>.gz} for several flavours, and the gzipped
 * libraries with an S3-style {@code ETag} (the MD5 of the bytes, quoted), {@code Content-Length} and {@code Range}.
 * Serves a stand-in archive: the libraries given, under the {@code cu128/linux-x86_64} flavour. Faults per file (see
 * {@link LocalServer}, keyed by the library's name), and an ETag that is no MD5 (an S3 multipart upload's).
 */
public final class FakeDjlPublish extends LocalServer<FakeDjlPublish> {

    private final String version;
    private final Map<String, Path> gz = new LinkedHashMap<>();
    private final Map<String, String> md5 = new LinkedHashMap<>();
    private final Map<String, String> etags = new ConcurrentHashMap<>();

    /**
     * @param version the libtorch version folder ({@code 2.7.1})
     * @param libraries file name → the library to serve gzipped under {@code cu128/linux-x86_64}
     * @param gzCache where the gzipped copies are made (reused while the library's size is the same)
     */
    public FakeDjlPublish(String version, Map<String, Path> libraries, Path gzCache) throws IOException {
        super("fake-djl-publish");
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
                Files.move(tmp, g, StandardCopyOption.REPLACE_EXISTING);
            }
            gz.put(e.getKey(), g);
            md5.put(e.getKey(), md5(g));
        }
    }

    /**
     * Serves a stand-in archive made here: random bytes under the names of libtorch's CUDA build's libraries
     * ({@code libc10.so}, {@code libtorch.so}, {@code libtorch_cpu.so}, {@code libtorch_cuda.so}) in {@code dir/src}.
     *
     * @param cpuBytes the size of {@code libtorch_cpu.so} (the big one)
     * @param otherBytes the size of each other library
     */
    public static FakeDjlPublish standIn(Path dir, long seed, int cpuBytes, int otherBytes) throws IOException {
        Map<String, Path> libs = new LinkedHashMap<>();
        java.util.Random r = new java.util.Random(seed);
        for (String name : new String[] {"libc10.so", "libtorch.so", "libtorch_cpu.so", "libtorch_cuda.so"}) {
            byte[] b = new byte[name.equals("libtorch_cpu.so") ? cpuBytes : otherBytes];
            r.nextBytes(b);
            Path p = Files.createDirectories(dir.resolve("src")).resolve(name);
            Files.write(p, b);
            libs.put(name, p);
        }
        return new FakeDjlPublish("2.7.1", libs, dir.resolve("gz"));
    }

    /** The base to give the downloader: the folder holding {@code <version>/files.txt}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + port() + "/pytorch/");
    }

    /** Gives {@code name} this ETag (e.g. an S3 multipart one, which is no MD5). */
    public FakeDjlPublish etag(String name, String etag) {
        etags.put(name, etag);
        return this;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
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
            send(ex, 200, "text/plain", sb.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        String prefix = root + "cu128/linux-x86_64/native/lib/";
        String name = path.startsWith(prefix) && path.endsWith(".gz")
                ? path.substring(prefix.length(), path.length() - 3) : null;
        if (name == null || !gz.containsKey(name)) {
            // what S3 answers for a key it does not have
            send(ex, 403, "application/xml", "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().add("ETag", "\"" + etags.getOrDefault(name, md5.get(name)) + "\"");
        sendFile(ex, name, RangeResponder.Body.of(gz.get(name)));
    }

    private static String md5(Path p) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
