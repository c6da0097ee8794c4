package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.DemoModel;
import dev.seedframe.testing.CliRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seedframe train-demo} is reachable from the command line and refuses bad options before it trains; the
 * training itself is DemoTrainingTest's (a miniature model), the full run is a manual one (README).
 */
@Tag("unit")
class TrainDemoCliTest {

    @TempDir
    Path tmp;

    @Test
    void helpNamesTheStagesAndTheWorkFolder() {
        CliRunner.Result r = CliRunner.inProcess("train-demo", "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("--work") && r.out().contains("--benchmark-only") && r.out().contains("flow matching"),
                r.out());
        CliRunner.Result top = CliRunner.inProcess("--help");
        assertTrue(top.out().contains("train-demo"), top.out());
    }

    @Test
    void badOptionsAreUsageErrorsBeforeAnythingRuns() {
        CliRunner.Result threads = CliRunner.inProcess("train-demo", "--threads", "0", "--work", tmp.toString());
        assertEquals(Cli.EXIT_USAGE, threads.exit(), threads.toString());
        assertTrue(threads.err().contains("--threads"), threads.err());
        CliRunner.Result seeds = CliRunner.inProcess("train-demo", "--seeds", "0", "--work", tmp.toString());
        assertEquals(Cli.EXIT_USAGE, seeds.exit(), seeds.toString());
    }

    @Test
    void theEmbeddedDefaultIsTheDemoModelAndTheSuiteRunsOnTheTinyOne() {
        assertEquals(DemoModel.FOLDER, AppPaths.DEFAULT_MODEL);
        assertTrue(java.nio.file.Files.isRegularFile(AppPaths.home().resolve("models").resolve(AppPaths.DEFAULT_MODEL)
                .resolve("model_index.json")));
        // the suite pins the tiny model (pom.xml), which the other tests were written for
        assertEquals(AppPaths.tinyModel().toAbsolutePath().normalize(),
                AppPaths.defaultModel().toAbsolutePath().normalize());
    }
}
