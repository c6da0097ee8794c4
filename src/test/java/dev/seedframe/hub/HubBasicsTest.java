package dev.seedframe.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hub's environment variables, cache names, metadata checks and the progress meter. */
class HubBasicsTest {

    @TempDir
    Path tmp;

    @Test
    void theEnvironmentIsReadAsHuggingfaceHubReadsIt() throws Exception {
        Path home = tmp.resolve("home");
        HubConfig none = HubConfig.fromEnvironment(Map.of(), home);
        assertEquals(HubConfig.DEFAULT_ENDPOINT, none.endpoint());
        assertEquals(home.resolve(".cache/huggingface/hub").toAbsolutePath(), none.cache());
        assertNull(none.token());

        Path hfHome = tmp.resolve("hf-home");
        Files.createDirectories(hfHome);
        Files.writeString(hfHome.resolve("token"), "hf_fromfile\n");
        HubConfig fromFile = HubConfig.fromEnvironment(Map.of("HF_HOME", hfHome.toString(),
                "HF_ENDPOINT", "https://hf-mirror.com/"), home);
        assertEquals("hf_fromfile", fromFile.token());
        assertEquals(hfHome.resolve("token").toString(), fromFile.tokenSource());
        assertEquals(URI.create("https://hf-mirror.com"), fromFile.endpoint(), "trailing slash dropped");
        assertEquals(hfHome.resolve("hub").toAbsolutePath(), fromFile.cache());
        assertFalse(fromFile.toString().contains("hf_fromfile"), "the token is never printed");

        HubConfig env = HubConfig.fromEnvironment(Map.of("HF_HOME", hfHome.toString(), "HF_TOKEN", "hf_env",
                "HF_HUB_CACHE", tmp.resolve("c").toString()), home);
        assertEquals("hf_env", env.token());
        assertEquals("HF_TOKEN", env.tokenSource());
        assertEquals(tmp.resolve("c").toAbsolutePath(), env.cache());
        assertEquals(List.of(tmp.resolve("c"), hfHome.resolve("hub"), home.resolve(".cache/huggingface/hub")),
                HubConfig.cacheRoots(Map.of("HF_HOME", hfHome.toString(), "HF_HUB_CACHE", tmp.resolve("c").toString()),
                        home).stream().map(p -> tmp.relativize(p)).map(tmp::resolve).toList());
        assertEquals(tmp.resolve("x/huggingface/hub").toAbsolutePath(), HubConfig.fromEnvironment(
                Map.of("XDG_CACHE_HOME", tmp.resolve("x").toString()), home).cache());
    }

    @Test
    void cacheNamesAndSnapshotsAreReadFromPaths() {
        assertEquals("models--Qwen--Qwen-Image-Edit-2509", HfCache.folderName("Qwen/Qwen-Image-Edit-2509"));
        assertEquals(Optional.of("Qwen/Qwen-Image-Edit-2509"), HfCache.repoIdOf("models--Qwen--Qwen-Image-Edit-2509"));
        assertEquals(Optional.empty(), HfCache.repoIdOf("datasets--a--b"));
        assertEquals(Optional.empty(), HfCache.repoIdOf("models--nameonly"));
        String commit = "75e0b4be04f60ec59a75f475837eced720f823b6";
        Path snap = tmp.resolve("hub/models--Qwen--Qwen-Image/snapshots/" + commit);
        HfCache.SnapshotRef r = HfCache.locate(snap.resolve("transformer")).orElseThrow();
        assertEquals("Qwen/Qwen-Image", r.repoId());
        assertEquals(commit, r.commit());
        assertEquals(snap, r.snapshot());
        assertEquals(tmp.resolve("hub"), r.root());
        assertTrue(HfCache.locate(tmp.resolve("hub/models--Qwen--Qwen-Image/snapshots/main")).isEmpty());
        assertTrue(HfCache.locate(tmp).isEmpty());
    }

    @Test
    void metadataThatWouldWriteOutsideTheCacheIsRefused() {
        String good = "{\"sha\":\"" + "a".repeat(40) + "\",\"siblings\":[{\"rfilename\":\"vae/config.json\",\"size\":3,"
                + "\"blobId\":\"" + "b".repeat(40) + "\"}]}";
        assertEquals(1, assertDoesNotThrow(good).files().size());
        for (String name : List.of("../evil", "/etc/passwd", "vae/../../x", "C:\\x", "a//b", "vae\\\\x")) {
            String bad = good.replace("vae/config.json", name);
            HubException e = assertThrows(HubException.class, () -> RepoInfo.parse("o/n", bad), name);
            assertEquals(HubException.Kind.SERVER, e.kind());
        }
        assertThrows(HubException.class, () -> RepoInfo.parse("o/n", good.replace("a".repeat(40), "main")));
        assertThrows(HubException.class, () -> RepoInfo.parse("o/n", good.replace("b".repeat(40), "../../x")));
        assertThrows(HubException.class, () -> RepoInfo.parse("o/n", "<html>mirror login page</html>"));
        for (String id : List.of("Qwen", "Qwen/Qwen-Image/x", "../x", "a/b--c", "")) {
            assertThrows(HubException.class, () -> HubClient.checkRepoId(id), id);
        }
    }

    private static RepoInfo assertDoesNotThrow(String json) {
        try {
            return RepoInfo.parse("o/n", json);
        } catch (HubException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void theMeterGivesRateAndTimeLeftOverTheLastSeconds() {
        AtomicLong now = new AtomicLong();
        TransferMeter m = new TransferMeter(now::get);
        m.planned(2, 100_000_000, 20_000_000);
        TransferMeter.Progress p0 = m.progress();
        assertEquals(20_000_000, p0.done());
        assertEquals(120_000_000, p0.total());
        assertEquals(-1, p0.secondsLeft(), "no rate yet");
        for (int s = 1; s <= 10; s++) {
            now.set(s * 1_000_000_000L);
            m.bytes(5_000_000);
        }
        TransferMeter.Progress p = m.progress();
        assertEquals(70_000_000, p.done());
        assertEquals(5_000_000, p.bytesPerSecond(), 1);
        assertEquals(10, p.secondsLeft());
        assertEquals(70_000_000 / 120_000_000.0, p.fraction(), 1e-9);
    }
}
