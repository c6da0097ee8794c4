package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 3 end to end: the project file through the real command line. */
@Tag("e2e")
class ProjectCliTest {

    @TempDir
    Path tmp;

    CliRunner.Result gen(Path project, String prompt, long seed, Path out) {
        return CliRunner.inProcess("generate", "--project", project.toString(), "--prompt", prompt, "--seed",
                Long.toString(seed), "--steps", "3", "--width", "48", "--height", "32", "--cfg", "2.5",
                "--negative-prompt", " ", "--out", out.toString());
    }

    @Tag("slow")
    @Test
    void threeGenerationsReplayIdenticallyInANewProcessAndARepeatIsServedFromTheCache() throws Exception {
        Path project = tmp.resolve("study.seedframe");
        for (int i = 1; i <= 3; i++) {
            CliRunner.Result r = gen(project, "a red kite over dunes, variant " + i, 100 + i, tmp.resolve(i + ".png"));
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("recorded generation #" + i), r.out());
        }
        CliRunner.Result replay = CliRunner.subprocess(tmp, "replay", "--project", project.toString(), "--all",
                "--verify");
        assertEquals(0, replay.exit(), replay.toString());
        for (int i = 1; i <= 3; i++) {
            assertTrue(replay.out().contains("#" + i + " identical pixels"), replay.out());
        }
        assertTrue(replay.out().contains("3 replayed, 3 identical"), replay.out());

        CliRunner.Result again = gen(project, "a red kite over dunes, variant 2", 102, tmp.resolve("again.png"));
        assertEquals(0, again.exit(), again.toString());
        Matcher m = Pattern.compile("served from the project cache in ([0-9.]+) ms: generation #2").matcher(again.out());
        assertTrue(m.find(), again.out());
        assertTrue(Double.parseDouble(m.group(1)) < 1000, "cache answer took " + m.group(1) + " ms");
        assertTrue(!again.err().contains("step "), "the model ran: " + again.err());
        assertEquals(ImageFiles.read(tmp.resolve("2.png")).image(), ImageFiles.read(tmp.resolve("again.png")).image());

