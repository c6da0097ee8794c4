package dev.seedframe.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Lists the snapshots of a Hub cache with what is broken or half downloaded in each (no file is read). */
public final class HfCacheScan {

    private HfCacheScan() {}

    public static List<CachedSnapshot> scan(HfCache cache) {
        List<CachedSnapshot> out = new ArrayList<>();
        for (String repoId : cache.repos()) {
            Path repoDir = cache.repoDir(repoId);
            long[] partial = partialBlobs(repoDir.resolve("blobs"));
            Path snapshots = repoDir.resolve("snapshots");
            if (!Files.isDirectory(snapshots)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapshots)) {
                for (Path snap : ds) {
                    if (!Files.isDirectory(snap)) {
                        continue;
                    }
                    String commit = snap.getFileName().toString();
                    out.add(new CachedSnapshot(cache.root(), repoId, commit, snap, HfCache.refsTo(repoDir, commit),
                            brokenLinks(snap), (int) partial[0], partial[1]));
                }
            } catch (IOException e) {
                // an unreadable repository folder lists no snapshot
            }
        }
        return out;
    }

    /** Count and bytes of {@code *.incomplete} blobs. */
    private static long[] partialBlobs(Path blobs) {
        long[] r = new long[2];
        if (!Files.isDirectory(blobs)) {
            return r;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(blobs, "*" + HfCache.INCOMPLETE)) {
            for (Path p : ds) {
                r[0]++;
                r[1] += HttpTransfer.sizeOf(p);
            }
        } catch (IOException e) {
            // unknown: reported as none
        }
        return r;
    }

    /** Snapshot entries that are links to a blob that is not there. */
    static List<String> brokenLinks(Path snapshot) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(snapshot)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                    out.add(snapshot.relativize(p).toString().replace('\\', '/'));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // what could be walked is reported
        }
        out.sort(null);
        return out;
    }
}
