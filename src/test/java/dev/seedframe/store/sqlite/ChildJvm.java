package dev.seedframe.store.sqlite;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second Seedframe process for tests: a fresh JVM on this build's class path (the surefire
 * properties {@code seedframe.classes}, {@code seedframe.testClasses} and the file named by {@code
 * seedframe.runtimeClasspath}), with its standard output read line by line on a thread.
 */
final class ChildJvm implements AutoCloseable {

    /** Put on the queue when the child's output ends. */
    static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("reader failed: " + e);
            } finally {
                lines.add(EOF);
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} with {@code args}; its native SQLite library is unpacked into {@code tmp} (so
     * a killed child leaves nothing in the system's temporary folder) and its stderr goes to a file there.
     */
    static ChildJvm start(Path tmp, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dorg.sqlite.tmpdir=" + tmp);
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(tmp, "child-", ".stderr");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        return new ChildJvm(p, err);
    }

    static String classPath() throws IOException {
        String classes = System.getProperty("seedframe.classes");
        String testClasses = System.getProperty("seedframe.testClasses");
        String runtime = System.getProperty("seedframe.runtimeClasspath");
        if (classes == null || testClasses == null || runtime == null) {
            return System.getProperty("java.class.path"); // run outside Maven: this JVM's own class path
        }
        return classes + File.pathSeparator + testClasses + File.pathSeparator + Files.readString(Path.of(runtime)).trim();
    }

    Process process() {
        return process;
    }

    /** The next line the child printed, or {@link #EOF}; fails the test if none comes in time. */
    String nextLine(long timeoutSeconds) throws Exception {
        String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the child printed nothing for " + timeoutSeconds + " s; its stderr: " + stderr());
        }
        return line;
    }

    /** Every line up to the end of the output (call after the child ended). */
    List<String> rest() throws Exception {
        List<String> out = new ArrayList<>();
        for (String line = nextLine(30); !line.equals(EOF); line = nextLine(30)) {
            out.add(line);
        }
        return out;
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** Ends the child with SIGKILL: no shutdown hooks, no cleanup, like a crash or a power cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
