package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit finding 6 (issue 16): every run left a copy of the SQLite driver's native library in the temporary
 * folder (63 copies, 67 MB after 92 runs): the driver extracts one under a random name per process and only
 * a normal exit deletes it. Seedframe extracts it once into its cache folder and loads it from there.
 */
@Tag("reliability")
class SqliteNativeLibraryTest {

    @TempDir
    Path dir;

    private static List<String> names(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    /** Starts {@code seedframe generate} into a project and kills it (SIGKILL) once it is loading the model. */
    private void killedWhileLoading(Path tmp, Path cache, int round) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Dseedframe.cache=" + cache, "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"), "-Dseedframe.repo=" + Golden.repo(),
                "-Dseedframe.home=" + dir.resolve("home"), "-cp", CliRunner.runtimeClasspath(),
                "dev.seedframe.app.Main", "generate", "--prompt", "x", "--seed", String.valueOf(round), "--steps", "1",
                "--width", "16", "--height", "16", "--project", dir.resolve("p.seedframe").toString(),
                "--out", dir.resolve("o" + round + ".png").toString()));
        Path err = dir.resolve("err" + round + ".txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline
                && !Files.readString(err, StandardCharsets.UTF_8).contains("Loading model")) {
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL: no exit hooks, no deleteOnExit
        p.waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void killedRunsLeaveNoCopyOfTheNativeLibraryInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cache = dir.resolve("cache");
        killedWhileLoading(tmp, cache, 1);
        killedWhileLoading(tmp, cache, 2);
        assertEquals(List.of(), names(tmp).stream().filter(n -> n.contains("sqlite")).toList(),
                "the temporary folder after two killed runs");
        List<String> copies = names(cache).stream().filter(n -> n.contains("sqlitejdbc")).toList();
        assertEquals(1, copies.size(), "one copy in the cache folder, shared by every run: " + copies);
        assertTrue(Files.exists(dir.resolve("p.seedframe")), "the project was opened before the kill");
    }
}
