package dev.seedframe.app.cli;

import dev.seedframe.service.GpuSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks a libtorch folder as {@code seedframe devices} does, in a new JVM of this installation with {@code
 * PYTORCH_LIBRARY_PATH} pointing at it: a libtorch that cannot load (or crashes the JVM) harms only that process.
 */
public final class DevicesInChildProcess implements GpuSetup.RuntimeCheck {

    /** How long the check may take (starting the engine on a CUDA libtorch loads about 2 GB of libraries). */
    static final long TIMEOUT_MINUTES = 5;

    public DevicesInChildProcess() {}

    @Override
    public GpuSetup.Check check(Path libDir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String p : new String[] {"seedframe.home", "seedframe.repo", "DJL_CACHE_DIR", "ai.djl.offline"}) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.seedframe.app.Main");
        cmd.add("devices");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTORCH_LIBRARY_PATH", libDir.toString());
        Path log = Files.createTempFile("seedframe-devices", ".txt");
        try {
            Process p = pb.redirectOutput(log.toFile()).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new GpuSetup.Check(false, "`seedframe devices` did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8).strip();
            return new GpuSetup.Check(p.exitValue() == 0, out.isEmpty() ? "exit status " + p.exitValue() : out);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
