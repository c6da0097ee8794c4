package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.FakeHub;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.ModelFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seedframe download} and {@code seedframe models} through the real command line. */
@Tag("e2e")
class ModelsCliTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    @Test
    void downloadThenListThenGenerateFromTheSnapshot() throws Exception {
        Path cache = tmp.resolve("hf");
        try (FakeHub hub = new FakeHub(Golden.tinyModel(), "Qwen/Qwen-Image", COMMIT, Map.of())) {
            CliRunner.Result r = CliRunner.inProcess("download", "Qwen/Qwen-Image", "--endpoint",
                    hub.endpoint().toString(), "--cache", cache.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("downloaded Qwen/Qwen-Image at commit " + COMMIT), r.out());
            assertTrue(r.out().contains("Qwen-Image, f32,") && r.out().contains("complete"), r.out());
            assertTrue(r.err().contains("file(s) to fetch") && r.err().contains("fetching transformer/"), r.err());
            CliRunner.Result again = CliRunner.inProcess("download", "Qwen/Qwen-Image", "--endpoint",
                    hub.endpoint().toString(), "--cache", cache.toString());
            assertTrue(again.out().startsWith("already downloaded"), again.out());
            CliRunner.Result missing = CliRunner.inProcess("download", "Qwen/Nope", "--endpoint",
                    hub.endpoint().toString(), "--cache", cache.toString());
            assertEquals(2, missing.exit(), missing.toString());
            assertTrue(missing.err().contains("\nerror: Qwen/Nope") && !missing.err().contains("Exception"),
                    missing.err());
        }
        CliRunner.Result list = CliRunner.inProcess("models", "--hub-cache", cache.toString());
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains("Qwen/Qwen-Image@main  [Hugging Face cache]"), list.out());
        assertTrue(list.out().contains("runs here: --memory-mode resident"), list.out());
        Path snapshot = cache.resolve("models--Qwen--Qwen-Image/snapshots/" + COMMIT);
        Path png = tmp.resolve("out.png");
        CliRunner.Result gen = CliRunner.inProcess("generate", "--model", snapshot.toString(), "--prompt", "a cat",
                "--seed", "1", "--steps", "2", "--width", "32", "--height", "32", "--out", png.toString());
        assertEquals(0, gen.exit(), gen.toString());
        assertTrue(Files.size(png) > 0);
    }

    @Test
    void modelsListsComfyUiFilesAndRemembersFolders() throws Exception {
        ModelFixtures.comfyUi(tmp.resolve("ComfyUI"));
        Path empty = Files.createDirectories(tmp.resolve("empty-cache"));
        CliRunner.Result none = CliRunner.inProcess("models", "--hub-cache", empty.toString());
        assertEquals(0, none.exit());
        assertTrue(none.out().contains("No Qwen-Image model found") || none.out().contains("[folder]")
                || none.out().contains("[ComfyUI]"), none.out());
        try {
            CliRunner.Result added = CliRunner.inProcess("models", "--hub-cache", empty.toString(), "--add-comfyui",
                    tmp.resolve("ComfyUI").toString());
            assertEquals(0, added.exit(), added.toString());
            assertTrue(added.out().contains("added ComfyUI folder"), added.out());
            assertTrue(added.out().contains("qwen_image_tiny_fp8_scaled.safetensors  [ComfyUI]"), added.out());
            assertTrue(added.out().contains("transformer single file, fp8 e4m3fn scaled"), added.out());
            assertTrue(added.out().contains("text encoder single file, f32"), added.out());
            assertTrue(added.out().contains("keys model.diffusion_model.; runs with --transformer FILE"), added.out());
            assertFalse(added.out().contains("comes later"), added.out());
            assertFalse(added.out().contains("sdxl"), added.out());
            // remembered for the next run
            assertTrue(CliRunner.inProcess("models", "--hub-cache", empty.toString()).out()
                    .contains("qwen_image_vae_tiny.safetensors  [ComfyUI]"));
        } finally {
            CliRunner.inProcess("models", "--hub-cache", empty.toString(), "--forget", tmp.resolve("ComfyUI").toString());
        }
        CliRunner.Result bad = CliRunner.inProcess("models", "--add-folder", tmp.resolve("nope").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("does not exist"), bad.err());
    }
}
