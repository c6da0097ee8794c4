package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6 through the command line: {@code seedframe edit} on the tiny Qwen-Image-Edit folder. */
class EditCommandTest {

    @TempDir
    Path tmp;

    /**
     * The {@code edit} case end to end (1024² input, 16,384 condition tokens, 4 steps with true CFG):
     * the PNG within one level of the reference's, and the run recorded in a project.
     */
    @Tag("parity")
    @Tag("slow")
    @Test
    void editReproducesTheReferencePngAndIsRecorded() throws Exception {
        CaseArgs a = CaseArgs.of("edit");
        Path dir = Golden.caseDir("edit");
        Path out = tmp.resolve("edit.png");
        Path project = tmp.resolve("edit.seedframe");
        CliRunner.Result r = CliRunner.inProcess("edit", "--model", Golden.tinyEditModel().toString(), "--image",
                dir.resolve("input.png").toString(), "--prompt", a.prompt(), "--negative-prompt", a.negativePrompt(),
                "--seed", Long.toString(a.seed()), "--steps", Integer.toString(a.steps()), "--cfg",
                Double.toString(a.cfg()), "--width", Integer.toString(a.width()), "--height",
                Integer.toString(a.height()), "--out", out.toString(), "--project", project.toString());
        assertEquals(0, r.exit(), r.toString());
        int worst = InpaintCommandTest.worstDiff(ImageFiles.read(dir.resolve("output.png")).image(),
                ImageFiles.read(out).image());
        assertTrue(worst <= 1, "a pixel differs by " + worst);
        assertTrue(Files.size(project) > 0);
        CliRunner.Result h = CliRunner.inProcess("history", "--project", project.toString());
        assertEquals(0, h.exit(), h.toString());
        assertTrue(h.out().contains("edit"), h.toString());
    }

    /**
     * Two successive edits at a small condition size, the second from the first's output and recorded as
     * its child; the condition size is recorded, so a new process replays both to identical pixels.
     */
    @Tag("e2e")
    @Test
    void successiveSmallEditsAreRecordedAndReplayIdentically() throws Exception {
        Path in = Golden.component("vae_input.png"); // 48×32
        Path project = tmp.resolve("edits.seedframe");
        Path first = tmp.resolve("first.png");
        CliRunner.Result r1 = CliRunner.inProcess("edit", "--model", Golden.tinyEditModel().toString(), "--image",
                in.toString(), "--prompt", "make the sky purple", "--negative-prompt", " ", "--cfg", "4", "--seed", "7",
                "--steps", "2", "--width", "64", "--height", "48", "--condition-size", "96", "--out", first.toString(),
                "--project", project.toString());
        assertEquals(0, r1.exit(), r1.toString());
        assertTrue(r1.err().contains("resized"), r1.toString());
        CliRunner.Result r2 = CliRunner.inProcess("edit", "--model", Golden.tinyEditModel().toString(), "--image",
                first.toString(), "--prompt", "add a small moon", "--seed", "7", "--steps", "2", "--width", "64",
                "--height", "48", "--condition-size", "96", "--out", tmp.resolve("second.png").toString(), "--project",
                project.toString(), "--parent", "1");
        assertEquals(0, r2.exit(), r2.toString());
        CliRunner.Result bad = CliRunner.inProcess("edit", "--model", Golden.tinyEditModel().toString(), "--image",
                in.toString(), "--prompt", "x", "--steps", "2", "--width", "64", "--height", "48", "--condition-size", "8", "--out",
                tmp.resolve("bad.png").toString());
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("condition size must be between"), bad.toString());
        CliRunner.Result replay = CliRunner.subprocess(tmp, "replay", "--project", project.toString(), "--all", "--verify");
        assertEquals(0, replay.exit(), replay.toString());
        assertTrue(replay.out().contains("2 identical"), replay.toString());
    }

    @Test
    void aTextToImageModelCannotEdit() throws Exception {
        Path in = tmp.resolve("in.png");
        Files.write(in, dev.seedframe.imaging.Png.encode(dev.seedframe.domain.RgbImage.filled(64, 64, 10, 20, 30),
                java.util.Map.of()));
        CliRunner.Result r = CliRunner.inProcess("edit", "--image", in.toString(), "--prompt", "make it red", "--out",
                tmp.resolve("o.png").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot edit"), r.toString());
    }

    @Test
    void qwenImageEditTakesOneImage() throws Exception {
        Path in = tmp.resolve("in.png");
        Files.write(in, dev.seedframe.imaging.Png.encode(dev.seedframe.domain.RgbImage.filled(64, 64, 10, 20, 30),
                java.util.Map.of()));
        CliRunner.Result r = CliRunner.inProcess("edit", "--model", Golden.tinyEditModel().toString(), "--image",
                in.toString(), "--image", in.toString(), "--prompt", "swap them", "--out", tmp.resolve("o.png").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("one --image"), r.toString());
    }

    @Test
    void aMissingImageIsNamed() {
        CliRunner.Result r = CliRunner.inProcess("edit", "--model", Golden.tinyEditModel().toString(), "--image",
                tmp.resolve("nope.png").toString(), "--prompt", "x", "--out", tmp.resolve("o.png").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("nope.png"), r.toString());
    }
}
