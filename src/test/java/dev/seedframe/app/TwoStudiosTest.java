package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.Project;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Double-clicking a project while the studio runs, as two real processes: the first studio (the real window,
 * on Monocle) is started with a project file and opens it; a second launch with another file hands it over
 * and ends, and the first studio opens that file; a launch without a file only brings the window forward.
 */
@Tag("ui")
class TwoStudiosTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondLaunchHandsItsProjectToTheRunningStudio() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path first = tmp.resolve("first.seedframe");
        Path second = tmp.resolve("second project 第二.seedframe");
        for (Path p : List.of(first, second)) {
            try (Project ignored = CliRunner.context().projects().create(p)) {
                // an empty project
            }
        }
        Process studio = start(home, first.toString());
        try {
            Path recent = home.resolve("recent-projects.txt");
            awaitFirstLine(recent, first, studio);
            assertTrue(Files.exists(home.resolve(SingleInstance.INSTANCE_FILE)));

            Process again = start(home, second.toString());
            assertTrue(again.waitFor(60, TimeUnit.SECONDS), "the second launch must end, not open a window");
            String out = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, again.exitValue(), out);
            assertTrue(out.contains("in the studio that is already running"), out);
            awaitFirstLine(recent, second, studio);

            Process plain = start(home);
            assertTrue(plain.waitFor(60, TimeUnit.SECONDS));
            String plainOut = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(plainOut.contains("brought to the front"), plainOut);
            assertTrue(studio.isAlive(), "the first studio keeps running");
        } finally {
            studio.destroy();
            studio.waitFor(20, TimeUnit.SECONDS);
            studio.destroyForcibly();
        }
    }

    private void awaitFirstLine(Path recent, Path expected, Process studio) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String seen = "";
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(recent)) {
                seen = Files.readString(recent, StandardCharsets.UTF_8);
                if (seen.lines().findFirst().orElse("").equals(expected.toAbsolutePath().normalize().toString())) {
                    return;
                }
            }
            if (!studio.isAlive()) {
                throw new AssertionError("the studio ended: " + new String(studio.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the studio did not open " + expected + "; recent projects: " + seen);
    }

    /** The studio (or a second launch) as a user starts it: Main with the file as its only argument. */
    private Process start(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
        cmd.add("-Dseedframe.repo=" + Golden.repo());
        cmd.add("-Dseedframe.home=" + home);
        for (String p : List.of("glass.platform", "monocle.platform", "prism.order", "prism.text",
                "headless.geometry", "testfx.headless")) {
            cmd.add("-D" + p + "=" + System.getProperty(p));
        }
        cmd.add("-cp");
        String testCp = Files.readString(Path.of(System.getProperty("seedframe.runtimeClasspath"))
                .resolveSibling("test-classpath.txt")).strip();
        cmd.add(System.getProperty("seedframe.classes") + File.pathSeparator + testCp);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
    }
}
