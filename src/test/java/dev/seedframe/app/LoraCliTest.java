package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.ModelSource;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.SchedulerOverride;
import dev.seedframe.engine.SamplingPreset;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.service.LoraFiles;
import dev.seedframe.service.ParametersText;
import dev.seedframe.service.Project;
import dev.seedframe.service.UserDirs;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.LoraFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's LoRA and single-file options end to end on the tiny model: {@code --lora FILE[:WEIGHT]} in both
 * modes against the diffusers golden images, the Lightning preset, what a project records, replay and verify, a
 * missing or damaged LoRA, and an fp8 single-file transformer ({@code --transformer}).
 */
@Tag("parity")
class LoraCliTest {

    @TempDir
    Path tmp;

    /** The case's call as command-line options, without steps and CFG when the LoRA's preset is to set them. */
    private static List<String> args(CaseArgs a, Path out, boolean stepsAndCfg) {
        List<String> args = new ArrayList<>(List.of("generate", "--model", Golden.tinyModel().toString(), "--prompt",
                a.prompt(), "--seed", Long.toString(a.seed()), "--width", Integer.toString(a.width()), "--height",
                Integer.toString(a.height()), "--out", out.toString()));
        if (stepsAndCfg) {
            args.addAll(List.of("--steps", Integer.toString(a.steps()), "--cfg", Double.toString(a.cfg())));
        }
        if (a.negativePrompt() != null) {
            args.add("--negative-prompt");
            args.add(a.negativePrompt());
        }
        return args;
    }

