package dev.seedframe.hub;

import dev.seedframe.domain.ByteSizes;
import dev.seedframe.domain.CancellationToken;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Downloads a repository at a revision into a Hub cache, in the layout {@code huggingface_hub} writes (see {@link
 * HfCache}), so that diffusers and {@code hf} find it too. Each file is fetched into {@code blobs/<etag>.incomplete}
 * (resumed from its length after a cut connection, a cancel or a killed process), checked against the Hub's
 * metadata (the LFS SHA-256, or git's blob id for small files) and only then renamed to {@code blobs/<etag>} and
 * linked from {@code snapshots/<commit>/<path>}; a file that does not match is discarded. Free space is checked
 * before the first byte. Where the file system has no symbolic links (Windows without developer mode), the file is
 * placed in the snapshot itself, as {@code huggingface_hub} does: moved there when newly downloaded, copied when
 * another snapshot's blob already holds it.
 */
public final class SnapshotDownloader {

    /** Chooses the files to fetch from a repository's listing, or says why the repository is not wanted. */
    @FunctionalInterface
    public interface FileSelection {
        List<RepoInfo.RepoFile> select(RepoInfo info) throws HubException;
    }

    /**
     * A finished download.
     *
     * @param repoId the repository
     * @param revision the revision asked for
     * @param commit the commit it resolved to
     * @param snapshot the snapshot folder (a diffusers pipeline folder when the selection was one)
     * @param fetched files downloaded now
     * @param present files that were already there
     * @param bytesFetched bytes downloaded now (resumed parts count only what was added)
     * @param copies true when the file system had no symbolic links and the snapshot holds copies
     */
    public record Result(String repoId, String revision, String commit, Path snapshot, int fetched, int present,
            long bytesFetched, boolean copies) {}

    private final HubClient client;
    private final HfCache cache;
    private final Boolean symlinks;

    /** Into the cache of the client's configuration; symbolic links where the file system has them. */
    public SnapshotDownloader(HubClient client) {
        this(client, new HfCache(client.config().cache()), null);
    }

    /**
     * @param symlinks whether snapshot entries are links into {@code blobs/} (true), copies (false), or whatever
     *     the file system allows (null)
     */
    public SnapshotDownloader(HubClient client, HfCache cache, Boolean symlinks) {
        this.client = client;
        this.cache = cache;
        this.symlinks = symlinks;
    }

    private enum State { PRESENT, LINK, FETCH }

    private record Planned(RepoInfo.RepoFile file, State state, long partial) {}

    public Result download(String repoId, String revision, FileSelection selection, TransferListener listener,
            CancellationToken cancel) throws HubException {
        if (!RepoInfo.safePath(revision)) {
            throw new HubException(HubException.Kind.INVALID, "\"" + revision + "\" is not a revision name");
        }
        RepoInfo info = client.repoInfo(repoId, revision, cancel);
        List<RepoInfo.RepoFile> files = selection.select(info);
        Path repoDir = cache.repoDir(repoId);
        Path snapshot = cache.snapshot(repoId, info.commit());
        try {
            Files.createDirectories(repoDir.resolve("blobs"));
            Files.createDirectories(snapshot);
        } catch (IOException e) {
            throw local("Cannot create the cache folder " + repoDir, e);
        }
        if (!revision.equals(info.commit())) {
            // as huggingface_hub does, before any file: an interrupted download is then known by its branch too
            writeRef(cache.ref(repoId, revision), info.commit());
        }
        boolean links = symlinks != null ? symlinks : symlinksWork(repoDir);
        List<Planned> plan = new ArrayList<>();
        long toFetch = 0;
        long already = 0;
        long copyBytes = 0;
        for (RepoInfo.RepoFile f : files) {
            Path entry = snapshot.resolve(f.path());
            Path blob = cache.blob(repoId, f.etag());
            if (Files.isRegularFile(entry) && HttpTransfer.sizeOf(entry) == f.size()) {
                plan.add(new Planned(f, State.PRESENT, 0));
            } else if (Files.isRegularFile(blob) && HttpTransfer.sizeOf(blob) == f.size()) {
                plan.add(new Planned(f, State.LINK, 0));
                copyBytes += links ? 0 : f.size();
            } else {
                long partial = Math.min(HttpTransfer.sizeOf(cache.incompleteBlob(repoId, f.etag())), f.size());
                plan.add(new Planned(f, State.FETCH, partial));
                toFetch += f.size() - partial;
                already += partial;
            }
        }
        checkSpace(repoDir, toFetch + copyBytes, repoId);
        int fetchCount = (int) plan.stream().filter(p -> p.state() == State.FETCH).count();
        listener.planned(fetchCount, toFetch, already);
        int fetched = 0;
        int present = 0;
        long bytes = 0;
        for (Planned p : plan) {
            if (cancel.isCancelled()) {
                throw new HubException(HubException.Kind.CANCELLED, "Cancelled; the files downloaded so far are kept,"
                        + " and the same command resumes.");
            }
            Path entry = snapshot.resolve(p.file().path());
            switch (p.state()) {
                case PRESENT -> present++;
                case LINK -> {
                    place(cache.blob(repoId, p.file().etag()), entry, links, false);
                    present++;
                }
                case FETCH -> {
                    fetch(repoId, info.commit(), p, listener, cancel);
                    place(cache.blob(repoId, p.file().etag()), entry, links, true);
                    fetched++;
                    bytes += p.file().size() - p.partial();
                    listener.fileDone(p.file().path());
                }
            }
        }
        return new Result(repoId, revision, info.commit(), snapshot, fetched, present, bytes, !links);
    }

    /** Downloads one file into its blob: locked, resumed, verified, then renamed. */
    private void fetch(String repoId, String commit, Planned p, TransferListener listener, CancellationToken cancel)
            throws HubException {
        RepoInfo.RepoFile f = p.file();
        Path lockFile = cache.lock(repoId, f.etag());
        Path partial = cache.incompleteBlob(repoId, f.etag());
        Path blob = cache.blob(repoId, f.etag());
        try {
            Files.createDirectories(lockFile.getParent());
        } catch (IOException e) {
            throw local("Cannot create " + lockFile.getParent(), e);
        }
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(lockChannel, f.path(), lockFile);
            try {
                fetchLocked(repoId, commit, f, p.partial(), partial, blob, listener, cancel);
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw local("Cannot write " + blob, e);
        }
    }

    /** {@link #fetch} once the file's lock is held. */
    private void fetchLocked(String repoId, String commit, RepoInfo.RepoFile f, long offset, Path partial, Path blob,
            TransferListener listener, CancellationToken cancel) throws HubException, IOException {
        listener.fileStarted(f.path(), f.size(), offset);
        ContentHash hash = f.lfs() ? ContentHash.sha256() : ContentHash.gitBlob(f.size());
        HttpTransfer.Get get = new HttpTransfer.Get(client.resolve(repoId, commit, f.path()), client.auth(),
                repoId + "/" + f.path());
        client.http().download(get, partial, f.size(), hash, listener, cancel);
        String got = hash.hex();
        if (!got.equals(f.etag())) {
            Files.deleteIfExists(partial);
            listener.bytes(-f.size());
            throw new HubException(HubException.Kind.INTEGRITY, f.path() + " from " + client.config().endpoint()
                    .getHost() + " does not match the Hub's metadata: its " + (f.lfs() ? "SHA-256" : "git blob id")
                    + " is " + got + ", expected " + f.etag() + ". The file was discarded; run the same command"
                    + " again to fetch it anew (if this repeats, something between you and the server alters it).");
        }
        move(partial, blob);
    }

    private static FileLock tryLock(FileChannel ch, String what, Path lockFile) throws HubException, IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new HubException(HubException.Kind.BUSY, "Another download of " + what + " is running (it holds "
                    + lockFile + "); wait for it to finish.");
        }
        return lock;
    }

    /** Puts the blob at the snapshot entry: a relative link, or (no links) the file itself. */
    private static void place(Path blob, Path entry, boolean links, boolean newBlob) throws HubException {
        try {
            Files.createDirectories(entry.getParent());
            Files.deleteIfExists(entry);
            if (links) {
                Files.createSymbolicLink(entry, entry.getParent().relativize(blob));
            } else if (newBlob) {
                move(blob, entry);
            } else {
                Files.copy(blob, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw local("Cannot place " + entry + " in the snapshot", e instanceof IOException io ? io
                    : new IOException(e.getMessage(), e));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Whether this file system takes relative symbolic links (tried once, as {@code huggingface_hub} does). */
    static boolean symlinksWork(Path dir) {
        Path link = dir.resolve(".seedframe-link-test-" + UUID.randomUUID());
        try {
            Files.createSymbolicLink(link, Path.of("blobs"));
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        } finally {
            try {
                Files.deleteIfExists(link);
            } catch (IOException ignored) {
                // a leftover test link is harmless
            }
        }
    }

    private static void checkSpace(Path dir, long needed, String repoId) throws HubException {
        if (needed <= 0) {
            return;
        }
        long usable;
        FileStore store;
        try {
            store = Files.getFileStore(dir);
            usable = store.getUsableSpace();
        } catch (IOException e) {
            return; // unknown: the write itself will say if the disk fills
        }
        if (needed > usable) {
            throw new HubException(HubException.Kind.DISK_FULL, "Not enough free disk space for " + repoId + ": "
                    + bytes(needed) + " still to download, " + bytes(usable) + " free on " + store + " (" + dir
                    + "). Free some space, or download into another cache (HF_HUB_CACHE or --cache); nothing was"
                    + " downloaded.");
        }
    }

    /** {@code 57.7 GB}, {@code 12.3 MB}, {@code 512 bytes}: see {@link ByteSizes#format}. */
    public static String bytes(long n) {
        return ByteSizes.format(n);
    }

    private static void writeRef(Path ref, String commit) throws HubException {
        try {
            Files.createDirectories(ref.getParent());
            Path tmp = ref.resolveSibling(ref.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.writeString(tmp, commit, StandardCharsets.UTF_8);
            move(tmp, ref);
        } catch (IOException e) {
            throw local("Cannot write " + ref, e);
        }
    }

    private static HubException local(String what, IOException e) {
        if (HttpErrors.isDiskFull(e)) {
            return new HubException(HubException.Kind.DISK_FULL, what + ": the disk is full (" + e.getMessage()
                    + "). Free some space and run the same command again; what was downloaded is kept.", e);
        }
        return new HubException(HubException.Kind.LOCAL_IO, what + ": " + e.getMessage(), e);
    }
}