        CliRunner.Result history = CliRunner.inProcess("history", "--project", project.toString());
        assertEquals(0, history.exit(), history.toString());
        assertTrue(history.out().contains("variant 3"), history.out());
        assertEquals(4, history.out().strip().split("\n").length, history.out());
    }

    @Test
    void anExportedPngImportedBackReproducesTheIdenticalImage() throws Exception {
        Path project = tmp.resolve("a.seedframe");
        assertEquals(0, gen(project, "熊猫 in the snow", 5, tmp.resolve("g.png")).exit());
        Path exported = tmp.resolve("exported.png");
        CliRunner.Result ex = CliRunner.inProcess("export", "--project", project.toString(), "--generation", "1",
                "--out", exported.toString());
        assertEquals(0, ex.exit(), ex.toString());

        Path other = tmp.resolve("b.seedframe");
        CliRunner.Result imp = CliRunner.inProcess("import-png", "--project", other.toString(), exported.toString());
        assertEquals(0, imp.exit(), imp.toString());
        assertTrue(imp.out().contains("as generation #1"), imp.out());
        CliRunner.Result replay = CliRunner.inProcess("replay", "--project", other.toString(), "--generation", "1",
                "--verify");
        assertEquals(0, replay.exit(), replay.toString());
        assertTrue(replay.out().contains("#1 identical pixels"), replay.out());
    }

    @Test
    void aChangedWeightFileIsNamedWhenAReplayDrifts() throws Exception {
        Path model = tmp.resolve("model");
        GenerateCommandTest.copyTree(Golden.tinyModel(), model);
        Path project = tmp.resolve("d.seedframe");
        CliRunner.Result r = CliRunner.inProcess("generate", "--model", model.toString(), "--project",
                project.toString(), "--prompt", "drift", "--seed", "3", "--steps", "2", "--width", "32", "--height",
                "32", "--out", tmp.resolve("d.png").toString());
        assertEquals(0, r.exit(), r.toString());
        // fine-tune by hand: scale one transformer weight tensor
        Path shard = model.resolve("transformer/diffusion_pytorch_model-00001-of-00005.safetensors");
        TensorInfo t;
        try (SafetensorsFile f = SafetensorsFile.open(shard)) {
            t = f.tensors().values().stream().filter(x -> x.numel() > 100).findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(shard.toFile(), "rw")) {
            for (long i = 0; i < t.length(); i += 4) {
                raf.seek(t.begin() + i);
                int bits = Integer.reverseBytes(raf.readInt());
                float v = Float.intBitsToFloat(bits) * 3f;
                raf.seek(t.begin() + i);
                raf.writeInt(Integer.reverseBytes(Float.floatToIntBits(v)));
            }
        }
        CliRunner.context().models().close(); // drop the loaded copy: a new process would not have it
        CliRunner.Result replay = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1",
                "--verify", "--model", model.toString());
        assertEquals(1, replay.exit(), replay.toString());
        assertTrue(replay.out().contains("#1 drifted"), replay.out());
        assertTrue(replay.out().contains("the transformer weight files changed"), replay.out());
    }

    @Test
    void aDamagedProjectFileIsReportedWithoutAStackTrace() throws Exception {
        Path bogus = tmp.resolve("bogus.seedframe");
        Files.write(bogus, Files.readAllBytes(Golden.caseDir("t2i_basic").resolve("output.png")));
        CliRunner.Result r = CliRunner.inProcess("history", "--project", bogus.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void importingAnotherToolsParametersTextNamesWhatDoesNotCarryOver() throws Exception {
        RgbImage img = ImageFiles.read(Golden.caseDir("t2i_basic").resolve("output.png")).image();
        Path png = tmp.resolve("a1111.png");
        ImageFiles.writeAtomically(png, dev.seedframe.imaging.Png.encode(img, java.util.Map.of("parameters",
                "a castle\nNegative prompt: blurry\nSteps: 20, Sampler: DPM++ 2M, CFG scale: 7, Seed: 1234,"
                        + " Size: 32x32, Model: sdxl_base")));
        CliRunner.Result r = CliRunner.inProcess("import-png", "--project", tmp.resolve("i.seedframe").toString(),
                png.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("seed 1234, 20 steps, cfg 7.0, 32x32"), r.out());
        assertTrue(r.err().contains("DPM++ 2M"), r.err());
        assertTrue(r.err().contains("sdxl_base"), r.err());
    }

    @Test
    void anImageTheProjectCannotRecordIsStillWrittenToOut() throws Exception {
        Path project = tmp.resolve("full.seedframe");
        assertEquals(0, gen(project, "a kite", 1, tmp.resolve("1.png")).exit());
        // the project refuses the next generation as a full disk would
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + project);
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TRIGGER refuse BEFORE INSERT ON generation"
                    + " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
        }
        Path out = tmp.resolve("2.png");
        CliRunner.Result r = gen(project, "a kite", 2, out);
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("could not record"), r.err());
        assertTrue(r.err().contains("the image was written to " + out), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
        dev.seedframe.imaging.ImageFiles.Decoded d = ImageFiles.read(out);
        assertEquals(48, d.image().width());
        String settings = d.text().get(dev.seedframe.service.SeedframePng.KEY);
        assertTrue(settings != null && settings.contains("\"seed\":2"), String.valueOf(settings));
    }

    @Test
    void aMissingParentIsRefusedBeforeTheModelRuns() throws Exception {
        Path project = tmp.resolve("p.seedframe");
        assertEquals(0, gen(project, "a kite", 1, tmp.resolve("1.png")).exit());
        Path out = tmp.resolve("orphan.png");
        CliRunner.Result r = CliRunner.inProcess("generate", "--project", project.toString(), "--parent", "99",
                "--prompt", "x", "--steps", "2", "--width", "32", "--height", "32", "--out", out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--parent 99") && r.err().contains("not in this project"), r.err());
        assertTrue(!Files.exists(out));

        Path fresh = tmp.resolve("new.seedframe");
        r = CliRunner.inProcess("generate", "--project", fresh.toString(), "--parent", "5", "--prompt", "x",
                "--steps", "2", "--width", "32", "--height", "32", "--out", out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(!Files.exists(fresh), "no empty project left behind");
    }

    @Test
    void verifyReportsAnUnreadableGenerationAndStillChecksTheOthers() throws Exception {
        Path project = tmp.resolve("v.seedframe");
        for (int i = 1; i <= 3; i++) {
            assertEquals(0, gen(project, "a kite " + i, i, tmp.resolve(i + ".png")).exit());
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + project);
                java.sql.Statement st = c.createStatement()) {
            st.execute("UPDATE generation SET request_json = '{\"kind\": 42' WHERE id = 2");
        }
        CliRunner.Result r = CliRunner.inProcess("verify", "--project", project.toString());
        assertEquals(1, r.exit(), r.toString());
        // the edited request is named as such (issue 16), not replayed
        assertTrue(r.out().contains("#2: the record was changed after Seedframe wrote it")
                && r.out().contains("no longer reads"), r.out());
        assertTrue(r.out().contains("#3"), "the generation after the damaged one was checked: " + r.out());
        assertTrue(r.out().contains("3 generations checked; 2 problems"), r.out()); // the file check names it too
    }

    @Test
    void aMissingModelFolderOrGenerationIsInputToChange() throws Exception {
        Path project = tmp.resolve("m.seedframe");
        assertEquals(0, gen(project, "a kite", 1, tmp.resolve("1.png")).exit());
        CliRunner.Result r = CliRunner.inProcess("generate", "--model", tmp.resolve("nope").toString(), "--prompt",
                "x", "--out", tmp.resolve("x.png").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("nope does not exist: pass the folder of a diffusers Qwen-Image model"), r.err());
        r = CliRunner.inProcess("export", "--project", project.toString(), "--generation", "99", "--out",
                tmp.resolve("e.png").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("Generation 99 is not in this project"), r.err());
        r = CliRunner.inProcess("history", "--project", tmp.resolve("nothere.seedframe").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("There is no project file at"), r.err());
    }

    @Test
    @Tag("slow")
    void aTermSignalCancelsTheRunAndSaysSoLeavingTheProjectAsItWas() throws Exception {
        Path project = tmp.resolve("sig.seedframe");
        assertEquals(0, gen(project, "a kite", 1, tmp.resolve("1.png")).exit());
        byte[] before = Files.readAllBytes(project);
        Path out = tmp.resolve("never.png");
        CliRunner.Result r = CliRunner.subprocessSignalled(tmp, "step 2/", "generate", "--project", project.toString(),
                "--prompt", "a long run", "--steps", "200", "--width", "64", "--height", "64", "--out",
                out.toString());
        assertTrue(r.err().contains("cancelled by a signal: nothing half-done was recorded or written"), r.err());
        assertTrue(!Files.exists(out), "no image written");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(project)), "the project is unchanged");
    }
}
