package dev.seedframe.hub;

import dev.seedframe.domain.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Fetches a libtorch build the way DJL's own {@code LibUtils.downloadPyTorch} does, into a folder Seedframe owns: the
 * list {@code <base>/<version>/files.txt}, then every {@code <flavor>/<classifier>/native/lib/<name>.gz} it names,
 * each gunzipped to {@code lib/<name>}. Unlike DJL's, each file resumes with {@code Range} after a cut connection
 * or a cancel, and is checked before anything is installed.
 *
 * <p>What is checked: publish.djl.ai publishes no checksums. Each file's length must be what the server announced
 * ({@code Content-Length}); where the server's {@code ETag} is a plain MD5 (S3 objects uploaded in one part), the
 * downloaded bytes must have that MD5; every file must pass gzip's own CRC-32 and length check when unpacked. That
 * catches a cut or damaged transfer, not a deliberately altered file: the same trust as DJL's download, over HTTPS.
 * The unpacked files' SHA-256 are written to {@code SHA256SUMS} so that later damage can be found. The folder is
 * installed (renamed into place) only when every file passed.
 */
public final class LibtorchDownloader {

    /** Where DJL fetches libtorch from. */
    public static final URI DEFAULT_BASE = URI.create("https://publish.djl.ai/pytorch/");

    /** How much larger an unpacked library is than its gzip, at most, for the free-space check (an estimate). */
    static final int UNPACKED_FACTOR = 4;

    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

    /**
     * Which build, from where.
     *
     * @param base the folder holding {@code <version>/files.txt} ({@link #DEFAULT_BASE}, or a mirror)
     * @param version e.g. {@code 2.7.1}
     * @param flavor e.g. {@code cu128}
     * @param classifier e.g. {@code linux-x86_64}
     */
    public record Source(URI base, String version, String flavor, String classifier) {

        public Source {
            String b = base.toString();
            if (!b.endsWith("/")) {
                base = URI.create(b + "/");
            }
        }

        URI filesTxt() {
            return base.resolve(version + "/files.txt");
        }

        URI file(String line) {
            return base.resolve(version + "/" + line);
        }

        /** {@code 2.7.1-cu128-linux-x86_64}: the install folder's name. */
        public String folderName() {
            return version + "-" + flavor + "-" + classifier;
        }
    }

    /**
     * An installed libtorch.
     *
     * @param libDir the folder holding the libraries ({@code <target>/lib})
     * @param files the libraries
     * @param bytes their unpacked size
     * @param md5Checked how many matched the server's MD5 ETag (the others: length and gzip CRC-32 only)
     */
    public record Installed(Path libDir, List<String> files, long bytes, int md5Checked) {}

    private record Remote(String line, String name, URI uri, long size, String md5) {}

    private final HttpTransfer http;

    public LibtorchDownloader(Duration stallTimeout, int attempts) {
        this.http = new HttpTransfer(stallTimeout, attempts);
    }

    /** The library files the server lists for {@code source}. */
    public List<String> list(Source source, CancellationToken cancel) throws HubException {
        List<String> out = new ArrayList<>();
        for (String[] f : select(source, cancel)) {
            out.add(f[1]);
        }
        return out;
    }

    /** {line, name} of each file of the flavour and platform. */
    private List<String[]> select(Source source, CancellationToken cancel) throws HubException {
        HttpTransfer.Text t = http.text(new HttpTransfer.Get(source.filesTxt(), Map.of(), "the libtorch file list "
                + source.filesTxt()), cancel);
        String prefix = source.flavor() + "/" + source.classifier() + "/";
        List<String[]> out = new ArrayList<>();
        for (String raw : t.body().split("\n")) {
            String line = raw.strip();
            if (!line.startsWith(prefix) || !line.endsWith(".gz")) {
                continue;
            }
            String name = URLDecoder.decode(line.substring(line.lastIndexOf('/') + 1, line.length() - 3),
                    StandardCharsets.UTF_8);
            if (!RepoInfo.safePath(line) || !RepoInfo.safePath(name) || name.contains("/")) {
                throw new HubException(HubException.Kind.SERVER, source.filesTxt() + " lists \"" + line
                        + "\", which Seedframe will not write");
            }
            out.add(new String[] {line, name});
        }
        if (out.isEmpty()) {
            throw new HubException(HubException.Kind.NOT_FOUND, source.filesTxt() + " lists no " + source.flavor()
                    + " libtorch for " + source.classifier() + " (nothing starts with " + prefix + ")");
        }
        return out;
    }

