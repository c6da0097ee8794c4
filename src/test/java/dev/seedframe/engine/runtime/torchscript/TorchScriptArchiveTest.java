package dev.seedframe.engine.runtime.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.runtime.DjlRuntime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated TorchScript archive: its layout, its content address, and libtorch loading it. */
class TorchScriptArchiveTest {

    static final String SOURCE = """
            class Small(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              offset : float
              def forward(self: __torch__.test.Small, x: Tensor) -> Tensor:
                return torch.add(x, self.offset)
              def twice(self: __torch__.test.Small, x: Tensor) -> Tensor:
                return torch.mul(x, 2)
              def pair(self: __torch__.test.Small, x: Tensor, y: Tensor) -> Tuple[Tensor, Tensor]:
                return (torch.add(x, y), torch.sub(x, y))
            """;

    static TorchScriptArchive small() {
        return TorchScriptArchive.module("small", "__torch__.test.Small", SOURCE).withAttribute("offset", 0.5);
    }

    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void archiveHoldsTheRecordsLibtorchReadsUnderOneFolder() throws IOException {
        Map<String, byte[]> e = entries(small().bytes());
        assertEquals(List.of("small/data.pkl", "small/code/__torch__/test.py", "small/constants.pkl", "small/version"),
                new ArrayList<>(e.keySet()));
        assertEquals("10\n", new String(e.get("small/version"), StandardCharsets.US_ASCII));
        assertEquals(SOURCE, new String(e.get("small/code/__torch__/test.py"), StandardCharsets.UTF_8));
        assertArrayEquals(TorchScriptArchive.constantsPickle(), e.get("small/constants.pkl"));
        assertArrayEquals(small().dataPickle(), e.get("small/data.pkl"));
    }

    @Test
    void aClassDirectlyUnderTorchLivesInTorchDotPy() {
        assertEquals("code/__torch__.py", TorchScriptArchive.module("m", "__torch__.M", "").sourceRecord());
    }

    @Test
    void equalContentGivesEqualBytesAndADifferentSourceADifferentHash() {
        assertArrayEquals(small().bytes(), small().bytes());
        assertEquals(small().sha256(), small().sha256());
        TorchScriptArchive other = TorchScriptArchive.module("small", "__torch__.test.Small", SOURCE + "\n");
        assertNotEquals(small().sha256(), other.sha256());
    }

    @Test
    void archiveIsWrittenUnderItsContentHashAndReusedWhenIdentical(@TempDir Path cache) throws Exception {
        Path file = small().writeTo(cache);
        assertEquals("small-" + small().sha256().substring(0, 16), file.getParent().getFileName().toString());
        assertEquals("small.pt", file.getFileName().toString());
        assertArrayEquals(small().bytes(), Files.readAllBytes(file));

        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
        assertEquals(file, small().writeTo(cache));
        assertEquals(0, Files.getLastModifiedTime(file).toMillis(), "an identical file is not rewritten");

        Path other = TorchScriptArchive.module("small", "__torch__.test.Small", SOURCE + "\n")
                .withAttribute("offset", 0.5).writeTo(cache);
        assertNotEquals(file.getParent(), other.getParent());
        assertTrue(Files.exists(file), "a new version leaves the old one in place");
    }

    @Test
    void aDamagedCachedArchiveIsRewritten(@TempDir Path cache) throws Exception {
        Path file = small().writeTo(cache);
        Files.write(file, new byte[] {1, 2, 3});
        assertEquals(file, small().writeTo(cache));
        assertArrayEquals(small().bytes(), Files.readAllBytes(file));
    }

