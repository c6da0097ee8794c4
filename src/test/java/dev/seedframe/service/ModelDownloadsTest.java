package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.engine.ModelVariant;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.hub.HubException;
import dev.seedframe.hub.TransferListener;
import dev.seedframe.testing.FakeHub;
import dev.seedframe.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads the tiny pipeline from a local server speaking the Hub's API into a Hub cache, and every fault a real
 * download meets: a cut connection (resumed with Range, hash still right), altered bytes (discarded), 404, a gated
 * repository without a token (401), a stalled server, a full disk, too little free space, a server ignoring Range.
 */
class ModelDownloadsTest {

    static final String REPO = "Qwen/Qwen-Image-Tiny";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String SHARD = "transformer/diffusion_pytorch_model-00001-of-00005.safetensors";

    @TempDir
    Path tmp;

    FakeHub hub;
    Path cache;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub(Golden.tinyModel(), REPO, COMMIT, Map.of(
                "README.md", "# tiny\n".getBytes(StandardCharsets.UTF_8),
                ".gitattributes", "*.safetensors filter=lfs\n".getBytes(StandardCharsets.UTF_8),
                "transformer/diffusion_pytorch_model.bin", new byte[] {(byte) 0x80, 2, 'p', 'i', 'c', 'k', 'l', 'e'}));
        cache = tmp.resolve("hf-cache");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubConfig config() {
        return new HubConfig(hub.endpoint(), null, null, cache, Duration.ofSeconds(20), 4);
    }

    private ModelDownloads.Outcome download(HubConfig c) throws HubException {
        return new ModelDownloads(c).download(REPO, "main", TransferListener.NONE, new CancellationToken());
    }

    @Test
    void downloadsThePipelineIntoTheHubCacheLayout() throws Exception {
        hub.gate("hf_secret");
        ModelDownloads.Outcome o = download(config().withToken("hf_secret", "test"));
        Path repoDir = cache.resolve("models--Qwen--Qwen-Image-Tiny");
        Path snap = repoDir.resolve("snapshots").resolve(COMMIT);
        assertEquals(snap, o.download().snapshot());
        assertEquals(COMMIT, Files.readString(repoDir.resolve("refs").resolve("main")));
        // every needed file is a relative link into blobs/, named by its SHA-256 (LFS) or git blob id
        for (var f : hub.files().values()) {
            Path entry = snap.resolve(f.path());
            boolean wanted = f.path().contains("/") && !f.path().endsWith(".bin");
            if (!wanted && !f.path().equals("model_index.json")) {
                assertFalse(Files.exists(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS), f.path() + " was fetched");
                continue;
            }
            assertTrue(Files.isSymbolicLink(entry), f.path());
            Path target = Files.readSymbolicLink(entry);
            assertFalse(target.isAbsolute(), "relative link: " + target);
            String etag = f.lfs() ? f.sha256() : f.gitId();
            assertEquals(repoDir.resolve("blobs").resolve(etag), entry.getParent().resolve(target).normalize());
            assertEquals(f.sha256(), FakeHub.sha256(Files.readAllBytes(entry)), f.path());
        }
        try (Stream<Path> blobs = Files.list(repoDir.resolve("blobs"))) {
            assertTrue(blobs.noneMatch(p -> p.toString().endsWith(".incomplete")));
        }
        assertTrue(o.description().orElseThrow().complete(), () -> o.description().get().problems().toString());
        assertEquals(ModelVariant.QWEN_IMAGE, o.description().get().variant());
        // the token went to the Hub, never to the CDN host the LFS files were redirected to
        assertTrue(hub.seen().stream().filter(s -> s.path().startsWith("/cdn-lfs/")).allMatch(s -> s.authorization() == null));
        assertTrue(hub.seen().stream().anyMatch(s -> s.path().startsWith("/cdn-lfs/")));
        // a second run finds everything and fetches nothing
        int before = hub.seen().size();
        ModelDownloads.Outcome again = download(config().withToken("hf_secret", "test"));
        assertEquals(0, again.download().fetched());
        assertEquals(o.download().fetched(), again.download().present());
        assertEquals(before + 1, hub.seen().size(), "only the model information was asked again");
    }

