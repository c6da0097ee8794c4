package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.testing.FakeHub;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.ModelFixtures;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model picker's service over real folders: found models as plain values with what the picker may do, the
 * preferences' model folders searched and forgotten, a ComfyUI folder checked when added, downloads from a local Hub
 * with their progress and failures sorted for the window.
 */
class ModelLibraryTest {

    static final String COMPLETE = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String PARTIAL = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final ModelDiscovery.Budget HOST = new ModelDiscovery.Budget(8L << 30, false, "test host");

    @TempDir
    Path tmp;

    private ModelLibrary library(Path cache, URI endpoint) {
        return new ModelLibrary(List.of(cache), new ModelFolders(tmp.resolve("model-folders.txt")),
                new PreferencesStore(tmp.resolve("config")), new HubConfig(endpoint, null, null, cache,
                        Duration.ofSeconds(10), 2), () -> HOST);
    }

    @Test
    void foundModelsAreListedWithWhatThePickerMayDoWithThem() throws Exception {
        Path cache = tmp.resolve("hub");
        Path good = ModelFixtures.hubSnapshot(cache, "Qwen/Qwen-Image", COMPLETE, "main", Golden.tinyModel());
        Path half = ModelFixtures.hubSnapshot(cache, "Qwen/Qwen-Image-Edit", PARTIAL, "main", Golden.tinyEditModel());
        ModelFixtures.interrupt(half, "transformer/diffusion_pytorch_model-00002-of-00005.safetensors");
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        ModelFixtures.edit2511(mine.resolve("Qwen-Image-Edit-2511"));
        ModelFixtures.comfyUi(tmp.resolve("ComfyUI"));
        ModelLibrary lib = library(cache, HubConfig.DEFAULT_ENDPOINT);
        lib.addFolder(tmp.resolve("ComfyUI"), true);
        PreferencesStore prefs = new PreferencesStore(tmp.resolve("config"));
        prefs.save(Preferences.defaults().withFolders(List.of(mine), List.of(), null));

        StudioModelLibrary.Listing listing = lib.list();
        assertEquals("test host", listing.memoryFor());
        ListedModel q = listing.models().get(0);
        assertEquals("Qwen/Qwen-Image@main", q.name());
        assertEquals(good, q.path());
        assertEquals("Qwen-Image", q.model());
        assertTrue(q.loadable() && q.complete());
        assertEquals("resident", q.fit().memoryMode());
        assertNull(q.resume());

        ListedModel e = listing.models().get(1);
        assertFalse(e.loadable());
        assertEquals(new ListedModel.Resume("Qwen/Qwen-Image-Edit", "main"), e.resume());

        ListedModel e2511 = listing.models().stream().filter(m -> m.name().equals("Qwen-Image-Edit-2511")).findFirst()
                .orElseThrow();
        assertEquals(FoundModel.Origin.FOLDER, e2511.origin(), "a folder of the preferences is searched");
        assertNull(e2511.unsupported(), "the engine runs Edit-2511's zero_cond_t since the engine merge");
        assertTrue(e2511.loadable());

        ListedModel fp8 = listing.models().stream().filter(m -> m.name().endsWith("fp8_e4m3fn.safetensors"))
                .findFirst().orElseThrow();
        assertEquals("transformer", fp8.part());
        assertEquals("Qwen-Image-Edit-2509", fp8.model());
        Path comfy = tmp.resolve("ComfyUI").resolve("models");
        assertEquals(new ListedModel.Pairing(List.of(), comfy, null, null, true), fp8.pairing(),
                "an Edit-2509 file takes an Edit-2509 folder only: not the text encoder and VAE beside it, which"
                        + " would run it as Qwen-Image");
        assertFalse(fp8.loadable(), "no complete Edit-2509 folder: an Edit file nothing completes is not usable");
        ListedModel bf16 = listing.models().stream().filter(m -> m.name().equals("qwen_image_tiny_bf16.safetensors"))
                .findFirst().orElseThrow();
        assertEquals(List.of(good), bf16.pairing().folders(), "the complete Qwen-Image snapshot, not the Edit ones");
        for (String part : List.of("qwen_2.5_vl_tiny.safetensors", "qwen_image_vae_tiny.safetensors")) {
            ListedModel p = listing.models().stream().filter(m -> m.name().equals(part)).findFirst().orElseThrow();
            assertFalse(p.loadable(), part + " is a part of a pipeline only");
            assertNull(p.pairing());
        }

        List<StudioModelLibrary.Searched> kinds = listing.folders().stream().map(StudioModelLibrary.Folder::kind)
                .toList();
        assertEquals(List.of(StudioModelLibrary.Searched.HUB_CACHE, StudioModelLibrary.Searched.COMFYUI,
                StudioModelLibrary.Searched.PREFERENCES), kinds);

        lib.forgetFolder(mine);
        assertEquals(List.of(), prefs.load().preferences().modelFolders(), "forgotten from the preferences");
        lib.forgetFolder(tmp.resolve("ComfyUI"));
        assertEquals(List.of(StudioModelLibrary.Searched.HUB_CACHE), lib.list().folders().stream()
                .map(StudioModelLibrary.Folder::kind).toList());
        Failure notThere = assertThrows(Failure.class, () -> lib.forgetFolder(tmp.resolve("elsewhere")));
        assertTrue(notThere.getMessage().contains("is not among the folders you added"));
    }

