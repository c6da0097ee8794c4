package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 harness: {@code seedframe generate} processes on the tiny model, two at a time into one project,
 * killed with SIGKILL at a random moment of a random phase (start, model load, denoising, decoding, the
 * commit after the last step). Then: SQLite's integrity check passes, {@code verify} finds the file sound and
 * every record replaying identically, and every generation a process reported as recorded is there, with its
 * seed. {@code seedframe.kill.trials} trials (default 30; the README's longer run used 200).
 */
@Tag("reliability")
class KillDuringGenerationTest {

    private static final Pattern RECORDED = Pattern.compile("recorded generation #(\\d+) in .*seed (\\d+),");

    enum Phase { START, LOAD, DENOISE, DECODE, COMMIT }

    @TempDir
    Path tmp;

    @Test
    void killedRunsNeverCorruptTheProjectNorLoseAReportedGeneration() throws Exception {
        int trials = Integer.getInteger("seedframe.kill.trials", 30);
        Path project = tmp.resolve("killed.seedframe");
        Random random = new Random(Long.getLong("seedframe.kill.seed", 16));
        List<Phase> phases = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            phases.add(Phase.values()[i % Phase.values().length]);
            delays.add((long) random.nextInt(400));
        }
        Collections.shuffle(phases, random);
        Map<Long, Long> reported = new ConcurrentHashMap<>(); // generation id -> seed
        Map<Phase, int[]> outcome = new LinkedHashMap<>(); // per phase: killed, finished anyway
        for (Phase p : Phase.values()) {
            outcome.put(p, new int[2]);
        }
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            int trial = i;
            runs.add(two.submit(() -> {
                boolean killed = trial(project, trial, phases.get(trial), delays.get(trial), reported);
                synchronized (outcome) {
                    outcome.get(phases.get(trial))[killed ? 0 : 1]++;
                }
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get(10, TimeUnit.MINUTES);
        }
        two.shutdown();
        StringBuilder summary = new StringBuilder();
        outcome.forEach((p, n) -> summary.append(String.format(Locale.ROOT, " %s: %d killed, %d finished first;",
                p.name().toLowerCase(Locale.ROOT), n[0], n[1])));
        System.out.printf("%d trials,%s %d generations reported recorded%n", trials, summary, reported.size());

        try (var c = DriverManager.getConnection("jdbc:sqlite:" + project); var s = c.createStatement()) {
            var r = s.executeQuery("PRAGMA integrity_check");
            r.next();
            assertEquals("ok", r.getString(1));
        }
        CliRunner.Result verify = CliRunner.inProcess("verify", "--project", project.toString());
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().contains("project file: sound"), verify.out());
        CliRunner.Result history = CliRunner.inProcess("history", "--project", project.toString());
        for (Map.Entry<Long, Long> g : reported.entrySet()) {
            assertTrue(Pattern.compile("(?m)^" + g.getKey() + "\\s+\\S+ \\S+\\s+t2i\\s+" + g.getValue() + "\\s")
                    .matcher(history.out()).find(), "reported generation #" + g.getKey() + " (seed " + g.getValue()
                    + ") is present:\n" + history.out());
        }
        try (var files = Files.list(tmp)) {
            List<String> left = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(".killed") || n.endsWith("-journal")).toList();
            assertEquals(List.of(), left, "no temporary file or rollback journal left once a process opened it again");
        }
    }

    /** One run; true when it was killed before it ended by itself. */
    private boolean trial(Path project, int trial, Phase phase, long delayMs, Map<Long, Long> reported)
            throws Exception {
        Path out = tmp.resolve("out" + trial + ".txt");
        Path err = tmp.resolve("err" + trial + ".txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"), "-Dseedframe.repo=" + Golden.repo(),
                "-Dseedframe.home=" + tmp.resolve("home"), "-Dseedframe.cache=" + System.getProperty("seedframe.cache",
                        tmp.resolve("cache").toString()), "-cp", CliRunner.runtimeClasspath(), "dev.seedframe.app.Main",
                "generate", "--project", project.toString(), "--prompt", "kill test " + trial, "--seed",
                String.valueOf(1000 + trial), "--steps", "3", "--width", "16", "--height", "16", "--out",
                tmp.resolve("g" + trial + ".png").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR"));
        Process p = pb.start();
        String marker = switch (phase) {
            case START -> null;
            case LOAD -> "Loading model";
            case DENOISE -> "step 1/3";
            case DECODE, COMMIT -> "step 3/3";
        };
        long wait = switch (phase) {
            case START -> delayMs;
            case LOAD, DENOISE -> delayMs / 2;
            case DECODE -> delayMs / 2; // the decode of a 16×16 image: tens of milliseconds
            case COMMIT -> 300 + 6 * delayMs; // after the decode: the PNG, the record, its fsyncs; some runs finish
        };
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (marker != null && p.isAlive() && System.nanoTime() < deadline
                && !Files.readString(err, StandardCharsets.UTF_8).contains(marker)) {
            Thread.sleep(5);
        }
        boolean killed = !p.waitFor(wait, TimeUnit.MILLISECONDS);
        if (killed) {
            p.destroyForcibly();
        }
        p.waitFor(2, TimeUnit.MINUTES);
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Matcher m = RECORDED.matcher(printed);
        while (m.find()) {
            reported.put(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        }
        if (!killed) {
            assertEquals(0, p.exitValue(), "a run that was not killed succeeds: " + Files.readString(err));
        }
        return killed;
    }
}
