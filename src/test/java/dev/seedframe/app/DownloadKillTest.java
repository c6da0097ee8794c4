package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.FakeHub;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download killed with SIGKILL (no shutdown hook, no cleanup) in the middle of a file is resumed by the next run
 * from the bytes the killed one left, and finishes with every file verified.
 */
@Tag("e2e")
class DownloadKillTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    @Test
    void aKilledDownloadResumesAndFinishesVerified() throws Exception {
        Path cache = tmp.resolve("hf");
        Path blobs = cache.resolve("models--Qwen--Qwen-Image/blobs");
        try (FakeHub hub = new FakeHub(Golden.tinyModel(), "Qwen/Qwen-Image", COMMIT, Map.of())) {
            hub.throttle(1_000_000);
            Process p = CliRunner.start(tmp, Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_HUB_CACHE",
                    cache.toString()), Map.of(), tmp.resolve("out.txt"), tmp.resolve("err.txt"), "download",
                    "Qwen/Qwen-Image");
            Optional<Path> partial = Optional.empty();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && p.isAlive()) {
                partial = incomplete(blobs).filter(f -> f.toFile().length() > 300_000);
                if (partial.isPresent()) {
                    break;
                }
                Thread.sleep(20);
            }
            assertTrue(partial.isPresent(), "a file was half downloaded: " + Files.readString(tmp.resolve("err.txt")));
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(), "killed, not exited");
            long kept = Files.size(partial.get());
            String etag = partial.get().getFileName().toString().replace(".incomplete", "");
            assertTrue(kept > 300_000);

            hub.throttle(0);
            CliRunner.Result r = CliRunner.inProcess("download", "Qwen/Qwen-Image", "--endpoint",
                    hub.endpoint().toString(), "--cache", cache.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.err().contains("resuming "), r.err());
            assertTrue(hub.seen().stream().anyMatch(s -> ("bytes=" + kept + "-").equals(s.range())),
                    "resumed with Range from byte " + kept + " (" + etag + ")");
            Path snap = cache.resolve("models--Qwen--Qwen-Image/snapshots/" + COMMIT);
            for (FakeHub.Served f : hub.files().values()) {
                assertEquals(f.sha256(), FakeHub.sha256(Files.readAllBytes(snap.resolve(f.path()))), f.path());
            }
            assertTrue(incomplete(blobs).isEmpty());
        }
    }

    @Test
    void aSignalCancelsSaysWhatIsKeptAndTheSameCommandResumes() throws Exception {
        Path cache = tmp.resolve("hf");
        Path blobs = cache.resolve("models--Qwen--Qwen-Image/blobs");
        try (FakeHub hub = new FakeHub(Golden.tinyModel(), "Qwen/Qwen-Image", COMMIT, Map.of())) {
            hub.throttle(1_000_000);
            String[] args = {"download", "Qwen/Qwen-Image", "--endpoint", hub.endpoint().toString(), "--cache",
                    cache.toString()};
            Path err = tmp.resolve("err.txt");
            Process p = CliRunner.start(tmp, Map.of(), Map.of(), tmp.resolve("out.txt"), err, args);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && p.isAlive()
                    && incomplete(blobs).filter(f -> f.toFile().length() > 300_000).isEmpty()) {
                Thread.sleep(20);
            }
            p.destroy(); // SIGTERM, as a closed terminal; Ctrl-C's SIGINT takes the same path
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(143, p.exitValue());
            String said = Files.readString(err);
            assertTrue(said.contains("cancelled: Cancelled while fetching") && said.contains("kept")
                    && said.contains("resumes"), said);
            assertTrue(incomplete(blobs).isPresent(), "the part downloaded is kept");
            hub.throttle(0);
            CliRunner.Result r = CliRunner.inProcess(args);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.err().contains("already here from an earlier run"), r.err());
        }
    }

    private static Optional<Path> incomplete(Path blobs) throws Exception {
        if (!Files.isDirectory(blobs)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(blobs)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".incomplete")).findFirst();
        }
    }
}
