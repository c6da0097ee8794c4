package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projects the previous release made ({@code src/test/resources/release-projects}, see its README) open in
 * this version, which upgrades a copy of each to the current schema, and replay to identical pixels: generation 6
 * with the int8 memory mode and 7 with batched CFG, as they were made.
 */
@Tag("e2e")
class ReleaseProjectsReplayTest {

    @TempDir
    Path tmp;

    private Path copy(String name) throws Exception {
        Path target = tmp.resolve(name);
        Files.copy(Golden.repo().resolve("src/test/resources/release-projects").resolve(name), target);
        return target;
    }

    private static void identical(String... args) {
        List<String> all = new ArrayList<>(List.of("replay"));
        all.addAll(List.of(args));
        all.add("--verify");
        CliRunner.Result r = CliRunner.inProcess(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("identical pixels"), r.out());
    }

    @Test
    void theReleaseProjectReplaysIdentically() throws Exception {
        String p = copy("release-0.1.0.seedframe").toString();
        for (String id : new String[] {"1", "2", "3", "4", "5", "8"}) {
            identical("--project", p, "--generation", id);
        }
        identical("--project", p, "--generation", "6", "--memory-mode", "int8");
        identical("--project", p, "--generation", "7", "--cfg-batching", "batched");
        CliRunner.Result history = CliRunner.inProcess("history", "--project", p);
        assertEquals(9, history.out().strip().split("\n").length, history.out());
    }

    @Test
    void theReleaseEditProjectReplaysIdentically() throws Exception {
        String p = copy("release-0.1.0-edit.seedframe").toString();
        identical("--project", p, "--all", "--model", Golden.repo().resolve("models/qwen-image-edit-tiny").toString());
    }
}
