package dev.seedframe.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzes every target of {@link ParserFuzzTest} with coverage guidance, one JVM each ({@code JAZZER_FUZZ=1}),
 * for a bounded time: {@code seedframe.fuzz.seconds} per target (default 5; CI runs the default) and at most
 * {@code seedframe.fuzz.runs} inputs (default unbounded within the time). A target that crashes, hangs on one
 * input (over {@code seedframe.fuzz.timeout} seconds, default 20) or breaks {@link FuzzContract} fails its test
 * with Jazzer's report; the input that did it is saved beside the corpus. libFuzzer's seed is
 * {@code seedframe.fuzz.seed} (default 1, so the suite tries the same inputs each time; 0 for a random one). The longer run documented for a
 * release: {@code -Dseedframe.fuzz.runs=10000 -Dseedframe.fuzz.seconds=3600} (see README "Reliability").
 */
@Tag("reliability")
class FuzzCampaignTest {

    private static final Pattern EXECUTIONS = Pattern.compile("#(\\d+)\\s+(?:DONE|NEW|REDUCE|pulse|INITED)\\s+cov: (\\d+)");

    @TestFactory
    Stream<DynamicTest> eachParserIsFuzzedWithoutACrashAHangOrAStackTrace() {
        List<Method> targets = Arrays.stream(ParserFuzzTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(FuzzTest.class))
                .sorted((a, b) -> a.getName().compareTo(b.getName())).toList();
        return targets.stream().map(m -> DynamicTest.dynamicTest(m.getName(), () -> fuzz(m.getName())));
    }

    private static void fuzz(String target) throws Exception {
        long seconds = Long.getLong("seedframe.fuzz.seconds", 5);
        long runs = Long.getLong("seedframe.fuzz.runs", 0);
        long timeout = Long.getLong("seedframe.fuzz.timeout", 20);
        Path repo = Path.of(System.getProperty("seedframe.repo", "."));
        Path work = Files.createDirectories(repo.resolve("target").resolve("fuzz").resolve(target));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + scratch(target, work), "-Djava.awt.headless=true",
                "-Djazzer.internal.basedir=" + repo, "-Djazzer.internal.arg.0=fuzz",
                "-Djazzer.internal.arg.1=-timeout=" + timeout));
        // a fixed libFuzzer seed by default, so that the suite's short campaign tries the same inputs on every run
        // and a finding is a change in the code, not luck; 0 asks libFuzzer for a random one (the longer runs)
        long seed = Long.getLong("seedframe.fuzz.seed", 1);
        int arg = 2;
        if (seed != 0) {
            cmd.add("-Djazzer.internal.arg." + arg++ + "=-seed=" + seed);
        }
        if (runs > 0) {
            cmd.add("-Djazzer.internal.arg." + arg + "=-runs=" + runs);
        }
        cmd.addAll(List.of("-cp", classPath(), FuzzOne.class.getName(), ParserFuzzTest.class.getName(), target));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("fuzz.log").toFile());
        pb.environment().put("JAZZER_FUZZ", "1");
        Process p = pb.start();
        Path logFile = work.resolve("fuzz.log");
        // the time counts from the start of fuzzing: after the JVM, Jazzer's instrumentation and the corpus
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (p.isAlive() && System.nanoTime() < deadline && !Files.readString(logFile, StandardCharsets.UTF_8)
                .contains("INITED")) {
            Thread.sleep(200);
        }
        boolean stopped = false;
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            // the time is up without a finding: SIGKILL, which Jazzer cannot take for a crash of the target (a
            // SIGTERM would run the JVM's exit, reported as "fuzz target exited" with a file for it)
            stopped = true;
            p.destroyForcibly();
            p.waitFor(60, TimeUnit.SECONDS);
        }
        String log = Files.readString(work.resolve("fuzz.log"), StandardCharsets.UTF_8);
        long executions = 0;
        long coverage = 0;
        Matcher m = EXECUTIONS.matcher(log);
        while (m.find()) {
            executions = Math.max(executions, Long.parseLong(m.group(1)));
            coverage = Math.max(coverage, Long.parseLong(m.group(2)));
        }
        System.out.printf(Locale.ROOT, "fuzz %-18s %,10d inputs, coverage %d, %s%n", target, executions, coverage,
                stopped ? "stopped after " + seconds + " s" : "exit " + p.exitValue());
        Files.writeString(repo.resolve("target").resolve("fuzz").resolve("summary.txt"), String.format(Locale.ROOT,
                "%s %d inputs coverage %d exit %d%n", target, executions, coverage, p.exitValue()),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        boolean finding = log.contains("== Java Exception") || log.contains("ERROR: libFuzzer")
                || log.contains("Test unit written to") || log.contains("FUZZ-RESULT " + target + " succeeded=0");
        if (finding || (!stopped && p.exitValue() != 0) || executions == 0) {
            fail(target + ": a finding, or no fuzzing at all (see " + logFile + "):\n" + tail(log, 6000));
        }
    }

    /** Where a target writes its files: memory ({@code /dev/shm}) where there is one, else {@code work}. */
    private static Path scratch(String target, Path work) throws java.io.IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createDirectories(shm.resolve("seedframe-fuzz-" + ProcessHandle.current().pid() + "-" + target));
        }
        return work;
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }

    static String classPath() throws Exception {
        String classes = System.getProperty("seedframe.classes");
        String testClasses = System.getProperty("seedframe.testClasses");
        Path cp = Path.of(System.getProperty("seedframe.runtimeClasspath")).resolveSibling("test-classpath.txt");
        if (classes == null || testClasses == null || !Files.exists(cp)) {
            return System.getProperty("java.class.path");
        }
        return testClasses + File.pathSeparator + classes + File.pathSeparator + Files.readString(cp).strip();
    }
}