    @Test
    void aCutConnectionResumesWithRangeAndTheHashStillMatches() throws Exception {
        hub.cut(SHARD, 50_000, 2);
        AtomicLong notes = new AtomicLong();
        ModelDownloads.Outcome o = new ModelDownloads(config()).download(REPO, "main", new TransferListener() {
            @Override
            public void note(String message) {
                notes.incrementAndGet();
            }
        }, new CancellationToken());
        List<String> ranges = hub.seen().stream().filter(s -> s.range() != null).map(s -> s.range()).toList();
        assertTrue(ranges.contains("bytes=50000-"), ranges.toString());
        Path shard = o.download().snapshot().resolve(SHARD);
        assertEquals(hub.files().get(SHARD).sha256(), FakeHub.sha256(Files.readAllBytes(shard)));
    }

    @Test
    void alteredBytesAreDiscardedWithAClearError() throws Exception {
        hub.alter(SHARD);
        HubException e = assertThrows(HubException.class, () -> download(config()));
        assertEquals(HubException.Kind.INTEGRITY, e.kind());
        assertTrue(e.getMessage().contains(SHARD) && e.getMessage().contains("does not match")
                && e.getMessage().contains("discarded"), e.getMessage());
        String sha = hub.files().get(SHARD).sha256();
        Path blobs = cache.resolve("models--Qwen--Qwen-Image-Tiny").resolve("blobs");
        assertFalse(Files.exists(blobs.resolve(sha)));
        assertFalse(Files.exists(blobs.resolve(sha + ".incomplete")));
        assertFalse(Files.exists(cache.resolve("models--Qwen--Qwen-Image-Tiny/snapshots/" + COMMIT + "/" + SHARD),
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void anUnknownRepositoryOrRevisionIsNamed() {
        HubException e = assertThrows(HubException.class, () -> new ModelDownloads(config()).download("Qwen/Nope",
                "main", TransferListener.NONE, new CancellationToken()));
        assertEquals(HubException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("Qwen/Nope") && e.getMessage().contains("not found"), e.getMessage());
        HubException r = assertThrows(HubException.class, () -> new ModelDownloads(config()).download(REPO,
                "v9", TransferListener.NONE, new CancellationToken()));
        assertEquals(HubException.Kind.NOT_FOUND, r.kind());
        assertTrue(r.getMessage().contains("no such revision"), r.getMessage());
    }

    @Test
    void aGatedRepositoryWithoutATokenSaysHowToLogIn() {
        hub.gate("hf_secret");
        HubException e = assertThrows(HubException.class, () -> download(config()));
        assertEquals(HubException.Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage().contains("gated") && e.getMessage().contains("hf auth login")
                && e.getMessage().contains("HF_TOKEN") && e.getMessage().contains("401"), e.getMessage());
        HubException wrong = assertThrows(HubException.class, () -> download(config().withToken("hf_wrong", "HF_TOKEN")));
        assertTrue(wrong.getMessage().contains("refused the token"), wrong.getMessage());
    }

    @Test
    void aStalledServerTimesOutAndKeepsWhatArrived() {
        hub.stall(SHARD, 30_000);
        HubException e = assertThrows(HubException.class,
                () -> download(config().withStallTimeout(Duration.ofSeconds(1)).withAttempts(2)));
        assertEquals(HubException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("sent nothing for 1 s") && e.getMessage().contains("2 tries")
                && e.getMessage().contains("resume"), e.getMessage());
        Path partial = cache.resolve("models--Qwen--Qwen-Image-Tiny/blobs/" + hub.files().get(SHARD).sha256()
                + ".incomplete");
        assertEquals(60_000, partial.toFile().length(), "what arrived is kept, and the second try resumed after it");
    }

    @Test
    void aFullDiskIsSaidAndTheDownloadResumesOnceThereIsRoom() throws Exception {
        // /dev/full answers every write with the kernel's ENOSPC, as a full file system does
        Path devFull = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devFull), "needs Linux's /dev/full");
        Path blobs = cache.resolve("models--Qwen--Qwen-Image-Tiny").resolve("blobs");
        Files.createDirectories(blobs);
        Path partial = blobs.resolve(hub.files().get(SHARD).sha256() + ".incomplete");
        Files.createSymbolicLink(partial, devFull);
        HubException e = assertThrows(HubException.class, () -> download(config()));
        assertEquals(HubException.Kind.DISK_FULL, e.kind());
        assertTrue(e.getMessage().contains("disk is full") && e.getMessage().contains("No space left on device"),
                e.getMessage());
        Files.delete(partial); // room again
        assertTrue(download(config()).description().orElseThrow().complete());
    }

    @Test
    void tooLittleFreeSpaceIsRefusedBeforeTheFirstByte() {
        hub.advertise(SHARD, 1L << 60);
        HubException e = assertThrows(HubException.class, () -> download(config()));
        assertEquals(HubException.Kind.DISK_FULL, e.kind());
        assertTrue(e.getMessage().contains("Not enough free disk space") && e.getMessage().contains("nothing was downloaded"),
                e.getMessage());
        assertTrue(hub.seen().stream().noneMatch(s -> s.path().contains("/resolve/")), "no file was asked for");
    }

    @Test
    void withoutSymbolicLinksTheSnapshotHoldsTheFiles() throws Exception {
        ModelDownloads.Outcome o = new ModelDownloads(config(), false).download(REPO, "main", TransferListener.NONE,
                new CancellationToken());
        assertTrue(o.download().copies());
        Path shard = o.download().snapshot().resolve(SHARD);
        assertFalse(Files.isSymbolicLink(shard));
        assertEquals(hub.files().get(SHARD).sha256(), FakeHub.sha256(Files.readAllBytes(shard)));
        assertTrue(o.description().orElseThrow().complete());
    }

    @Test
    void aServerThatIgnoresRangeStartsTheFileOver() throws Exception {
        hub.cut(SHARD, 40_000, 1).ignoreRange(true);
        ModelDownloads.Outcome o = download(config());
        Path shard = o.download().snapshot().resolve(SHARD);
        assertEquals(hub.files().get(SHARD).sha256(), FakeHub.sha256(Files.readAllBytes(shard)));
    }

    @Test
    void aFileAnotherDownloadHoldsIsNotWrittenTwice() throws Exception {
        Path lock = cache.resolve(".locks/models--Qwen--Qwen-Image-Tiny/" + hub.files().get(SHARD).sha256() + ".lock");
        Files.createDirectories(lock.getParent());
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = ch.lock()) {
            HubException e = assertThrows(HubException.class, () -> download(config()));
            assertEquals(HubException.Kind.BUSY, e.kind());
            assertTrue(e.getMessage().contains("Another download of " + SHARD) && held.isValid(), e.getMessage());
        }
        assertTrue(download(config()).description().orElseThrow().complete(), "free again once the other one ends");
    }

    @Test
    void aRepositoryWithoutModelIndexIsNotDownloaded() throws Exception {
        try (FakeHub other = new FakeHub(Golden.tinyModel().resolve("vae"), "someone/vae-only", COMMIT,
                Map.of())) {
            HubException e = assertThrows(HubException.class, () -> new ModelDownloads(
                    config().withEndpoint(other.endpoint())).download("someone/vae-only", "main", TransferListener.NONE,
                            new CancellationToken()));
            assertEquals(HubException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("model_index.json"), e.getMessage());
        }
        assertNull(cache.toFile().list());
    }
}
