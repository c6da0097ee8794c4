package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.service.ParametersText;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TensorAssert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code seedframe generate} end to end on the embedded tiny model. */
class GenerateCommandTest {

    @TempDir
    Path tmp;

    static String[] argsFor(String caseName, Path out) {
        CaseArgs a = CaseArgs.of(caseName);
        List<String> args = new ArrayList<>(List.of("generate", "--model", Golden.tinyModel().toString(),
                "--prompt", a.prompt(), "--seed", Long.toString(a.seed()), "--steps", Integer.toString(a.steps()),
                "--cfg", Double.toString(a.cfg()), "--width", Integer.toString(a.width()), "--height",
                Integer.toString(a.height()), "--out", out.toString()));
        if (a.negativePrompt() != null) {
            args.add("--negative-prompt");
            args.add(a.negativePrompt());
        }
        return args.toArray(String[]::new);
    }

    @Tag("parity")
    @ParameterizedTest
    @ValueSource(strings = {"t2i_basic", "t2i_cfg", "t2i_chinese"})
    void theCliReproducesTheReferencePngWithinOneLevel(String caseName) throws Exception {
        Path out = tmp.resolve(caseName + ".png");
        CliRunner.Result r = CliRunner.inProcess(argsFor(caseName, out));
        assertEquals(0, r.exit(), r.toString());
        RgbImage got = ImageFiles.read(out).image();
        RgbImage expected = ImageFiles.read(Golden.caseDir(caseName).resolve("output.png")).image();
        assertEquals(expected.width(), got.width());
        int worst = 0;
        byte[] e = expected.rgb();
        byte[] g = got.rgb();
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs((e[i] & 0xff) - (g[i] & 0xff)));
        }
        assertTrue(worst <= 1, caseName + ": a pixel differs by " + worst + " levels");
        try (SafetensorsFile ref = Golden.caseReference(caseName)) {
            assertEquals(TensorAssert.longs(ref, "output_png_uint8").length, g.length);
        }
    }

    @Test
    void weightsHoldingNaNGiveAClearFailureInsteadOfABlackImage() throws Exception {
        Path model = tmp.resolve("nan-model");
        Path src = Golden.tinyModel();
        try (var files = Files.walk(src)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = model.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to); // follows links: a real copy
                }
            }
        }
        Path shard = null;
        long at = 0;
        long length = 0;
        try (var dir = Files.list(model.resolve("transformer"))) {
            for (Path f : (Iterable<Path>) dir::iterator) {
                if (!f.toString().endsWith(".safetensors")) {
                    continue;
                }
                try (SafetensorsFile sf = SafetensorsFile.open(f)) {
                    var t = sf.tensors().get("proj_out.bias");
                    if (t != null) {
                        shard = f;
                        at = t.begin();
                        length = t.length();
                    }
                }
            }
        }
        assertTrue(shard != null, "proj_out.bias found");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(shard.toFile(), "rw")) {
            raf.seek(at);
            for (long i = 0; i < length; i += 4) {
                raf.write(new byte[] {0, 0, (byte) 0xc0, 0x7f}); // float NaN, little-endian
            }
        }
        Path out = tmp.resolve("nan.png");
        CliRunner.Result r = CliRunner.inProcess("generate", "--model", model.toString(), "--prompt", "x",
                "--steps", "2", "--width", "32", "--height", "32", "--out", out.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("non-finite values (NaN or infinity)"), r.err());
        assertFalse(Files.exists(out), "no black image written");
    }

    @Test
    void aMistypedOptionGetsItsMessageAndAPointerToHelpNotTheWholeUsage() {
        CliRunner.Result r = CliRunner.inProcess("generate", "--prompt", "x", "--width", "abc", "--out",
                tmp.resolve("p.png").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("--width"), r.err());
        assertTrue(r.err().contains("(the options: seedframe generate --help)"), r.err());
        assertTrue(r.err().lines().count() <= 4, r.err());
        r = CliRunner.inProcess("generate", "--promt", "x", "--out", tmp.resolve("p.png").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--prompt"), "a suggestion for the typo: " + r.err());
    }

    @Test
    void cutPromptsAreSaidForThePromptAndTheNegativePrompt() {
        CliRunner.Result r = CliRunner.inProcess("generate", "--prompt", "a very long prompt about a lighthouse at"
                + " dusk with gulls and waves", "--negative-prompt", "blurry, low quality, watermark, text, extra"
                + " fingers, jpeg artefacts", "--max-sequence-length", "4", "--cfg", "2", "--steps", "2",
                "--width", "32", "--height", "32", "--seed", "1", "--out", tmp.resolve("cut.png").toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("note: The prompt is ") && r.err().contains("were cut (max sequence length 4)"),
                r.err());
        assertTrue(r.err().contains("note: The negative prompt is "), r.err());
    }

    @Test
    void thePngCarriesTheFullRequest() throws Exception {
        Path out = tmp.resolve("meta.png");
        CliRunner.Result r = CliRunner.inProcess(argsFor("t2i_cfg", out));
        assertEquals(0, r.exit(), r.toString());
        var text = ImageFiles.read(out).text();
        ParametersText.Parsed p = ParametersText.parse(text.get("parameters"));
        assertEquals("A red circle on a blue background", p.prompt());
        assertEquals("", p.negativePrompt());
        assertEquals(42L, p.seed());
        assertEquals(4, p.steps());
        assertEquals(4.0, p.cfg());
        assertEquals(32, p.width());
        assertEquals(32, p.height());
        assertEquals("qwen-image-tiny", p.other().get("Model"));
        assertTrue(p.other().get("Version").startsWith("Seedframe "), p.other().toString());
        assertTrue(text.get("seedframe.engine").contains("DJL 0.35.1"), text.get("seedframe.engine"));
        assertTrue(text.get("seedframe.engine").contains("libtorch 2.7.1"), text.get("seedframe.engine"));
    }

    @Test
    void theSameCommandTwiceGivesIdenticalPixelsAndAnotherSeedDoesNot() throws Exception {
        String[] base = {"generate", "--prompt", "a lighthouse at dusk", "--steps", "3", "--width", "64",
                "--height", "48", "--cfg", "1"};
        RgbImage a = run(base, "--seed", "7", "--out", tmp.resolve("a.png").toString());
        RgbImage b = run(base, "--seed", "7", "--out", tmp.resolve("b.png").toString());
        RgbImage c = run(base, "--seed", "8", "--out", tmp.resolve("c.png").toString());
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    private RgbImage run(String[] base, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(base));
        args.addAll(List.of(more));
        CliRunner.Result r = CliRunner.inProcess(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        return ImageFiles.read(Path.of(more[more.length - 1])).image();
    }

    @Test
    void progressGoesToStderrAndARandomSeedIsAnnounced() {
        Path out = tmp.resolve("r.png");
        CliRunner.Result r = CliRunner.inProcess("generate", "--prompt", "fog", "--steps", "2", "--width", "32",
                "--height", "32", "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("step 2/2"), r.err());
        assertTrue(r.err().contains("(random; pass --seed"), r.err());
        assertTrue(r.out().contains("wrote " + out), r.out());
        assertTrue(Files.exists(out));
    }

    static void assertFailsClearly(CliRunner.Result r, int exit, String message) {
        assertEquals(exit, r.exit(), r.toString());
        assertTrue(r.err().contains(message), "expected '" + message + "' in:\n" + r.err());
        assertFalse(r.err().contains("\tat "), "a stack trace was printed:\n" + r.err());
        assertFalse(r.err().contains("Exception"), "an exception name was printed:\n" + r.err());
    }

    @Test
    void aSizeThatIsNotAMultipleNamesTheMultiple() {
        assertFailsClearly(CliRunner.inProcess("generate", "--prompt", "x", "--width", "36", "--height", "32",
                "--out", tmp.resolve("x.png").toString()), 2, "The width 36 is not a multiple of 8");
    }

    @Test
    void anEmptyPromptIsRefused() {
        assertFailsClearly(CliRunner.inProcess("generate", "--prompt", "  ", "--out", tmp.resolve("x.png").toString()),
                2, "The prompt is empty");
    }

    @Test
    void negativeAndNonNumericSeedsAreRefused() {
        assertFailsClearly(CliRunner.inProcess("generate", "--prompt", "x", "--seed", "-3", "--out",
                tmp.resolve("x.png").toString()), 2, "'-3' is negative");
        assertFailsClearly(CliRunner.inProcess("generate", "--prompt", "x", "--seed", "abc", "--out",
                tmp.resolve("x.png").toString()), 2, "'abc' is not a seed");
    }

    @Test
    void anUnwritableOutputIsRefusedBeforeAnyWork() {
        assertFailsClearly(CliRunner.inProcess("generate", "--prompt", "x", "--out",
                tmp.resolve("missing").resolve("x.png").toString()), 2, "does not exist");
        assertFailsClearly(CliRunner.inProcess("generate", "--prompt", "x", "--out", tmp.toString()), 2,
                "must name a .png file");
    }

    @Test
    void aFolderThatIsNotAPipelineIsExplained() {
        assertFailsClearly(CliRunner.inProcess("generate", "--model", tmp.toString(), "--prompt", "x", "--out",
                tmp.resolve("x.png").toString()), 1, "is not a diffusers pipeline folder");
    }

    @Test
    void aMissingShardIsNamed() throws Exception {
        Path copy = tmp.resolve("model");
        copyTree(Golden.tinyModel(), copy);
        Files.delete(copy.resolve("transformer/diffusion_pytorch_model-00003-of-00005.safetensors"));
        assertFailsClearly(CliRunner.inProcess("generate", "--model", copy.toString(), "--prompt", "x", "--out",
                tmp.resolve("x.png").toString()), 1, "diffusion_pytorch_model-00003-of-00005.safetensors");
    }

    @Test
    void aGpuRequestWithoutAUsableGpuFallsBackToTheCpuSayingWhy() {
        // this machine has no CUDA libtorch: the run must say so and still produce the image on the CPU
        CliRunner.Result r = CliRunner.inProcess("generate", "--prompt", "x", "--device", "gpu", "--steps", "2",
                "--width", "32", "--height", "32", "--seed", "1", "--out", tmp.resolve("x.png").toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("warning: --device cuda:0 is not usable, running on the CPU instead: the libtorch"
                + " in use is a CPU build"), r.err());
        assertTrue(Files.exists(tmp.resolve("x.png")));
    }

    @Test
    void unknownDeviceAndMemoryModeAreExplained() {
        assertFailsClearly(CliRunner.inProcess("generate", "--prompt", "x", "--device", "cuda:x", "--out",
                tmp.resolve("x.png").toString()), 2, "use auto, cpu, gpu or cuda:N");
        assertFailsClearly(CliRunner.inProcess("generate", "--prompt", "x", "--memory-mode", "tiny", "--out",
                tmp.resolve("x.png").toString()), 2, "use resident, offload-text-encoder, stream-blocks or int8");
        assertFailsClearly(CliRunner.inProcess("generate", "--prompt", "x", "--precision", "fp8", "--out",
                tmp.resolve("x.png").toString()), 2, "use f32 or bf16");
    }

    static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