    /**
     * Downloads, checks and unpacks {@code source} and installs it as {@code target} (replacing an earlier install
     * there only once the new one is complete). A partial download waits in {@code .<target>.partial} beside it for
     * the next call to resume.
     */
    public Installed install(Source source, Path target, TransferListener listener, CancellationToken cancel)
            throws HubException {
        List<Remote> remotes = new ArrayList<>();
        for (String[] f : select(source, cancel)) {
            URI uri = source.file(f[0]);
            HttpTransfer.Reply head = http.head(new HttpTransfer.Get(uri, Map.of(), f[1]), cancel);
            String length = head.header("Content-Length");
            if (length == null) {
                throw new HubException(HubException.Kind.SERVER, uri + " does not say its size (no Content-Length)");
            }
            String etag = head.header("ETag");
            String md5 = etag == null ? null : etag.replace("W/", "").replace("\"", "").toLowerCase(Locale.ROOT);
            remotes.add(new Remote(f[0], f[1], uri, Long.parseLong(length.strip()), md5 != null
                    && MD5.matcher(md5).matches() ? md5 : null));
        }
        Path staging = target.resolveSibling("." + target.getFileName() + ".partial");
        Path gz = staging.resolve("gz");
        Path lib = staging.resolve("lib");
        try {
            Files.createDirectories(gz);
            Files.createDirectories(lib);
        } catch (IOException e) {
            throw local("Cannot create " + staging, e);
        }
        long toFetch = 0;
        long already = 0;
        long packed = 0;
        for (Remote r : remotes) {
            long have = Math.min(HttpTransfer.sizeOf(gz.resolve(r.name() + ".gz")), r.size());
            toFetch += r.size() - have;
            already += have;
            packed += r.size();
        }
        checkSpace(staging, toFetch + packed * UNPACKED_FACTOR);
        listener.planned(remotes.size(), toFetch, already);
        List<String> sums = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long bytes = 0;
        int md5Checked = 0;
        for (Remote r : remotes) {
            Path part = gz.resolve(r.name() + ".gz");
            listener.fileStarted(r.name(), r.size(), HttpTransfer.sizeOf(part));
            ContentHash md5 = ContentHash.md5();
            http.download(new HttpTransfer.Get(r.uri(), Map.of(), r.name() + ".gz"), part, r.size(), md5, listener,
                    cancel);
            if (r.md5() != null) {
                if (!md5.hex().equals(r.md5())) {
                    delete(part);
                    throw new HubException(HubException.Kind.INTEGRITY, r.name() + ".gz from " + r.uri().getHost()
                            + " does not match the MD5 its server states (ETag " + r.md5() + ", downloaded " + md5.hex()
                            + "). It was discarded and nothing was installed; run setup-gpu again to fetch it anew.");
                }
                md5Checked++;
            }
            String sha = unpack(part, lib.resolve(r.name()), r);
            sums.add(sha + "  " + r.name());
            names.add(r.name());
            bytes += HttpTransfer.sizeOf(lib.resolve(r.name()));
            listener.fileDone(r.name());
        }
        try {
            Files.writeString(staging.resolve("build-version"), source.version() + "+" + source.flavor() + "\n");
            Files.writeString(staging.resolve("SHA256SUMS"), String.join("\n", sums) + "\n");
            Files.writeString(staging.resolve("SOURCE"), "downloaded " + Instant.now() + " from " + source.filesTxt()
                    + "\nchecked: size; gzip CRC-32 and length; MD5 against the server's ETag for " + md5Checked + " of "
                    + remotes.size() + " files\n");
            deleteTree(gz);
            if (Files.exists(target)) {
                Path old = target.resolveSibling("." + target.getFileName() + ".old");
                deleteTree(old);
                Files.move(target, old);
                deleteTree(old);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
        } catch (IOException e) {
            throw local("Cannot install " + target, e);
        }
        return new Installed(target.resolve("lib"), names, bytes, md5Checked);
    }

    /** Gunzips {@code part} into {@code out}, checking gzip's CRC-32 and length; returns the SHA-256 of {@code out}. */
    private static String unpack(Path part, Path out, Remote r) throws HubException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(part), 1 << 16);
                OutputStream o = Files.newOutputStream(out)) {
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
                o.write(buf, 0, n);
            }
        } catch (ZipException | java.io.EOFException e) {
            delete(part);
            delete(out);
            throw new HubException(HubException.Kind.INTEGRITY, r.name() + ".gz from " + r.uri().getHost()
                    + " is damaged: its gzip check failed (" + e.getMessage() + "). It was discarded and nothing was"
                    + " installed; run setup-gpu again to fetch it anew.", e);
        } catch (IOException e) {
            throw local("Cannot unpack " + r.name(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Checks an installed folder's libraries against its {@code SHA256SUMS}; returns what differs (empty: intact). */
    public static List<String> verifyInstalled(Path target) {
        List<String> problems = new ArrayList<>();
        Path sums = target.resolve("SHA256SUMS");
        try {
            for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String want = line.substring(0, 64);
                String name = line.substring(66);
                Path f = target.resolve("lib").resolve(name);
                ContentHash h = ContentHash.sha256();
                if (!Files.isRegularFile(f)) {
                    problems.add(name + " is missing");
                    continue;
                }
                h.updateFrom(f, Files.size(f));
                if (!h.hex().equals(want)) {
                    problems.add(name + " has changed since it was installed");
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add("its list of checksums (" + sums + ") cannot be read: " + e.getMessage());
        }
        return problems;
    }

    private static void checkSpace(Path dir, long needed) throws HubException {
        try {
            FileStore store = Files.getFileStore(dir);
            long usable = store.getUsableSpace();
            if (needed > usable) {
                throw new HubException(HubException.Kind.DISK_FULL, "Not enough free disk space for libtorch: about "
                        + SnapshotDownloader.bytes(needed) + " needed (download and unpacked), "
                        + SnapshotDownloader.bytes(usable) + " free on " + store + " (" + dir + "); nothing was"
                        + " downloaded.");
            }
        } catch (IOException e) {
            // unknown: the writes will say if the disk fills
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left for the next run, which starts it over
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static HubException local(String what, IOException e) {
        if (HttpErrors.isDiskFull(e)) {
            return new HubException(HubException.Kind.DISK_FULL, what + ": the disk is full (" + e.getMessage() + ").",
                    e);
        }
        return new HubException(HubException.Kind.LOCAL_IO, what + ": " + e.getMessage(), e);
    }
}
