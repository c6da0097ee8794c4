package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.service.Project;
import dev.seedframe.testing.CliRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory mode and device recorded in the project file, read back, and named by replay; bench --full-size. */
@Tag("e2e")
class EngineOptionsCliTest {

    @TempDir
    Path tmp;

    @Tag("slow")
    @Test
    void theMemoryModeIsRecordedReadBackAndNamedByReplay() throws Exception {
        Path project = tmp.resolve("modes.seedframe");
        CliRunner.Result g = CliRunner.inProcess("generate", "--project", project.toString(), "--prompt", "a kite",
                "--seed", "3", "--steps", "2", "--width", "32", "--height", "32", "--memory-mode", "stream-blocks",
                "--out", tmp.resolve("s.png").toString());
        assertEquals(0, g.exit(), g.toString());
        try (Project p = CliRunner.context().projects().open(project)) {
            GenerationRecord rec = p.load(1);
            assertEquals("stream-blocks", rec.environment().memoryMode());
            assertTrue(rec.environment().device().startsWith("cpu"), rec.environment().device());
            assertEquals("float32", rec.environment().dtype());
        }
        // streamed blocks compute the same pixels as resident weights: identical, and the mode is named
        CliRunner.Result replay = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1",
                "--verify");
        assertEquals(0, replay.exit(), replay.toString());
        assertTrue(replay.out().contains("#1 identical pixels"), replay.out());
        assertTrue(replay.out().contains("memory mode was stream-blocks, now resident"), replay.out());
        CliRunner.Result same = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1",
                "--memory-mode", "stream-blocks", "--verify");
        assertEquals(0, same.exit(), same.toString());
        assertTrue(!same.out().contains("memory mode was"), same.out());
    }

    @Tag("slow")
    @Test
    void fullSizeBenchRunsOneFullWidthBlockAndExtrapolates() {
        CliRunner.Result r = CliRunner.inProcess("bench", "--full-size", "--layers", "1", "--size", "32",
                "--text-tokens", "8", "--steps", "2", "--cfg", "1", "--weights-dir", tmp.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("1 of 60 blocks, inner width 3072"), r.out());
        assertTrue(r.out().contains("4 image tokens + 8 text tokens"), r.out());
        assertTrue(r.out().contains("EXTRAPOLATED from 1"), r.out());
        assertTrue(r.out().contains("output:       finite"), r.out());
        // each figure is on stderr as soon as it is measured: a run cut short keeps what it measured
        assertTrue(r.err().contains("written in") && r.err().contains("loaded in") && r.err().contains("step 2/2"),
                r.err());

        // int8 on the same checkpoint (reused): its effect is measured against the f32 weights, streamed
        CliRunner.Result int8 = CliRunner.inProcess("bench", "--full-size", "--layers", "1", "--size", "32",
                "--text-tokens", "8", "--steps", "1", "--cfg", "1", "--memory-mode", "int8", "--weights-dir",
                tmp.toString());
        assertEquals(0, int8.exit(), int8.toString());
        assertTrue(int8.out().contains("(reused)"), int8.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("relative RMS error ([0-9.eE+-]+)")
                .matcher(int8.out());
        assertTrue(m.find(), int8.out());
        double rel = Double.parseDouble(m.group(1));
        assertTrue(rel > 0 && rel < 1e-3, "int8 against f32 on one full-width block: " + rel);
    }

    @Test
    void fullSizeBenchRefusesABadLayerCount() {
        CliRunner.Result r = CliRunner.inProcess("bench", "--full-size", "--layers", "61", "--weights-dir",
                tmp.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--layers must be between 1 and 60, got 61"), r.err());
    }

    @Test
    void int8WithBf16IsRefusedBeforeAnythingLoads() {
        Path project = tmp.resolve("refused.seedframe");
        CliRunner.Result r = CliRunner.inProcess("generate", "--project", project.toString(), "--prompt", "a kite",
                "--steps", "2", "--width", "32", "--height", "32", "--memory-mode", "int8", "--precision", "bf16",
                "--out", tmp.resolve("r.png").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--memory-mode int8") && r.err().contains("--precision bf16"), r.err());
        assertTrue(!java.nio.file.Files.exists(tmp.resolve("r.png")), "no image written");
    }

    @Test
    void batchedCfgIsRecordedAndReplayNamesIt() throws Exception {
        Path project = tmp.resolve("cfg.seedframe");
        CliRunner.Result g = CliRunner.inProcess("generate", "--project", project.toString(), "--prompt", "a kite",
                "--negative-prompt", "blur", "--cfg", "3", "--seed", "5", "--steps", "2", "--width", "32", "--height",
                "32", "--cfg-batching", "batched", "--out", tmp.resolve("b.png").toString());
        assertEquals(0, g.exit(), g.toString());
        try (Project p = CliRunner.context().projects().open(project)) {
            assertEquals("batched", p.load(1).environment().cfgBatching());
        }
        CliRunner.Result replay = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1");
        assertEquals(0, replay.exit(), replay.toString());
        assertTrue(replay.out().contains("CFG batching was batched, now separate"), replay.out());
        CliRunner.Result same = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1",
                "--cfg-batching", "batched", "--verify");
        assertEquals(0, same.exit(), same.toString());
        assertTrue(same.out().contains("#1 identical pixels"), same.out());

        CliRunner.Result auto = CliRunner.inProcess("generate", "--prompt", "x", "--cfg-batching", "auto", "--out",
                tmp.resolve("a.png").toString());
        assertEquals(2, auto.exit(), auto.toString());
        assertTrue(auto.err().contains("use separate or batched"), auto.err());
    }
}
