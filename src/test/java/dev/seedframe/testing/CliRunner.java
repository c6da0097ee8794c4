package dev.seedframe.testing;

import dev.seedframe.app.AppContext;
import dev.seedframe.app.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs the real command line, in this JVM (fast) or in a fresh one (the way a user does). */
public final class CliRunner {

    /** Exit status and what was printed. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private static AppContext shared;

    private CliRunner() {}

    /** One application context for in-process runs, so the tiny model is loaded once. */
    public static synchronized AppContext context() {
        if (shared == null) {
            shared = new AppContext();
        }
        return shared;
    }

    /** Runs {@code seedframe args...} in this JVM. */
    public static Result inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(context());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The test run's class path: main classes plus runtime dependencies (from the build). */
    public static String runtimeClasspath() throws IOException {
        String deps = Files.readString(Path.of(System.getProperty("seedframe.runtimeClasspath"))).strip();
        return System.getProperty("seedframe.classes") + java.io.File.pathSeparator + deps;
    }

    /** Runs {@code seedframe args...} in a new JVM, as {@code java -cp ... dev.seedframe.app.Main}. */
    public static Result subprocess(Path workDir, String... args) throws IOException, InterruptedException {
        return subprocessSignalled(workDir, null, args);
    }

    /**
     * {@link #subprocess(Path, String...)}, sending the process a TERM signal (as Ctrl-C or a closed terminal
     * would) once {@code signalWhen} appears in its stderr.
     */
    public static Result subprocessSignalled(Path workDir, String signalWhen, String... args)
            throws IOException, InterruptedException {
        return run(workDir, java.util.Map.of(), signalWhen, args);
    }

    /** {@link #subprocess(Path, String...)} with {@code env} added to the environment. */
    public static Result subprocessWithEnv(Path workDir, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return run(workDir, env, null, args);
    }

    /**
     * {@link #subprocess(Path, String...)} with {@code env} added to the environment and {@code properties} as JVM
     * system properties (over the defaults: {@code seedframe.home} can point elsewhere).
     */
    public static Result subprocess(Path workDir, java.util.Map<String, String> env,
            java.util.Map<String, String> properties, String... args) throws IOException, InterruptedException {
        Path outFile = Files.createTempFile(workDir, "out", ".txt");
        Path errFile = Files.createTempFile(workDir, "err", ".txt");
        return finish(start(workDir, env, properties, outFile, errFile, args), null, outFile, errFile);
    }

    /**
     * Starts {@code seedframe args...} in a new JVM, its output going to {@code outFile} and {@code errFile}; the
     * caller waits for it (or kills it).
     */
    public static Process start(Path workDir, java.util.Map<String, String> env, java.util.Map<String, String> properties,
            Path outFile, Path errFile, String... args) throws IOException {
        java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("ai.djl.offline", "true");
        props.put("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR"));
        props.put("seedframe.repo", Golden.repo().toString());
        props.put("seedframe.home", System.getProperty("seedframe.home"));
        if (System.getProperty("seedframe.cache") != null) {
            props.put("seedframe.cache", System.getProperty("seedframe.cache"));
        }
        if (System.getProperty("seedframe.defaultModel") != null) {
            props.put("seedframe.defaultModel", System.getProperty("seedframe.defaultModel"));
        }
        props.putAll(properties);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(runtimeClasspath());
        cmd.add("dev.seedframe.app.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR"));
        pb.environment().putAll(env);
        pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        return pb.start();
    }

    private static Result run(Path workDir, java.util.Map<String, String> env, String signalWhen,
            String... args) throws IOException, InterruptedException {
        Path outFile = Files.createTempFile(workDir, "out", ".txt");
        Path errFile = Files.createTempFile(workDir, "err", ".txt");
        return finish(start(workDir, env, java.util.Map.of(), outFile, errFile, args), signalWhen, outFile, errFile);
    }

    private static Result finish(Process p, String signalWhen, Path outFile, Path errFile)
            throws IOException, InterruptedException {
        if (signalWhen != null) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (p.isAlive() && !Files.readString(errFile, StandardCharsets.UTF_8).contains(signalWhen)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            p.destroy(); // SIGTERM
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("seedframe did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                Files.readString(errFile, StandardCharsets.UTF_8));
    }
}
