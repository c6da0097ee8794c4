package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projects the previous release made (src/test/resources/release-projects) get their record hashes and
 * audit chain when they are upgraded, are sound by them, and still replay to identical pixels.
 */
@Tag("e2e")
class ReleaseProjectHashesTest {

    @TempDir
    Path tmp;

    private Path copy(String name) throws Exception {
        Path p = tmp.resolve(name);
        Files.copy(Golden.repo().resolve("src/test/resources/release-projects").resolve(name), p);
        return p;
    }

    @Test
    void theReleasedProjectsAreHashedOnUpgradeAndReplayIdentically() throws Exception {
        Path p = copy("release-0.1.0.seedframe");
        Path e = copy("release-0.1.0-edit.seedframe");
        for (Path project : List.of(p, e)) {
            CliRunner.Result h = CliRunner.inProcess("history", "--project", project.toString()); // upgrades it
            assertEquals(0, h.exit(), h.toString());
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + project); var s = c.createStatement()) {
                var r = s.executeQuery("SELECT count(*) FROM generation WHERE record_hash IS NULL");
                r.next();
                assertEquals(0, r.getInt(1), "every generation got its record hash");
                r = s.executeQuery("SELECT count(*) FROM audit WHERE entry_hash IS NULL");
                r.next();
                assertEquals(0, r.getInt(1), "every audit entry is in the chain");
            }
        }
        String[][] replays = {{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6", "--memory-mode", "int8"},
            {"7", "--cfg-batching", "batched"}, {"8", "--memory-mode", "stream-blocks"}};
        for (String[] r : replays) {
            List<String> args = new java.util.ArrayList<>(List.of("replay", "--project", p.toString(), "--verify",
                    "--generation"));
            args.addAll(List.of(r));
            CliRunner.Result res = CliRunner.inProcess(args.toArray(String[]::new));
            assertEquals(0, res.exit(), res.toString());
            assertTrue(res.out().contains("#" + r[0] + " identical pixels"), res.toString());
        }
        try (var project = CliRunner.context().projects().open(p)) {
            assertEquals(List.of(), project.verifyFile(), "sound, with its chain");
            assertEquals(java.util.Map.of(), project.tampering(), "every record as it was");
        }
    }
}