    @Test
    void libtorchLoadsTheArchiveAndRunsEveryMethod(@TempDir Path cache) throws Exception {
        try (ScriptModule m = small().load(cache);
                NDManager manager = DjlRuntime.newCpuManager()) {
            assertEquals(Set.of("forward", "twice", "pair"), m.methodNames());
            NDArray x = manager.create(new float[] {1, 2, 3});
            assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, m.call("forward", x).toFloatArray(),
                    "the pickled attribute reached the object");
            assertArrayEquals(new float[] {2, 4, 6}, m.call("twice", x).toFloatArray());
            var pair = m.callList("pair", x, manager.create(new float[] {1, 1, 1}));
            assertArrayEquals(new float[] {2, 3, 4}, pair.get(0).toFloatArray());
            assertArrayEquals(new float[] {0, 1, 2}, pair.get(1).toFloatArray());
        }
    }

    @Test
    void versionTenIsTheNewestLibtorchReads(@TempDir Path cache) throws Exception {
        Path dir = Files.createDirectories(cache.resolve("v11"));
        Files.write(dir.resolve("small.pt"), small().bytes(TorchScriptArchive.FILE_FORMAT_VERSION + 1));
        TorchScriptException e = assertThrows(TorchScriptException.class,
                () -> ScriptModule.load(dir.resolve("small.pt")));
        assertTrue(e.getMessage().contains("maximum supported version for reading is 10"), e.getMessage());
    }

    @Test
    void aTypoInTheSourceIsAnExceptionQuotingTheLineNotACrash(@TempDir Path cache) {
        TorchScriptArchive broken = TorchScriptArchive.module("broken", "__torch__.test.Broken", """
                class Broken(Module):
                  __parameters__ = []
                  training : bool
                  def forward(self: __torch__.test.Broken, x: Tensor) -> Tensor:
                    return torch.no_such_op(x)
                """);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> broken.load(cache));
        assertTrue(e.getMessage().contains("no_such_op"), e.getMessage());
    }

    @Test
    void aSourceThatDeclaresAnAttributeThePickleLacksIsRefused(@TempDir Path cache) {
        TorchScriptArchive missing = TorchScriptArchive.module("small", "__torch__.test.Small", SOURCE);
        assertThrows(TorchScriptException.class, () -> missing.load(cache));
    }

    @Test
    void callsNameTheMissingMethodAndTheMethodsThereAre(@TempDir Path cache) throws Exception {
        try (ScriptModule m = small().load(cache);
                NDManager manager = DjlRuntime.newCpuManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.call("thrice", manager.create(1f)));
            assertTrue(e.getMessage().contains("thrice") && e.getMessage().contains("twice"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.call("twice", 1.0));
            assertThrows(IllegalArgumentException.class, () -> m.call("twice", manager.create(1f), "text"));
        }
    }

    @Test
    void resultsAreOrdinaryTensorsThatAcceptInPlaceUpdates(@TempDir Path cache) throws Exception {
        try (ScriptModule m = small().load(cache);
                NDManager manager = DjlRuntime.newCpuManager()) {
            NDArray y = m.call("twice", manager.create(new float[] {1, 2}));
            NDArray view = y.reshape(2, 1);
            view.addi(1f);
            assertArrayEquals(new float[] {3, 5}, y.toFloatArray());
            assertEquals(manager, y.getManager());
        }
    }

    @Test
    void argumentNamesSurviveTheCall(@TempDir Path cache) throws Exception {
        try (ScriptModule m = small().load(cache);
                NDManager manager = DjlRuntime.newCpuManager()) {
            NDArray x = manager.create(new float[] {1, 2});
            x.setName("blocks.0.weight");
            assertArrayEquals(new float[] {2, 4}, m.call("twice", x).toFloatArray());
            assertEquals("blocks.0.weight", x.getName());
            assertNull(m.call("twice", x).getName());
            assertFalse(x.isReleased());
        }
    }

    @Test
    void invalidNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TorchScriptArchive.module("a b", "__torch__.A", ""));
        assertThrows(IllegalArgumentException.class, () -> TorchScriptArchive.module("a", "A", ""));
        assertThrows(IllegalArgumentException.class, () -> TorchScriptArchive.module("a", "__torch__.a-b.C", ""));
    }
}
