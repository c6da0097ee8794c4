package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.ReadOnlyFolder;
import dev.seedframe.testing.SeedframePngs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes creating and writing one new project at once; a full file system (a small tmpfs where the
 * machine allows mounting one; the store's own test injects SQLITE_FULL everywhere); read-only files.
 */
@Tag("reliability")
class ProcessesAndFileSystemsTest {

    @TempDir
    Path tmp;

    private Path png(String name, int side, long seed) throws Exception {
        Random r = new Random(seed);
        byte[] px = new byte[side * side * 3];
        r.nextBytes(px); // noise: a PNG as large as its pixels
        GenerationRequest q = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("import " + seed)
                .seed(seed).steps(2).size(16, 16).build();
        Path p = tmp.resolve(name);
        Files.write(p, SeedframePngs.encode(new RgbImage(side, side, px), q, new ModelIdentity("tiny", "t2:x",
                List.of()), new EngineEnvironment("0.1", "0.35.1", "2.7.1", "cpu", "float32", "torch-cpu", "sdpa",
                "linux")));
        return p;
    }

    private Process start(Path errFile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-Dseedframe.repo=" + Golden.repo(),
                "-Dseedframe.home=" + tmp.resolve("home"), "-Dseedframe.cache=" + System.getProperty("seedframe.cache",
                        tmp.resolve("cache").toString()), "-cp", CliRunner.runtimeClasspath(), "dev.seedframe.app.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(errFile.toFile()).start();
    }

    @Test
    void sixProcessesCreatingAndWritingOneNewProjectAllSucceed() throws Exception {
        Path project = tmp.resolve("shared.seedframe");
        int n = 6;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ps.add(start(tmp.resolve("p" + i + ".txt"), "import-png", "--project", project.toString(),
                    png("in" + i + ".png", 16, i).toString()));
        }
        for (int i = 0; i < n; i++) {
            assertTrue(ps.get(i).waitFor(3, TimeUnit.MINUTES));
            String printed = Files.readString(tmp.resolve("p" + i + ".txt"), StandardCharsets.UTF_8);
            assertEquals(0, ps.get(i).exitValue(), printed);
            assertFalse(printed.contains("delete"), printed);
        }
        try (var p = CliRunner.context().projects().open(project)) {
            assertEquals(n, p.history().size(), "every process's import is in the one project");
            assertEquals(List.of(), p.verifyFile());
        }
    }

    @Test
    void aFullFileSystemRefusesTheWriteThatDoesNotFitAndKeepsEverythingBefore() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=768k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(m.waitFor(30, TimeUnit.SECONDS) && m.exitValue() == 0,
                "no small file system can be mounted here (not root, or no mount): the store's DiskFullTest injects"
                        + " SQLITE_FULL instead");
        try {
            Path project = mount.resolve("full.seedframe");
            int recorded = 0;
            CliRunner.Result last = null;
            for (int i = 0; i < 20; i++) {
                last = CliRunner.inProcess("import-png", "--project", project.toString(),
                        png("big" + i + ".png", 120, 100 + i).toString());
                if (last.exit() != 0) {
                    break;
                }
                recorded++;
            }
            assertTrue(recorded > 0 && last.exit() == 1, "filled the disk after " + recorded + ": " + last);
            assertTrue(last.err().contains("disk is full"), last.toString());
            assertFalse(last.err().contains("Exception") || last.err().contains("SQLITE_"), last.toString());
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + project); var s = c.createStatement()) {
                var r = s.executeQuery("PRAGMA integrity_check");
                r.next();
                assertEquals("ok", r.getString(1));
            }
            try (var p = CliRunner.context().projects().open(project)) {
                assertEquals(recorded, p.history().size(), "everything saved before is there");
                assertEquals(List.of(), p.verifyFile());
            }
            // an image that cannot be written on a full disk is said, and nothing half-written is left
            try (var filler = Files.newOutputStream(mount.resolve("filler"))) {
                byte[] block = new byte[4096];
                for (int i = 0; i < 100_000; i++) {
                    filler.write(block);
                }
            } catch (java.io.IOException full) {
                // the file system is full now
            }
            CliRunner.Result out = CliRunner.inProcess("export", "--project", project.toString(), "--generation", "1",
                    "--out", mount.resolve("x.png").toString());
            assertTrue(out.exit() != 0 && out.err().contains("disk is full"), out.toString());
            assertFalse(Files.exists(mount.resolve("x.png")));
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProjectInAReadOnlyFolderIsReadNeverWrittenAndSaysWhy() throws Exception {
        Path project = tmp.resolve("ro.seedframe");
        assertEquals(0, CliRunner.inProcess("import-png", "--project", project.toString(), png("a.png", 16, 1).toString())
                .exit());
        try (ReadOnlyFolder ro = ReadOnlyFolder.make(tmp.resolve("ro"), project)) {
            Path inside = ro.path().resolve("ro.seedframe");
            byte[] before = Files.readAllBytes(inside);
            CliRunner.Result history = CliRunner.inProcess("history", "--project", inside.toString());
            assertEquals(0, history.exit(), history.toString());
            assertTrue(history.out().contains("import 1"), history.out());
            CliRunner.Result imp = CliRunner.inProcess("import-png", "--project", inside.toString(),
                    png("b.png", 16, 2).toString());
            assertEquals(1, imp.exit(), imp.toString());
            assertTrue(imp.err().contains("read-only"), imp.toString());
            assertArrayEquals(before, Files.readAllBytes(inside));
        }
    }
}