    private static int worstDifference(Path expectedPng, Path gotPng) throws Exception {
        RgbImage e = ImageFiles.read(expectedPng).image();
        RgbImage g = ImageFiles.read(gotPng).image();
        assertEquals(e.width(), g.width());
        assertEquals(e.height(), g.height());
        int worst = 0;
        for (int i = 0; i < e.rgb().length; i++) {
            worst = Math.max(worst, Math.abs((e.rgb()[i] & 0xff) - (g.rgb()[i] & 0xff)));
        }
        return worst;
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "merged"})
    void twoAdaptersOneNegativeMatchTheDiffusersImageInEitherMode(String mode) throws Exception {
        Path out = tmp.resolve("two-" + mode + ".png");
        List<String> args = args(LoraFixtures.args("lora_two"), out, true);
        args.addAll(List.of("--lora", LoraFixtures.lora("style_peft.safetensors") + ":0.8",
                "--lora", LoraFixtures.lora("detail_aitoolkit.safetensors") + ":-0.5", "--lora-mode", mode));
        CliRunner.Result r = CliRunner.inProcess(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        int worst = worstDifference(LoraFixtures.caseDir("lora_two").resolve("output.png"), out);
        assertTrue(worst <= 1, mode + ": a pixel differs by " + worst + " levels");
        assertTrue(r.out().contains("LoRA style_peft.safetensors 0.8 " + mode)
                && r.out().contains("LoRA detail_aitoolkit.safetensors -0.5 " + mode), r.out());
        // the A1111 text names both adapters, and reading it back takes the tags out of the prompt
        String parameters;
        try (var in = Files.newInputStream(out)) {
            parameters = dev.seedframe.imaging.Png.readText(in).get("parameters");
        }
        assertTrue(parameters.contains("<lora:style_peft:0.8> <lora:detail_aitoolkit:-0.5>"), parameters);
        assertTrue(parameters.contains("Lora hashes: \"style_peft: aeb5003979, detail_aitoolkit: "), parameters);
        ParametersText.Parsed p = ParametersText.parse(parameters);
        assertEquals(LoraFixtures.args("lora_two").prompt(), p.prompt());
        assertEquals(List.of(new ParametersText.LoraTag("style_peft", 0.8, "aeb5003979")), p.loras().subList(0, 1));
        assertEquals(-0.5, p.loras().get(1).weight());
    }

    @Test
    void aLightningLoraBringsItsPresetAndMatchesTheDiffusersImage() throws Exception {
        Path out = tmp.resolve("lightning.png");
        Path project = tmp.resolve("lightning.seedframe");
        List<String> args = args(LoraFixtures.args("lightning_t2i"), out, false);
        args.addAll(List.of("--lora", LoraFixtures.lora("lightning_4step.safetensors").toString(), "--project",
                project.toString()));
        CliRunner.Result r = CliRunner.inProcess(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        try (Project p = CliRunner.context().projects().openForReading(project)) {
            // the scheduler actually used is part of the request
            SchedulerOverride s = p.load(1).request().scheduler();
            assertEquals(SamplingPreset.lightning(4).scheduler(), s);
            assertEquals(Math.log(3), s.baseShift());
        }
        assertTrue(r.err().contains("note: lightning_4step.safetensors is a LoRA with a preset (Lightning, 4 steps): 4"
                + " steps, CFG 1.0, its scheduler"), r.err());
        assertTrue(r.out().contains("4 steps, cfg 1.0"), r.out());
        int worst = worstDifference(LoraFixtures.caseDir("lightning_t2i").resolve("output.png"), out);
        assertTrue(worst <= 1, "a pixel differs by " + worst + " levels");

        // a step count given by the user is kept, and said so
        Path six = tmp.resolve("six.png");
        List<String> own = args(LoraFixtures.args("lightning_t2i"), six, false);
        own.addAll(List.of("--lora", LoraFixtures.lora("lightning_4step.safetensors").toString(), "--steps", "2"));
        r = CliRunner.inProcess(own.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("kept --steps 2") && r.out().contains("2 steps, cfg 1.0"), r.toString());
    }

    @Test
    void aProjectRecordsTheLorasAndReplaysThemBitIdenticallyAndVerifyPasses() throws Exception {
        Path loras = Files.createDirectories(tmp.resolve("my loras"));
        // the kohya adapter with a metadata entry of its own: a file no other folder holds (the fixtures' folder is
        // known to the shared test home once another test used it, and would be found by the hash)
        Path style = uniqueCopy(LoraFixtures.lora("style_kohya.safetensors"), loras.resolve("style.safetensors"));
        String styleSha = sha256(style);
        Path project = tmp.resolve("p.seedframe");
        List<String> args = args(LoraFixtures.args("lora_kohya_weight"), tmp.resolve("a.png"), true);
        args.addAll(List.of("--lora", style + ":0.7", "--lora-mode", "merged", "--project", project.toString()));
        CliRunner.Result r = CliRunner.inProcess(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        int worst = worstDifference(LoraFixtures.caseDir("lora_kohya_weight").resolve("output.png"),
                tmp.resolve("a.png"));
        assertTrue(worst <= 1, "a pixel differs by " + worst + " levels");
        try (Project p = CliRunner.context().projects().openForReading(project)) {
            GenerationRecord rec = p.load(1);
            assertEquals(List.of(new LoraSpec(style.toAbsolutePath().normalize().toString(), 0.7, LoraMethod.MERGED)),
                    rec.request().loras());
            assertEquals(styleSha, LoraFiles.recordedSha256s(rec.model()).get(0));
            assertTrue(rec.model().components().stream().anyMatch(c -> c.name().equals("lora:style.safetensors")
                    && c.className().equals("LoRA merged, weight 0.7")), rec.model().components().toString());
        }
        // the same request again is answered from the cache: its key is over the identity that names the LoRA
        r = CliRunner.inProcess(args.toArray(String[]::new));
        assertTrue(r.out().contains("served from the project cache"), r.out());

        r = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("#1 identical pixels") && !r.out().contains("although"), r.out());
        r = CliRunner.inProcess("verify", "--project", project.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("#1 identical pixels") && r.out().contains("1 generation checked"), r.out());

        // moved into the user's LoRA folder under another name: found there by its SHA-256
        Path userLoras = Files.createDirectories(UserDirs.data().resolve("loras"));
        Path moved = userLoras.resolve("renamed-" + System.nanoTime() + ".safetensors");
        Files.move(style, moved);
        try {
            r = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("#1 identical pixels (although the LoRA style.safetensors was found by its"
                    + " SHA-256 at " + moved + ")"), r.out());
        } finally {
            Files.move(moved, style);
        }

        // gone: the replay names the file, its hash and where it looked, and runs nothing
        Files.delete(style);
        r = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1");
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("The LoRA style.safetensors of generation #1 (SHA-256 " + styleSha
                + ", weight 0.7, merged) is missing: " + style + " does not exist"), r.err());
        r = CliRunner.inProcess("verify", "--project", project.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("#1: cannot be replayed: The LoRA style.safetensors"), r.out());
    }

    @Test
    void aDamagedLoraIsRefusedClearlyAndNothingIsWritten() throws Exception {
        byte[] good = Files.readAllBytes(LoraFixtures.lora("style_peft.safetensors"));
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(good, good.length / 2));
        Path out = tmp.resolve("never.png");
        Path project = tmp.resolve("never.seedframe");
        List<String> args = args(LoraFixtures.args("lora_peft"), out, true);
        args.addAll(List.of("--lora", cut.toString(), "--project", project.toString()));
        CliRunner.Result r = CliRunner.inProcess(args.toArray(String[]::new));
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("cut.safetensors"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(out), "no PNG written");
        assertFalse(Files.exists(project), "no project created");

        r = CliRunner.inProcess("generate", "--prompt", "x", "--lora", tmp.resolve("nothere.safetensors").toString(),
                "--out", out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--lora " + tmp.resolve("nothere.safetensors") + " does not exist"), r.err());
        r = CliRunner.inProcess("generate", "--prompt", "x", "--lora-mode", "fused", "--out", out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("'fused' is not a LoRA mode: runtime or merged"), r.err());
    }

    @Test
    void anFp8SingleFileTransformerRunIsRecordedWithItsFileAndReplaysIdentically() throws Exception {
        Path fp8 = Files.copy(Golden.singleFileDir().resolve("files/qwen-tiny_fp8_e4m3fn.safetensors"),
                tmp.resolve("qwen-tiny_fp8_e4m3fn.safetensors"));
        CaseArgs a = CaseArgs.of(Golden.singleFileDir().resolve("cases/single_fp8"));
        Path out = tmp.resolve("fp8.png");
        Path project = tmp.resolve("fp8.seedframe");
        List<String> args = args(a, out, true);
        args.addAll(List.of("--transformer", fp8.toString(), "--project", project.toString()));
        CliRunner.Result r = CliRunner.inProcess(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        int worst = worstDifference(Golden.singleFileDir().resolve("cases/single_fp8/output.png"), out);
        assertTrue(worst <= 1, "a pixel differs by " + worst + " levels");
        try (Project p = CliRunner.context().projects().openForReading(project)) {
            ModelSource source = p.load(1).modelSource();
            assertNotNull(source.files(), String.valueOf(source));
            assertEquals(fp8.toAbsolutePath().normalize().toString(), source.files().transformer());
            assertEquals(Golden.tinyModel().toAbsolutePath().normalize().toString(), source.folder());
        }
        r = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("#1 identical pixels") && !r.out().contains("although"), r.out());

        // the single file gone: named, nothing run
        Files.delete(fp8);
        r = CliRunner.inProcess("replay", "--project", project.toString(), "--generation", "1");
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("the transformer file " + fp8.toAbsolutePath().normalize() + " is gone"), r.err());
    }

    @Test
    void importingAnotherToolsPngWithLoraTagsOffersTheLorasFoundInALoraFolder() throws Exception {
        Path userLoras = Files.createDirectories(UserDirs.data().resolve("loras"));
        String name = "style-" + System.nanoTime();
        Path style = Files.copy(LoraFixtures.lora("style_peft.safetensors"), userLoras.resolve(name + ".safetensors"));
        try {
            String parameters = "a red circle <lora:" + name + ":0.8> <lora:elsewhere:1>\nSteps: 5, Sampler: Euler,"
                    + " CFG scale: 4, Seed: 42, Size: 48x32, Lora hashes: \"" + name + ": "
                    + sha256(style).substring(0, 10) + ", elsewhere: 0123456789\"";
            Path png = tmp.resolve("a1111.png");
            Files.write(png, dev.seedframe.imaging.Png.encode(
                    ImageFiles.read(LoraFixtures.caseDir("lora_peft").resolve("output.png")).image(),
                    java.util.Map.of("parameters", parameters)));
            Path project = tmp.resolve("imported.seedframe");
            CliRunner.Result r = CliRunner.inProcess("import-png", "--project", project.toString(), png.toString());
            assertEquals(0, r.exit(), r.toString());
            try (Project p = CliRunner.context().projects().openForReading(project)) {
                GenerationRecord rec = p.load(1);
                assertEquals("a red circle", rec.request().prompt());
                assertEquals(List.of(LoraSpec.runtime(style.toString(), 0.8)), rec.request().loras());
                List<String> notes = dev.seedframe.domain.Note.english(rec.adjustments());
                assertTrue(notes.stream().anyMatch(n -> n.startsWith("the LoRA '" + name + "' (weight 0.8) it was made"
                        + " with was found at " + style)), notes.toString());
                assertTrue(notes.contains("the LoRA 'elsewhere' (weight 1.0) it was made with is in no LoRA folder"
                        + " here; the image will differ without it"), notes.toString());
            }
        } finally {
            Files.deleteIfExists(style);
        }
    }

    @Test
    void benchPrintsTheLightningRowAndTheFp8FilesSizeOnDisk() throws Exception {
        Path fp8 = Golden.singleFileDir().resolve("files/qwen-tiny_fp8_e4m3fn.safetensors");
        CliRunner.Result r = CliRunner.inProcess("bench", "--width", "32", "--height", "32", "--steps", "2",
                "--transformer", fp8.toString(), "--lightning", "4", "--lightning-lora",
                LoraFixtures.lora("lightning_4step.safetensors").toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("single file:  " + fp8 + " (transformer, fp8 e4m3fn, 2 blocks of width 48), "
                + String.format(java.util.Locale.ROOT, "%.1f MiB", Files.size(fp8) / 1048576.0) + " on disk"),
                r.out());
        assertTrue(r.out().contains("LoRA lightning_4step.safetensors (runtime)"), r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "50 steps, cfg 4.0\\s+50\\s+100 .*\\n\\s+Lightning 4 steps, cfg 1\\s+4\\s+4 ").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(r.out().contains("speed-up: "), r.out());
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    /** {@code from} with one more metadata entry in its header: the same tensors, bytes no other file has. */
    private static Path uniqueCopy(Path from, Path to) throws Exception {
        byte[] b = Files.readAllBytes(from);
        long n = java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(b, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8).strip();
        String marked = header.replace("\"__metadata__\":{", "\"__metadata__\":{\"seedframe.test\":\"" + System.nanoTime()
                + "\",");
        assertNotEquals(header, marked);
        byte[] json = marked.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(json);
        for (int i = json.length; i < padded; i++) {
            out.write(' ');
        }
        out.write(b, 8 + (int) n, b.length - 8 - (int) n);
        return Files.write(to, out.toByteArray());
    }
}
