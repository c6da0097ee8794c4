package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.PortableKernels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Projects made by the previous release (src/test/resources/release-projects/, see its README) replay to identical
 * pixels through the real command line: every generation of the text-to-image project on the tiny model (#6 with the
 * int8 memory mode and #7 with batched CFG, which they were made with), and the edit project's generation on the
 * tiny edit model. The engine's refactorings are checked against them, with libtorch's portable CPU kernels
 * ({@link PortableKernels}): on an AVX2 machine's kernels generation #6 differs by one level (PSNR 84.8 dB).
 */
@Tag("e2e")
class ReleaseProjectsReplayTest {

    /** Generations of release-0.1.0.seedframe and the engine options each was made with. */
    static final String[][] GENERATIONS = {
        {"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6", "--memory-mode", "int8"}, {"7", "--cfg-batching", "batched"}, {"8"},
    };

    @TempDir
    Path tmp;

    @BeforeAll
    static void portableKernels() {
        PortableKernels.assumePinned();
    }

    /** A copy of a release project (replay opens it read-only, but the fixture stays untouched either way). */
    Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/release-projects/" + name)) {
            assertTrue(in != null, "fixture " + name + " is missing");
            Files.copy(in, to);
        }
        return to;
    }

    @Test
    void everyGenerationOfTheTextToImageProjectReplaysToIdenticalPixels() throws Exception {
        Path project = copy("release-0.1.0.seedframe");
        for (String[] g : GENERATIONS) {
            List<String> args = new ArrayList<>(List.of("replay", "--project", project.toString(), "--generation", g[0],
                    "--model", Golden.tinyModel().toString(), "--verify"));
            args.addAll(List.of(g).subList(1, g.length));
            CliRunner.Result r = CliRunner.inProcess(args.toArray(String[]::new));
            assertEquals(0, r.exit(), "generation #" + g[0] + ": " + r);
            assertTrue(r.out().contains("#" + g[0] + " identical pixels"), r.out());
        }
    }

    @Test
    void theEditProjectReplaysToIdenticalPixels() throws Exception {
        Path project = copy("release-0.1.0-edit.seedframe");
        CliRunner.Result r = CliRunner.inProcess("replay", "--project", project.toString(), "--all", "--model",
                Golden.tinyEditModel().toString(), "--verify");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("#1 identical pixels"), r.out());
        assertTrue(r.out().contains("1 replayed, 1 identical"), r.out());
    }
}