    @Test
    void aFolderThatIsNotComfyUiOrDoesNotExistIsRefusedWithWhatToChoose() throws Exception {
        ModelLibrary lib = library(tmp.resolve("hub"), HubConfig.DEFAULT_ENDPOINT);
        Failure f = assertThrows(Failure.class, () -> lib.addFolder(Files.createDirectories(tmp.resolve("photos")),
                true));
        assertEquals(Failure.Kind.INVALID_INPUT, f.kind());
        assertTrue(f.getMessage().contains("is not a ComfyUI folder") && f.getMessage().contains("diffusion_models/"),
                f.getMessage());
        Failure missing = assertThrows(Failure.class, () -> lib.addFolder(tmp.resolve("nowhere"), false));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertTrue(lib.list().folders().isEmpty(), "nothing was remembered");
    }

    @Test
    void aDownloadReportsItsProgressAndItsFailuresAreSortedForTheWindow() throws Exception {
        Path cache = tmp.resolve("hub");
        try (FakeHub hub = new FakeHub(Golden.tinyModel(), "Qwen/Qwen-Image", COMPLETE, Map.of())) {
            ModelLibrary lib = library(cache, hub.endpoint());
            StudioModelLibrary.DownloadTarget t = lib.downloadTarget();
            assertTrue(t.mirror(), "another endpoint than huggingface.co");
            assertEquals(cache, t.cache());
            assertTrue(t.freeBytes() > 0);
            assertNull(t.tokenSource());

            List<TransferProgress> seen = new ArrayList<>();
            StudioModelLibrary.Downloaded d = lib.download("Qwen/Qwen-Image", "", seen::add, new CancellationToken());
            assertEquals(COMPLETE, d.commit());
            assertTrue(d.problems().isEmpty(), d.problems().toString());
            assertTrue(d.fetched() > 5);
            TransferProgress last = seen.get(seen.size() - 1);
            assertEquals(last.total(), last.done());
            assertEquals(last.files(), last.filesDone());
            assertTrue(lib.list().models().stream().anyMatch(m -> m.path().equals(d.snapshot()) && m.loadable()));

            Failure missing = assertThrows(Failure.class, () -> lib.download("Qwen/Nothing-Here", "main", p -> { },
                    new CancellationToken()));
            assertEquals(Failure.Kind.INVALID_INPUT, missing.kind());
            Failure bad = assertThrows(Failure.class, () -> lib.download("not a repo", "main", p -> { },
                    new CancellationToken()));
            assertEquals(Failure.Kind.INVALID_INPUT, bad.kind());
            hub.gate("hf_secret");
            Failure gated = assertThrows(Failure.class, () -> lib.download("Qwen/Qwen-Image", "main", p -> { },
                    new CancellationToken()));
            assertTrue(gated.getMessage().contains("HF_TOKEN"), gated.getMessage());
            CancellationToken cancelled = new CancellationToken();
            cancelled.cancel();
            hub.gate(null);
            Failure stop = assertThrows(Failure.class, () -> library(tmp.resolve("other-cache"), hub.endpoint())
                    .download("Qwen/Qwen-Image", "main", p -> { }, cancelled));
            assertEquals(Failure.Kind.CANCELLED, stop.kind());
        }
    }
}
