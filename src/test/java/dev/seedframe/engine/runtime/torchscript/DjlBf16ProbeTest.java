package dev.seedframe.engine.runtime.torchscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What DJL 0.35.1 does with a bf16 tensor, measured in child JVMs (an abort cannot be caught): every
 * call {@link Bf16.DjlOp} guards aborts, and every call {@link Bf16}'s javadoc lists as safe returns.
 * If a DJL upgrade stops aborting, the first test says which guard can go.
 */
@Tag("slow")
class DjlBf16ProbeTest {

    record Run(int exit, String output) {}

    static Run probe(String... ops) throws Exception {
        String cp = Files.readString(Path.of(System.getProperty("seedframe.runtimeClasspath"))).trim()
                + File.pathSeparator + System.getProperty("seedframe.classes")
                + File.pathSeparator + System.getProperty("seedframe.testClasses");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp,
                "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                "-D" + SeedframeOps.CACHE_PROPERTY + "=" + SeedframeOps.cacheDir(),
                Bf16ProbeMain.class.getName()));
        cmd.addAll(List.of(ops));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(Bf16.DjlOp.class)
    void everyCallTheGuardRefusesAbortsTheJvmOnBf16(Bf16.DjlOp op) throws Exception {
        Run run = probe(op.name());
        assertFalse(run.output().contains("OK " + op.name()), run.output());
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("terminate called"), run.output());
    }

    @Test
    void theCallsListedAsSafeReturnOnBf16() throws Exception {
        List<String> names = new ArrayList<>(Bf16ProbeMain.safe(null, null).keySet());
        Run run = probe(names.toArray(String[]::new));
        assertEquals(0, run.exit(), run.output());
        for (String name : names) {
            assertTrue(run.output().contains("OK " + name), name + " did not return:\n" + run.output());
        }
        assertTrue(run.output().contains("OK add unknown"), "bf16 results stay bf16 (UNKNOWN in DJL)");
    }
}
